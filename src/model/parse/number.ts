// Amounts and counts as staff write them: "Rp 1.500.000,-", "Rp1,5 juta", "1500000,5", "Rp 2 M"
// (miliar, as in Indonesian budgets). A separator followed by exactly three digits is read as the
// locale says only when that cannot be a decimal of the other habit: "1.500" in id_ID is 1500,
// "1,500" in id_ID could be 1,5 or 1.500 and is refused.
import type { SheetLocale } from "./locale.js";
import { VALUE_MESSAGES } from "./messages.js";
import { fail, ok, type Parsed } from "./result.js";

const SCALES: Record<string, number> = {
  rb: 1e3, ribu: 1e3,
  jt: 1e6, juta: 1e6,
  m: 1e9, miliar: 1e9, milyar: 1e9, mlyr: 1e9, "m.": 1e9,
  t: 1e12, triliun: 1e12, trilyun: 1e12,
};

/** Digits with "." and "," as typed, -> the number, or a message. */
function readDigits(text: string, digits: string, locale: SheetLocale): Parsed<number> {
  const thousands = locale === "id_ID" ? "." : ",";
  const decimal = locale === "id_ID" ? "," : ".";
  const dots = (digits.match(/\./g) ?? []).length;
  const commas = (digits.match(/,/g) ?? []).length;
  const grouped = (body: string, separator: string): boolean =>
    new RegExp(`^\\d{1,3}(\\${separator}\\d{3})+$`).test(body);

  if (!/^\d[\d.,]*$/.test(digits) || /[.,]$/.test(digits)) return fail(VALUE_MESSAGES.badNumber(text));
  if (dots === 0 && commas === 0) return ok(Number(digits));
  if (dots > 0 && commas > 0) {
    // Both: the one used last is the decimal separator ("1.500.000,50", "1,500,000.50").
    const last = digits.lastIndexOf(".") > digits.lastIndexOf(",") ? "." : ",";
    const group = last === "." ? "," : ".";
    const [whole, fraction] = [digits.slice(0, digits.lastIndexOf(last)), digits.slice(digits.lastIndexOf(last) + 1)];
    if ((last === "." ? dots : commas) !== 1 || !grouped(whole, group)) return fail(VALUE_MESSAGES.badNumber(text));
    return ok(Number(`${whole.split(group).join("")}.${fraction}`));
  }
  const separator = dots > 0 ? "." : ",";
  const count = dots + commas;
  if (count > 1) {
    // Several of one kind: thousands, and they must group by three ("1.500.000").
    return grouped(digits, separator) ? ok(Number(digits.split(separator).join(""))) : fail(VALUE_MESSAGES.badNumber(text));
  }
  const [whole, fraction] = digits.split(separator) as [string, string];
  if (fraction.length === 3 && whole.length <= 3 && whole !== "0") {
    if (separator === thousands) return ok(Number(whole + fraction));
    if (separator === decimal) {
      const grouping = locale === "id_ID" ? `${whole}.${fraction}` : `${whole},${fraction}`;
      const decimalForm = locale === "id_ID" ? `${whole},${fraction.replace(/0+$/, "") || "0"}` : `${whole}.${fraction.replace(/0+$/, "") || "0"}`;
      return fail(VALUE_MESSAGES.ambiguousNumber(text, grouping, decimalForm));
    }
  }
  return ok(Number(`${whole}.${fraction}`));
}

/**
 * A number cell or answer -> the number, or null when empty (a cleared cell is "no value", not 0).
 * Numbers that Sheets already parsed arrive as numbers and are taken as they are.
 */
export function parseAmount(input: unknown, locale: SheetLocale, options: { min?: number } = {}): Parsed<number | null> {
  let value: number;
  if (typeof input === "number") {
    if (!Number.isFinite(input)) return fail(VALUE_MESSAGES.badNumber(String(input)));
    value = input;
  } else {
    const text = input === null || input === undefined ? "" : String(input).trim();
    if (text === "") return ok(null);
    let body = text.toLowerCase().replace(/\u00a0/g, " ");
    body = body.replace(/^(rp\.?|idr)\s*/, "").replace(/\s*(,-|\.-|,00-|-)$/, "");
    const negative = body.startsWith("-");
    if (negative) body = body.slice(1).trim();
    body = body.replace(/^(rp\.?|idr)\s*/, "");
    let scale = 1;
    const scaled = /^(.*?)\s*([a-z]+\.?)$/.exec(body);
    if (scaled) {
      const factor = SCALES[scaled[2]!];
      if (factor === undefined) return fail(VALUE_MESSAGES.badNumber(text));
      scale = factor;
      body = scaled[1]!;
    }
    // Spaces between groups of digits ("1 500 000") are thousands separators.
    if (/^\d{1,3}( \d{3})+$/.test(body)) body = body.replace(/ /g, "");
    const read = readDigits(text, body, locale);
    if (!read.ok) return read;
    // Rounded to sen: 2,3 juta is 2300000, not 2299999.9999999995.
    value = Math.round(read.value * scale * 100) / 100;
    if (negative) value = -value;
  }
  if (options.min !== undefined && value < options.min) return fail(options.min === 0 ? VALUE_MESSAGES.negative : `paling kecil ${options.min}`);
  return ok(value);
}

/** A count (people, items): a whole number, "1.000" in id_ID, "25 orang". Empty -> null. */
export function parseCount(input: unknown, locale: SheetLocale): Parsed<number | null> {
  const text = typeof input === "string" ? input.trim().replace(/\s*(orang|peserta|org)$/i, "") : input;
  const parsed = parseAmount(text, locale, { min: 0 });
  if (!parsed.ok || parsed.value === null) return parsed;
  if (!Number.isInteger(parsed.value)) return fail(VALUE_MESSAGES.notWhole(String(input).trim()));
  return parsed;
}
