// Cell values: what USER_ENTERED and RAW store, and how a stored value is rendered under
// FORMATTED_VALUE, UNFORMATTED_VALUE and FORMULA (dates as serial numbers, like Google).

export type ExtendedValue =
  | { stringValue: string }
  | { numberValue: number }
  | { boolValue: boolean }
  | { formulaValue: string }
  | { errorValue: { type: string; message: string } };

/** How a number is shown; `undefined` is Google's "automatic" format. */
export interface NumberFormat {
  type: "NUMBER" | "DATE" | "DATE_TIME" | "TIME" | "PERCENT" | "TEXT";
  pattern: string;
}

export interface StoredInput {
  value?: ExtendedValue;
  numberFormat?: NumberFormat;
}

export type Computed = number | string | boolean | { error: string };

// Google Sheets counts days from 1899-12-30 (Lotus 1-2-3 compatible).
const EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

export function dateToSerial(year: number, month: number, day: number, seconds = 0): number {
  return (Date.UTC(year, month - 1, day) - EPOCH_MS) / DAY_MS + seconds / 86_400;
}

export function serialToParts(serial: number): { y: number; m: number; d: number; hh: number; mm: number; ss: number } {
  const ms = Math.round(serial * DAY_MS) + EPOCH_MS;
  const dt = new Date(ms);
  return {
    y: dt.getUTCFullYear(),
    m: dt.getUTCMonth() + 1,
    d: dt.getUTCDate(),
    hh: dt.getUTCHours(),
    mm: dt.getUTCMinutes(),
    ss: dt.getUTCSeconds(),
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PERCENT = /^([+-]?(\d+\.?\d*|\.\d+))%$/;

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function dateInput(y: number, m: number, d: number, time: string[] | undefined, datePattern: string): StoredInput | undefined {
  if (!validDate(y, m, d)) return undefined;
  const [hh, mi, ss] = (time ?? []).map((t) => (t === undefined ? 0 : Number(t)));
  if (time && time[0] !== undefined) {
    const seconds = (hh ?? 0) * 3600 + (mi ?? 0) * 60 + (ss ?? 0);
    return {
      value: { numberValue: dateToSerial(y, m, d, seconds) },
      numberFormat: { type: "DATE_TIME", pattern: `${datePattern} H:mm:ss` },
    };
  }
  return { value: { numberValue: dateToSerial(y, m, d) }, numberFormat: { type: "DATE", pattern: datePattern } };
}

/** What Google stores when a person (or USER_ENTERED) types `input` into a cell. */
export function parseUserEntered(input: unknown): StoredInput {
  if (input === null || input === undefined) return {};
  if (typeof input === "number") return { value: { numberValue: input } };
  if (typeof input === "boolean") return { value: { boolValue: input } };
  const text = String(input);
  if (text === "") return {};
  if (text.startsWith("=") && text.length > 1) return { value: { formulaValue: text } };
  if (text.startsWith("'")) return { value: { stringValue: text.slice(1) } };
  const trimmed = text.trim();
  if (/^(true|false)$/i.test(trimmed)) return { value: { boolValue: trimmed.toLowerCase() === "true" } };
  if (PLAIN_NUMBER.test(trimmed)) return { value: { numberValue: Number(trimmed) } };
  if (GROUPED_NUMBER.test(trimmed)) {
    const decimals = (trimmed.split(".")[1] ?? "").length;
    return {
      value: { numberValue: Number(trimmed.replaceAll(",", "")) },
      numberFormat: { type: "NUMBER", pattern: decimals > 0 ? `#,##0.${"0".repeat(decimals)}` : "#,##0" },
    };
  }
  const pct = PERCENT.exec(trimmed);
  if (pct) {
    const decimals = (pct[1]!.split(".")[1] ?? "").length;
    return {
      value: { numberValue: Number(pct[1]) / 100 },
      numberFormat: { type: "PERCENT", pattern: decimals > 0 ? `0.${"0".repeat(decimals)}%` : "0%" },
    };
  }
  const iso = ISO_DATE.exec(trimmed);
  if (iso) {
    const parsed = dateInput(Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4] ? [iso[4], iso[5]!, iso[6]!] : undefined, "yyyy-mm-dd");
    if (parsed) return parsed;
  }
  const us = US_DATE.exec(trimmed);
  if (us) {
    const parsed = dateInput(Number(us[3]), Number(us[1]), Number(us[2]), us[4] ? [us[4], us[5]!, us[6]!] : undefined, "M/d/yyyy");
    if (parsed) return parsed;
  }
  return { value: { stringValue: text } };
}

/** RAW keeps strings as strings: "0042" and "=1+1" are text. */
export function parseRaw(input: unknown): StoredInput {
  if (input === null || input === undefined) return {};
  if (typeof input === "number") return { value: { numberValue: input } };
  if (typeof input === "boolean") return { value: { boolValue: input } };
  const text = String(input);
  if (text === "") return {};
  return { value: { stringValue: text } };
}

/** Google's "automatic" number display: at most 10 decimals, no trailing zeros. */
export function formatGeneralNumber(n: number): string {
  if (!Number.isFinite(n)) return "#NUM!";
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  if (Math.abs(n) >= 1e15 || (Math.abs(n) < 1e-10 && n !== 0)) return n.toExponential(2).toUpperCase().replace("E+", "E+");
  const rounded = Number(n.toFixed(10));
  return String(rounded);
}

function formatWithPattern(n: number, format: NumberFormat): string {
  switch (format.type) {
    case "DATE":
    case "DATE_TIME":
    case "TIME": {
      const p = serialToParts(n);
      const date = format.pattern.startsWith("M/d/yyyy") ? `${p.m}/${p.d}/${p.y}` : `${p.y}-${pad(p.m)}-${pad(p.d)}`;
      if (format.type === "DATE") return date;
      const time = `${p.hh}:${pad(p.mm)}:${pad(p.ss)}`;
      return format.type === "TIME" ? time : `${date} ${time}`;
    }
    case "PERCENT": {
      const decimals = (format.pattern.split(".")[1] ?? "").replace("%", "").length;
      return `${(n * 100).toFixed(decimals)}%`;
    }
    case "NUMBER": {
      const decimals = (format.pattern.split(".")[1] ?? "").length;
      return n.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    }
    case "TEXT":
      return formatGeneralNumber(n);
  }
}

export function formatComputed(value: Computed, format: NumberFormat | undefined): string {
  if (typeof value === "number") return format ? formatWithPattern(value, format) : formatGeneralNumber(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  return value.error;
}

export type ValueRenderOption = "FORMATTED_VALUE" | "UNFORMATTED_VALUE" | "FORMULA";
export type DateTimeRenderOption = "SERIAL_NUMBER" | "FORMATTED_STRING";

/** One cell as values.get returns it; "" for an empty cell (trimmed later). */
export function renderCell(
  input: StoredInput,
  computed: Computed | undefined,
  render: ValueRenderOption,
  dateTime: DateTimeRenderOption,
): string | number | boolean {
  if (!input.value || computed === undefined) return "";
  if (render === "FORMULA" && "formulaValue" in input.value) return input.value.formulaValue;
  if (render === "FORMATTED_VALUE") return formatComputed(computed, input.numberFormat);
  if (typeof computed === "object") return computed.error;
  const isDate = input.numberFormat?.type === "DATE" || input.numberFormat?.type === "DATE_TIME" || input.numberFormat?.type === "TIME";
  if (typeof computed === "number" && isDate && dateTime === "FORMATTED_STRING") return formatComputed(computed, input.numberFormat);
  return computed;
}
