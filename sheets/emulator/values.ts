// Cell values: what USER_ENTERED and RAW store, and how a stored value is rendered under
// FORMATTED_VALUE, UNFORMATTED_VALUE and FORMULA (dates as serial numbers, like Google).
// Typed input and formatted output follow the spreadsheet's locale (see locale.ts).
import { localeSpec, type LocaleSpec } from "./locale.js";
import { formatByPattern } from "./numberFormat.js";
import { dateToSerial } from "./serial.js";

export { dateToSerial, serialToParts } from "./serial.js";

export type ExtendedValue =
  | { stringValue: string }
  | { numberValue: number }
  | { boolValue: boolean }
  | { formulaValue: string }
  | { errorValue: { type: string; message: string } };

/** How a number is shown; `undefined` is Google's "automatic" format. */
export interface NumberFormat {
  type: "NUMBER" | "DATE" | "DATE_TIME" | "TIME" | "PERCENT" | "TEXT" | "CURRENCY" | "SCIENTIFIC";
  pattern: string;
}

export interface StoredInput {
  value?: ExtendedValue;
  numberFormat?: NumberFormat;
}

/** A formula error carries Google's code ("#DIV/0!") and, when known, Google's message. */
export type Computed = number | string | boolean | { error: string; message?: string };

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/;
const escape = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function numberPatterns(loc: LocaleSpec): { plain: RegExp; grouped: RegExp; percent: RegExp } {
  const d = escape(loc.decimal);
  const g = escape(loc.group);
  return {
    plain: new RegExp(`^[+-]?(\\d+${d}?\\d*|${d}\\d+)(e[+-]?\\d+)?$`, "i"),
    grouped: new RegExp(`^[+-]?\\d{1,3}(${g}\\d{3})+(${d}\\d+)?$`),
    percent: new RegExp(`^([+-]?(\\d+${d}?\\d*|${d}\\d+))%$`),
  };
}

/** "1.500,25" in id_ID -> 1500.25: drops group separators, reads the decimal separator as ".". */
function toNumber(text: string, loc: LocaleSpec): number {
  return Number(text.split(loc.group).join("").replace(loc.decimal, "."));
}

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

/**
 * What Google stores when a person (or USER_ENTERED) types `input` into a cell of a
 * spreadsheet in `locale`: in id_ID "1.500" is 1500, "1,5" is 1.5 and "03/04/2026" is
 * 3 April 2026; in en_US "1,500" is 1500 and "03/04/2026" is 4 March.
 */
