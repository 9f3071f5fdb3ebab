// Calendar days and display dates as staff in Probolinggo see them: WIB, Indonesian month names.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { parseISO } from "date-fns/parseISO";
import { id as localeId } from "date-fns/locale/id";

export const TIME_ZONE = "Asia/Jakarta";

/** Today's date in WIB as yyyy-MM-dd. */
export function todayWib(now: Date = new Date()): string {
  const instant = now.getTime();
  // Outside 1970-9999 (or an invalid date) the day is formatted as date-fns writes it.
  if (!(instant >= 0 && instant < LAST_ISO_YEAR_ENDS)) return format(new TZDate(now, TIME_ZONE), "yyyy-MM-dd");
  return new Date(instant + offsetAt(instant)).toISOString().slice(0, 10);
}

/** A day before the end of year 9999, so that no offset takes a day past what toISOString writes as yyyy. */
const LAST_ISO_YEAR_ENDS = Date.UTC(9999, 11, 31);
const HOUR_MS = 3_600_000;
/** The zone's offset of each UTC hour asked for, from its time zone data: ~30 µs per day through TZDate and format, and a dashboard or a summary asks the creation day of every innovation. */
const offsetOfHour = new Map<number, number>();

function offsetAt(instant: number): number {
  const hour = Math.floor(instant / HOUR_MS);
  let offset = offsetOfHour.get(hour);
  if (offset === undefined) {
    if (offsetOfHour.size >= 10_000) offsetOfHour.clear();
    offset = -new TZDate(hour * HOUR_MS, TIME_ZONE).getTimezoneOffset() * 60_000;
    offsetOfHour.set(hour, offset);
  }
  return offset;
}

/** "2026-11-27" -> "27 November 2026". */
export function displayDate(day: string): string {
  return format(parseISO(day), "d MMMM yyyy", { locale: localeId });
}

/** An instant shown in WIB: "27 November 2026 14.05 WIB". */
export function displayDateTime(instant: Date | string): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  return `${format(new TZDate(date, TIME_ZONE), "d MMMM yyyy HH.mm", { locale: localeId })} WIB`;
}
