// The project's Sheets budget (sheets/sync/budget.ts): a token bucket that keeps every rolling
// minute under Google's quota, shared through Firestore, paused for everyone by a 429. The clock
// is injected: sleeping advances it, nothing waits for real.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { bucketFor, planSlowDown, planTake, SheetsBudget, type BudgetClock } from "../../sheets/sync/budget.js";
import { testDatabase } from "../support/firestore.js";

const database = testDatabase();
beforeEach(() => database.clear());
afterAll(() => database.db.terminate());

/** A clock that moves only when someone sleeps; records every sleep. */
function virtualClock(start = 1_000_000): BudgetClock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe("planTake", () => {
  it("holds a tenth of the quota and refills the rest over the minute", () => {
    expect(bucketFor(60)).toEqual({ capacity: 6, perMs: 54 / 60_000 });
    expect(bucketFor(600)).toEqual({ capacity: 60, perMs: 540 / 60_000 });
    expect(bucketFor(20)).toEqual({ capacity: 6, perMs: 14 / 60_000 });
    const first = planTake(undefined, 4, 0, 60);
    expect(first).toEqual({ waitMs: 0, next: { tokens: 2, at: 0, pausedUntil: 0 } });
    const second = planTake(first.next, 4, 0, 60);
    expect(second.waitMs).toBe(Math.ceil(2 / (54 / 60_000)));
    expect(planTake(first.next, 4, second.waitMs, 60).waitMs).toBe(0);
  });

  it("a request larger than the bucket waits for a full bucket, never forever", () => {
    const empty = { tokens: 0, at: 0, pausedUntil: 0 };
    const { waitMs } = planTake(empty, 1000, 0, 60);
    expect(waitMs).toBe(Math.ceil(6 / (54 / 60_000)));
    expect(planTake(empty, 1000, waitMs, 60).waitMs).toBe(0);
  });

  it("after a 429 nobody takes until the pause is over, and the bucket starts empty then", () => {
    const paused = planSlowDown({ tokens: 6, at: 0, pausedUntil: 0 }, 1000, 60_000);
    expect(planTake(paused, 1, 30_000, 60)).toMatchObject({ waitMs: 31_000 });
    expect(planTake(paused, 1, 61_000, 60).waitMs).toBeGreaterThan(0);
    expect(planTake(paused, 1, 61_000 + Math.ceil(1 / (54 / 60_000)), 60).waitMs).toBe(0);
  });

  it("no rolling minute sees more than the quota, whatever the callers do", () => {
    const quota = 60;
    let state: Parameters<typeof planTake>[0];
    let now = 0;
    const takenAt: number[] = [];
    while (now < 10 * 60_000) {
      const plan = planTake(state, 3, now, quota);
      if (plan.waitMs === 0) {
        state = plan.next;
        takenAt.push(now, now, now);
        now += 7;
      } else now += plan.waitMs;
    }
    for (const start of takenAt) expect(takenAt.filter((at) => at >= start && at < start + 60_000).length).toBeLessThanOrEqual(quota);
    expect(takenAt.length).toBeGreaterThan(9 * 54);
  });
});

describe("SheetsBudget in Firestore", () => {
  it("two instances draw from one minute: the second waits for what the first took", async () => {
    const clock = virtualClock();
    const one = new SheetsBudget(database.db, { perMinute: 60, clock });
    const two = new SheetsBudget(database.db, { perMinute: 60, clock });
    expect(await one.take(6)).toBe(0);
    const waited = await two.take(3);
    expect(waited).toBe(Math.ceil(3 / (54 / 60_000)));
  });

  it("a 429 reported by one instance pauses the other for the minute Google asks", async () => {
    const clock = virtualClock();
    const one = new SheetsBudget(database.db, { perMinute: 300, clock });
    const two = new SheetsBudget(database.db, { perMinute: 300, clock });
    await one.slowDown();
    expect(await two.take(1)).toBeGreaterThanOrEqual(60_000);
  });
});
