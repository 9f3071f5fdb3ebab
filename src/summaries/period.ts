// The period a summary covers, computed in WIB: weeks run Monday to Sunday, months by the
// calendar. A scheduled run reports the last period that has fully ended.
import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns/addDays";
import { addMonths } from "date-fns/addMonths";
import { addWeeks } from "date-fns/addWeeks";
import { format } from "date-fns/format";
import { intervalToDuration } from "date-fns/intervalToDuration";
import { startOfMonth } from "date-fns/startOfMonth";
import { startOfWeek } from "date-fns/startOfWeek";
import { id as localeId } from "date-fns/locale/id";
import { displayDate, TIME_ZONE, todayWib } from "../model/time.js";

export const SUMMARY_KINDS = ["weekly", "monthly"] as const;
export type SummaryKind = (typeof SUMMARY_KINDS)[number];

export interface Period {
  kind: SummaryKind;
  /** First day, yyyy-MM-dd (WIB). */
  start: string;
  /** Last day, inclusive. */
  end: string;
  /** The day after the period: the day the summary speaks from ("per ..."). */
  asOf: string;
  /** The instants bounding the period: [startsAt, endsBefore). */
  startsAt: Date;
  endsBefore: Date;
  /** Stable key for ledgers and Message-IDs, e.g. "weekly-2026-11-16". */
  key: string;
}

function wibDay(day: string): TZDate {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return TZDate.tz(TIME_ZONE, year, month - 1, date);
}

const asDay = (date: Date) => format(date, "yyyy-MM-dd");

/** The weekly or monthly period that contains a day. */
export function periodContaining(kind: SummaryKind, day: string): Period {
  const date = wibDay(day);
  const start = kind === "weekly" ? startOfWeek(date, { weekStartsOn: 1 }) : startOfMonth(date);
  const next = kind === "weekly" ? addWeeks(start, 1) : addMonths(start, 1);
  return {
    kind,
    start: asDay(start),
    end: asDay(addDays(next, -1)),
    asOf: asDay(next),
    startsAt: new Date(start.getTime()),
    endsBefore: new Date(next.getTime()),
    key: `${kind}-${asDay(start)}`,
  };
}

/** The last period that has fully ended at `now` (a Monday-morning run reports last week). */
export function lastCompletedPeriod(kind: SummaryKind, now: Date): Period {
  const current = periodContaining(kind, todayWib(now));
  return periodContaining(kind, asDay(addDays(wibDay(current.start), -1)));
}

/** Whether the period is over at `now` (its last day has ended in WIB). */
export function hasEnded(period: Period, now: Date): boolean {
  return now.getTime() >= period.endsBefore.getTime();
}

/**
 * A summary asked for a period that has not ended: it would state a future "per ..." date and,
 * once sent, the ledger would hold the week so that its real summary could never go out.
 */
export class UnfinishedPeriodError extends Error {
  constructor(readonly period: Period) {
    super(
      `Periode ${periodLabel(period)} belum selesai: ringkasannya baru dapat dikirim mulai ${displayDate(period.asOf)} ` +
        `(pengiriman terjadwal mengirimnya sendiri). Untuk melihat isinya sekarang, pakai "labinov summary preview".`,
    );
    this.name = "UnfinishedPeriodError";
  }
}

/** "16–22 November 2026", "28 Desember 2026 – 3 Januari 2027", or "November 2026". */
export function periodLabel(period: Period): string {
  const start = wibDay(period.start);
  const end = wibDay(period.end);
  const full = (date: Date) => format(date, "d MMMM yyyy", { locale: localeId });
  if (period.kind === "monthly") return format(start, "MMMM yyyy", { locale: localeId });
  if (period.start.slice(0, 7) === period.end.slice(0, 7)) return `${format(start, "d")}–${full(end)}`;
  return `${full(start)} – ${full(end)}`;
}

/** Whole days from one yyyy-MM-dd to another (WIB calendar days; no DST in Jakarta). */
export function daysBetween(from: string, to: string): number {
  const [start, end] = [utcMidnight(from), utcMidnight(to)];
  if (start === null || end === null) return Math.round((wibDay(to).getTime() - wibDay(from).getTime()) / 86_400_000);
  return Math.round((end - start) / DAY_MS);
}

const DAY_MS = 86_400_000;

/**
 * A yyyy-MM-dd day's midnight in UTC, for counting and adding calendar days without a time zone
 * (the same calendar days as WIB's, ~50 times faster than TZDate: a dashboard counts them for
 * every innovation of the city); null for a year outside 1000-9999, left to TZDate.
 */
function utcMidnight(day: string): number | null {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return year >= 1000 && year <= 9999 ? Date.UTC(year, month - 1, date) : null;
}

/** Whole years, months and days from one yyyy-MM-dd to a later one, as a calendar counts them. */
export function calendarDistance(from: string, to: string): { years: number; months: number; days: number } {
  const duration = intervalToDuration({ start: wibDay(from), end: wibDay(to) });
  return { years: duration.years ?? 0, months: duration.months ?? 0, days: duration.days ?? 0 };
}

export function addDaysTo(day: string, days: number): string {
  const midnight = utcMidnight(day);
  const added = midnight === null ? null : new Date(midnight + Math.trunc(days) * DAY_MS);
  return added && added.getUTCFullYear() >= 1000 && added.getUTCFullYear() <= 9999 ? added.toISOString().slice(0, 10) : asDay(addDays(wibDay(day), days));
}

/** The WIB calendar day of an ISO instant. */
export function dayOfInstant(instant: string): string {
  return todayWib(new Date(instant));
}
