// Dates as staff write them: a Sheets serial number, ISO (2026-01-05, 2026/01/05), numeric in the
// locale's order (5/1/2026 in id_ID, 1/5/2026 in en_US), or with a month name (5 Januari 2026,
// 17 Agt 2026, Senin, 5 Jan 2026, January 5, 2026). Two-digit years and bare numbers are refused.
import { dateExample, type SheetLocale } from "./locale.js";
import { VALUE_MESSAGES } from "./messages.js";
import { fail, ok, type Parsed } from "./result.js";

// Google Sheets counts days from 30 December 1899.
const SHEETS_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Dates outside these years are typing slips (a year typed alone, a missing digit), not plans. */
const FIRST_YEAR = 1950;
const LAST_YEAR = 2100;

export function serialToDate(serial: number): string {
  return new Date(SHEETS_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

export function dateToSerial(day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - SHEETS_EPOCH_MS) / DAY_MS);
}

const MONTHS: Record<string, number> = {
  januari: 1, january: 1, jan: 1,
  februari: 2, pebruari: 2, february: 2, feb: 2, peb: 2,
  maret: 3, march: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  agustus: 8, august: 8, agu: 8, agt: 8, ags: 8, aug: 8, agst: 8,
  september: 9, sep: 9, sept: 9, spt: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nopember: 11, nov: 11, nop: 11,
  desember: 12, december: 12, des: 12, dec: 12,
};

const DAY_NAMES = /^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s*/i;

const MONTH_NAMES_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

/** "2026-01-05" -> "5 Januari 2026", for messages. */
export function showDate(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return `${date} ${MONTH_NAMES_ID[month! - 1]} ${year}`;
}

function calendarDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function checked(text: string, year: number, month: number, day: number): Parsed<string> {
  const found = calendarDay(year, month, day);
  if (!found) return fail(VALUE_MESSAGES.noSuchDay(text));
  if (year < FIRST_YEAR || year > LAST_YEAR) return fail(VALUE_MESSAGES.dateOutOfRange(showDate(found)));
  return ok(found);
}

function fromSerial(serial: number, locale: SheetLocale): Parsed<string> {
  const example = dateExample(locale);
  if (!Number.isFinite(serial)) return fail(VALUE_MESSAGES.numberNotDate(serial, example));
  const first = dateToSerial(`${FIRST_YEAR}-01-01`);
  const last = dateToSerial(`${LAST_YEAR}-12-31`);
  // A number like 2026 is a year or a count typed into a date column, not 18 July 1905.
  if (serial < first || serial > last) return fail(VALUE_MESSAGES.numberNotDate(serial, example));
  return ok(serialToDate(serial));
}

/** A date cell or answer -> yyyy-MM-dd, or null when empty. */
export function parseDate(input: unknown, locale: SheetLocale): Parsed<string | null> {
  if (typeof input === "number") return fromSerial(input, locale);
  const text = input === null || input === undefined ? "" : String(input).trim();
  if (text === "") return ok(null);
  const example = dateExample(locale);
  const bare = text.replace(DAY_NAMES, "").replace(/\s+/g, " ").trim();

  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(bare);
  if (match) return checked(text, Number(match[1]), Number(match[2]), Number(match[3]));

  match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(bare);
  if (match) {
    if (match[3]!.length === 2) return fail(VALUE_MESSAGES.twoDigitYear(text, example));
    const [first, second] = [Number(match[1]), Number(match[2])];
    return locale === "id_ID" ? checked(text, Number(match[3]), second, first) : checked(text, Number(match[3]), first, second);
  }

  // 5 Januari 2026, 5-Jan-2026, 17 Agt. 2026
  match = /^(\d{1,2})[\s-]*([a-z']+)\.?[\s-]*(\d{2}|\d{4})$/i.exec(bare);
  if (match) {
    const month = MONTHS[match[2]!.toLowerCase()];
    if (month === undefined) return fail(VALUE_MESSAGES.badDate(text, example));
    if (match[3]!.length === 2) return fail(VALUE_MESSAGES.twoDigitYear(text, example));
    return checked(text, Number(match[3]), month, Number(match[1]));
  }
  // January 5, 2026 / Jan 5 2026
  match = /^([a-z']+)\.?\s*(\d{1,2})(?:,\s*|\s+)(\d{2}|\d{4})$/i.exec(bare);
  if (match) {
    const month = MONTHS[match[1]!.toLowerCase()];
    if (month === undefined) return fail(VALUE_MESSAGES.badDate(text, example));
    if (match[3]!.length === 2) return fail(VALUE_MESSAGES.twoDigitYear(text, example));
    return checked(text, Number(match[3]), month, Number(match[2]));
  }
  if (/^\d+$/.test(bare)) return fail(VALUE_MESSAGES.numberNotDate(Number(bare), example));
  return fail(VALUE_MESSAGES.badDate(text, example));
}