export function parseUserEntered(input: unknown, locale?: string): StoredInput {
  if (input === null || input === undefined) return {};
  if (typeof input === "number") return { value: { numberValue: input } };
  if (typeof input === "boolean") return { value: { boolValue: input } };
  const text = String(input);
  if (text === "") return {};
  if (text.startsWith("=") && text.length > 1) return { value: { formulaValue: text } };
  if (text.startsWith("'")) return { value: { stringValue: text.slice(1) } };
  const loc = localeSpec(locale);
  const { plain, grouped, percent } = numberPatterns(loc);
  const trimmed = text.trim();
  if (/^(true|false)$/i.test(trimmed)) return { value: { boolValue: trimmed.toLowerCase() === "true" } };
  if (plain.test(trimmed)) return { value: { numberValue: toNumber(trimmed, loc) } };
  if (grouped.test(trimmed)) {
    const decimals = (trimmed.split(loc.decimal)[1] ?? "").length;
    return {
      value: { numberValue: toNumber(trimmed, loc) },
      numberFormat: { type: "NUMBER", pattern: decimals > 0 ? `#,##0.${"0".repeat(decimals)}` : "#,##0" },
    };
  }
  const pct = percent.exec(trimmed);
  if (pct) {
    const decimals = (pct[1]!.split(loc.decimal)[1] ?? "").length;
    return {
      value: { numberValue: toNumber(pct[1]!, loc) / 100 },
      numberFormat: { type: "PERCENT", pattern: decimals > 0 ? `0.${"0".repeat(decimals)}%` : "0%" },
    };
  }
  // An amount typed with the locale's currency symbol is a number shown as currency. The
  // pattern given to the cell is the emulator's choice (Google's is not confirmed).
  const symbol = loc.currencySymbol;
  const money = new RegExp(`^(-?)${escape(symbol)} ?(.+)$`).exec(trimmed);
  if (money && (plain.test(money[2]!) || grouped.test(money[2]!)) && !/^[+-]/.test(money[2]!)) {
    const amount = toNumber(money[2]!, loc) * (money[1] ? -1 : 1);
    const decimals = (money[2]!.split(loc.decimal)[1] ?? "").length;
    return {
      value: { numberValue: amount },
      numberFormat: { type: "CURRENCY", pattern: `"${symbol}"#,##0${decimals > 0 ? `.${"0".repeat(decimals)}` : ""}` },
    };
  }
  const iso = ISO_DATE.exec(trimmed);
  if (iso) {
    const parsed = dateInput(Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4] ? [iso[4], iso[5]!, iso[6]!] : undefined, "yyyy-mm-dd");
    if (parsed) return parsed;
  }
  const slash = SLASH_DATE.exec(trimmed);
  if (slash) {
    const [first, second] = [Number(slash[1]), Number(slash[2])];
    const [month, day] = loc.dateOrder === "MDY" ? [first, second] : [second, first];
    const parsed = dateInput(Number(slash[3]), month, day, slash[4] ? [slash[4], slash[5]!, slash[6]!] : undefined, loc.datePattern);
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
export function formatGeneralNumber(n: number, locale?: string): string {
  if (!Number.isFinite(n)) return "#NUM!";
  const loc = localeSpec(locale);
  let text: string;
  if (Number.isInteger(n) && Math.abs(n) < 1e15) text = String(n);
  else if (Math.abs(n) >= 1e15 || (Math.abs(n) < 1e-10 && n !== 0)) text = n.toExponential(2).toUpperCase();
  else text = String(Number(n.toFixed(10)));
  return loc.decimal === "." ? text : text.replace(".", loc.decimal);
}

// The pattern Google uses for a type given without one ("If you omit pattern, Sheets uses the
// default format pattern for the specified type based on the spreadsheet's locale",
// guides/formats). The defaults other than CURRENCY's are the emulator's choice.
function defaultPattern(type: NumberFormat["type"], loc: LocaleSpec): string {
  switch (type) {
    case "NUMBER":
      return "#,##0.00";
    case "PERCENT":
      return "0.00%";
    case "CURRENCY":
      return loc.currencyPattern;
    case "SCIENTIFIC":
      return "0.00E+00";
    case "DATE":
      return loc.datePattern;
    case "TIME":
      return "h:mm:ss am/pm";
    case "DATE_TIME":
      return loc.dateTimePattern;
    case "TEXT":
      return "";
  }
}

function formatWithPattern(n: number, format: NumberFormat, locale?: string): string {
  if (format.type === "TEXT") return formatGeneralNumber(n, locale);
  const loc = localeSpec(locale);
  return formatByPattern(n, format.pattern || defaultPattern(format.type, loc), loc);
}

export function formatComputed(value: Computed, format: NumberFormat | undefined, locale?: string): string {
  if (typeof value === "number") return format ? formatWithPattern(value, format, locale) : formatGeneralNumber(value, locale);
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
  locale?: string,
): string | number | boolean {
  if (!input.value || computed === undefined) return "";
  if (render === "FORMULA" && "formulaValue" in input.value) return input.value.formulaValue;
  if (render === "FORMATTED_VALUE") return formatComputed(computed, input.numberFormat, locale);
  if (typeof computed === "object") return computed.error;
  const isDate = input.numberFormat?.type === "DATE" || input.numberFormat?.type === "DATE_TIME" || input.numberFormat?.type === "TIME";
  if (typeof computed === "number" && isDate && dateTime === "FORMATTED_STRING") return formatComputed(computed, input.numberFormat, locale);
  return computed;
}
