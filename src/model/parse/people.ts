// NIP and phone numbers: text with a leading zero that must survive, typed with spaces and dashes.
import { VALUE_MESSAGES } from "./messages.js";
import { fail, ok, type Parsed } from "./result.js";

const validYearMonthDay = (year: number, month: number, day: number): boolean => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/**
 * NIP (18 digits: birth date yyyyMMdd, TMT yyyyMM, gender 1/2, sequence), typed with the usual
 * spaces "19800101 200501 1 001", dots or dashes. Empty -> null.
 */
export function parseNip(input: unknown): Parsed<string | null> {
  const text = input === null || input === undefined ? "" : String(input).trim();
  if (text === "" || text === "-") return ok(null);
  const digits = text.replace(/[\s.-]/g, "");
  if (!/^\d{18}$/.test(digits)) return fail(VALUE_MESSAGES.badNip(text));
  const birthYear = Number(digits.slice(0, 4));
  if (birthYear < 1940 || !validYearMonthDay(birthYear, Number(digits.slice(4, 6)), Number(digits.slice(6, 8))))
    return fail(VALUE_MESSAGES.nipBirthDate(text));
  const tmtYear = Number(digits.slice(8, 12));
  const tmtMonth = Number(digits.slice(12, 14));
  // Appointed at 17 at the earliest; the TMT is a year and a month.
  if (tmtMonth < 1 || tmtMonth > 12 || tmtYear < birthYear + 17 || tmtYear > 2100) return fail(VALUE_MESSAGES.nipTmt(text));
  if (digits[14] !== "1" && digits[14] !== "2") return fail(VALUE_MESSAGES.nipGender(text));
  return ok(digits);
}

/**
 * Phone numbers in the 0… form used everywhere: "+62 812-3456-7890" -> "081234567890",
 * "(0335) 421012" -> "0335421012". Mobiles start 08, landlines carry their area code. Empty -> null.
 */
export function parsePhone(input: unknown): Parsed<string | null> {
  const text = input === null || input === undefined ? "" : String(input).trim();
  if (text === "" || text === "-") return ok(null);
  let digits = text.replace(/[\s().-]/g, "");
  if (digits.startsWith("+62")) digits = `0${digits.slice(3)}`;
  else if (/^62[1-9]/.test(digits) && digits.length >= 11) digits = `0${digits.slice(2)}`;
  // A number typed as a number in Sheets loses its leading zero: 81234567890 is 081234567890.
  else if (typeof input === "number" && /^8\d{8,11}$/.test(digits)) digits = `0${digits}`;
  if (/^08\d{8,11}$/.test(digits) || /^0[2-79]\d{7,10}$/.test(digits)) return ok(digits);
  return fail(VALUE_MESSAGES.badPhone(text));
}
