// Days as staff in Probolinggo see them (WIB): the fast path of todayWib gives the day date-fns
// gives through the time zone data, for every kind of instant a record holds.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { describe, expect, it } from "vitest";
import { TIME_ZONE, todayWib } from "../../src/model/time.js";

const slow = (date: Date) => format(new TZDate(date, TIME_ZONE), "yyyy-MM-dd");

describe("todayWib", () => {
  it("is the WIB day date-fns gives, around midnight WIB and across the years records hold", () => {
    const instants = [
      "2026-11-28T16:59:59.999Z", // 23.59.59 WIB
      "2026-11-28T17:00:00.000Z", // 00.00 WIB, the next day
      "2026-12-31T17:00:00.000Z",
      "2028-02-28T17:00:00.000Z", // 29 February
      "1970-01-01T00:00:00.000Z",
      "9999-12-31T23:59:59.999Z",
    ].map((text) => new Date(text));
    let seed = 7;
    for (let index = 0; index < 2_000; index++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      instants.push(new Date(Date.UTC(1970, 0, 1) + (seed / 2 ** 31) * (Date.UTC(2100, 0, 1) - Date.UTC(1970, 0, 1))));
    }
    for (const instant of instants) expect(todayWib(instant), instant.toISOString()).toBe(slow(instant));
    expect(todayWib(new Date("2026-11-28T17:00:00.000Z"))).toBe("2026-11-29");
  });

  it("before 1970 it is still date-fns' day, and an invalid date is refused as before", () => {
    const old = new Date("1950-06-01T20:00:00.000Z");
    expect(todayWib(old)).toBe(slow(old));
    expect(() => todayWib(new Date("bukan tanggal"))).toThrow(RangeError);
  });
});
