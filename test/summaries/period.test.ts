import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns/addDays";
import { format } from "date-fns/format";
import { describe, expect, it } from "vitest";
import { TIME_ZONE } from "../../src/model/time.js";
import { addDaysTo, daysBetween, lastCompletedPeriod, periodContaining, periodLabel, type SummaryKind } from "../../src/summaries/period.js";

// WIB is UTC+7: 17:00Z is midnight in Probolinggo.
const lastCompleted: [string, SummaryKind, string, string, string][] = [
  // [now (UTC), kind, expected start, expected end, why]
  ["2026-11-22T16:59:59Z", "weekly", "2026-11-09", "2026-11-15", "Sunday 23:59:59 WIB: this week is not over yet"],
  ["2026-11-22T17:00:00Z", "weekly", "2026-11-16", "2026-11-22", "Monday 00:00 WIB: last week has just ended"],
  ["2026-11-23T00:00:00Z", "weekly", "2026-11-16", "2026-11-22", "Monday 07:00 WIB, the scheduled run"],
  ["2026-11-23T16:59:59Z", "weekly", "2026-11-16", "2026-11-22", "Monday 23:59 WIB still reports the same week"],
  ["2027-01-03T17:00:00Z", "weekly", "2026-12-28", "2027-01-03", "a week that crosses the year end"],
  ["2026-12-31T17:00:00Z", "weekly", "2026-12-21", "2026-12-27", "1 January WIB (a Friday) while still 31 December in UTC"],
  ["2026-11-30T16:59:59Z", "monthly", "2026-10-01", "2026-10-31", "30 November 23:59:59 WIB: November is not over"],
  ["2026-11-30T17:00:00Z", "monthly", "2026-11-01", "2026-11-30", "1 December 00:00 WIB"],
  ["2026-12-31T17:00:00Z", "monthly", "2026-12-01", "2026-12-31", "1 January 2027 WIB reports December 2026"],
  ["2028-02-29T17:00:00Z", "monthly", "2028-02-01", "2028-02-29", "leap February"],
  ["2027-03-01T00:00:00Z", "monthly", "2027-02-01", "2027-02-28", "ordinary February"],
];

describe("periods in WIB", () => {
  it.each(lastCompleted)("at %s the last %s period is %s..%s (%s)", (now, kind, start, end) => {
    const period = lastCompletedPeriod(kind, new Date(now));
    expect([period.start, period.end]).toEqual([start, end]);
  });

  const containing: [SummaryKind, string, string, string, string][] = [
    ["weekly", "2026-11-23", "2026-11-23", "2026-11-29", "2026-11-30"],
    ["weekly", "2026-11-29", "2026-11-23", "2026-11-29", "2026-11-30"],
    ["weekly", "2027-01-01", "2026-12-28", "2027-01-03", "2027-01-04"],
    ["monthly", "2026-12-31", "2026-12-01", "2026-12-31", "2027-01-01"],
    ["monthly", "2027-01-01", "2027-01-01", "2027-01-31", "2027-02-01"],
  ];
  it.each(containing)("the %s period containing %s runs %s..%s, spoken from %s", (kind, day, start, end, asOf) => {
    expect(periodContaining(kind, day)).toMatchObject({ start, end, asOf, key: `${kind}-${start}` });
  });

  it("bounds a period by the instants of midnight WIB", () => {
    const period = periodContaining("weekly", "2026-11-18");
    expect(period.startsAt.toISOString()).toBe("2026-11-15T17:00:00.000Z");
    expect(period.endsBefore.toISOString()).toBe("2026-11-22T17:00:00.000Z");
    const month = periodContaining("monthly", "2026-12-05");
    expect(month.startsAt.toISOString()).toBe("2026-11-30T17:00:00.000Z");
    expect(month.endsBefore.toISOString()).toBe("2026-12-31T17:00:00.000Z");
  });

  it.each([
    ["weekly", "2026-11-18", "16–22 November 2026"],
    ["weekly", "2026-12-01", "30 November 2026 – 6 Desember 2026"],
    ["monthly", "2026-08-17", "Agustus 2026"],
  ] as [SummaryKind, string, string][])("labels the %s period of %s as %s", (kind, day, label) => {
    expect(periodLabel(periodContaining(kind, day))).toBe(label);
  });

  it("counts calendar days across month and year ends", () => {
    expect(daysBetween("2026-12-25", "2027-01-04")).toBe(10);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(addDaysTo("2026-12-31", 14)).toBe("2027-01-14");
  });
});

describe("calendar days counted and added without a time zone", () => {
  // What daysBetween and addDaysTo answered through TZDate (WIB midnights) before: the same days.
  const wibDay = (day: string) => {
    const [year, month, date] = day.split("-").map(Number) as [number, number, number];
    return TZDate.tz(TIME_ZONE, year, month - 1, date);
  };
  const days: string[] = ["2026-11-29", "2028-02-29", "2026-12-31", "2027-01-01", "1999-12-31", "2100-02-28"];
  let seed = 11;
  for (let index = 0; index < 500; index++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    days.push(new Date(Date.UTC(1970, 0, 1) + Math.floor((seed / 2 ** 31) * 47_000) * 86_400_000).toISOString().slice(0, 10));
  }

  it("daysBetween and addDaysTo give what TZDate gave, across months, leap days and years", () => {
    for (const [index, day] of days.entries()) {
      const other = days[(index * 7 + 3) % days.length]!;
      expect(daysBetween(day, other), `${day} → ${other}`).toBe(Math.round((wibDay(other).getTime() - wibDay(day).getTime()) / 86_400_000));
      for (const step of [-400, -1, 0, 1, 30, 365]) expect(addDaysTo(day, step), `${day} + ${step}`).toBe(format(addDays(wibDay(day), step), "yyyy-MM-dd"));
    }
  });
});
