// Calendar days and display dates as staff in Probolinggo see them: WIB, Indonesian month names.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { parseISO } from "date-fns/parseISO";
import { id as localeId } from "date-fns/locale/id";

export const TIME_ZONE = "Asia/Jakarta";

/** Today's date in WIB as yyyy-MM-dd. */
export function todayWib(now: Date = new Date()): string {
  return format(new TZDate(now, TIME_ZONE), "yyyy-MM-dd");
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
