// One Sheets API budget for the whole project, kept in Firestore (sheetsBudget/project) so that
// every instance that calls Sheets (reconcileSheets, syncRequested, recordChanged) draws from
// the same minute, and a 429 seen by one slows all of them instead of failing their runs.
//
// Google's Sheets quotas are per minute, counted in a rolling window: 300 read and 300 write
// requests per project, and 60 of each per user per project (developers.google.com/sheets/api/
// limits; a 429 RESOURCE_EXHAUSTED past them, "use exponential backoff"). labinov calls Sheets
// as one service account, so the per-user 60 is its real ceiling (SHEETS_REQUESTS_PER_MINUTE).
// The budget is a token bucket: it holds at most a tenth of the minute's quota (at least one
// run's worth) and refills at the rest per minute, so no rolling minute ever sees more than the
// quota, whatever the burst. A run takes its most (RUN_REQUESTS) before it starts and gives back
// what it did not use. Reads and writes share one pool (a run makes both), which is conservative.
import type { Firestore } from "firebase-admin/firestore";

export const SHEETS_BUDGET_COLLECTION = "sheetsBudget";
/** The most requests a usual run makes: three reads (read, check, echo), two writes, one append. */
export const RUN_REQUESTS = 6;
const MINUTE_MS = 60_000;

export interface BudgetClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: BudgetClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export interface BudgetOptions {
  /** The quota the budget keeps under, requests per rolling minute. */
  perMinute: number;
  clock?: BudgetClock;
  /** How long everyone waits after a 429 (Google: "after 1 minute, you can execute requests again"; default 60 s). */
  pauseAfter429Ms?: number;
  /** The document; one per project by default. */
  docId?: string;
}

interface BucketState {
  tokens: number;
  /** When `tokens` was computed (ms since epoch). */
  at: number;
  /** Nobody takes before this (after a 429). */
  pausedUntil: number;
}

/** The bucket's shape for a quota: burst capacity and refill rate per ms. */
export function bucketFor(perMinute: number): { capacity: number; perMs: number } {
  const capacity = Math.min(Math.max(RUN_REQUESTS, Math.floor(perMinute / 10)), perMinute - 1);
  return { capacity, perMs: (perMinute - capacity) / MINUTE_MS };
}

/**
 * How long to wait before `requests` may go, and the state after taking them (when the wait
 * is 0). Pure: the transaction below and the tests share it.
 */
export function planTake(state: BucketState | undefined, requests: number, now: number, perMinute: number): { waitMs: number; next: BucketState } {
  const { capacity, perMs } = bucketFor(perMinute);
  const wanted = Math.min(requests, capacity);
  const previous = state ?? { tokens: capacity, at: now, pausedUntil: 0 };
  if (previous.pausedUntil > now) return { waitMs: previous.pausedUntil - now, next: previous };
  const from = Math.max(previous.at, previous.pausedUntil);
  const tokens = Math.min(capacity, previous.tokens + Math.max(0, now - from) * perMs);
  if (tokens >= wanted) return { waitMs: 0, next: { tokens: tokens - wanted, at: now, pausedUntil: previous.pausedUntil } };
  return { waitMs: Math.ceil((wanted - tokens) / perMs), next: previous };
}

/** A run used `delta` requests more (or, negative, fewer) than it took: the bucket owes or gets them back. */
export function planAdjust(state: BucketState | undefined, delta: number, now: number, perMinute: number): BucketState {
  const { capacity, perMs } = bucketFor(perMinute);
  const previous = state ?? { tokens: capacity, at: now, pausedUntil: 0 };
  const from = Math.max(previous.at, previous.pausedUntil);
  const tokens = Math.min(capacity, previous.tokens + Math.max(0, now - from) * perMs);
  return { tokens: Math.min(capacity, tokens - delta), at: Math.max(now, from), pausedUntil: previous.pausedUntil };
}

/** After a 429: the bucket is empty and nobody takes for `pauseMs`. */
export function planSlowDown(state: BucketState | undefined, now: number, pauseMs: number): BucketState {
  return { tokens: 0, at: now + pauseMs, pausedUntil: Math.max(state?.pausedUntil ?? 0, now + pauseMs) };
}

export class SheetsBudget {
  private readonly clock: BudgetClock;

  constructor(
    private readonly db: Firestore,
    private readonly options: BudgetOptions,
  ) {
    this.clock = options.clock ?? realClock;
  }

  private get doc() {
    return this.db.collection(SHEETS_BUDGET_COLLECTION).doc(this.options.docId ?? "project");
  }

  /** Waits until `requests` fit the project's minute, then takes them; returns the ms waited. */
  async take(requests: number): Promise<number> {
    let waited = 0;
    for (;;) {
      const now = this.clock.now();
      const waitMs = await this.db.runTransaction(async (transaction) => {
        const snapshot = await transaction.get(this.doc);
        const plan = planTake(snapshot.data() as BucketState | undefined, requests, now, this.options.perMinute);
        if (plan.waitMs === 0) transaction.set(this.doc, plan.next);
        return plan.waitMs;
      });
      if (waitMs === 0) return waited;
      await this.clock.sleep(waitMs);
      waited += waitMs;
    }
  }

  /** Settles a run: `used` requests made against `taken` taken before it. */
  async settle(taken: number, used: number): Promise<void> {
    if (used === taken) return;
    const now = this.clock.now();
    await this.db.runTransaction(async (transaction) => {
      const snapshot = await transaction.get(this.doc);
      transaction.set(this.doc, planAdjust(snapshot.data() as BucketState | undefined, used - taken, now, this.options.perMinute));
    });
  }

  /** A 429 came back: everyone pauses, so the runs in flight retry into a refilled minute. */
  async slowDown(): Promise<void> {
    const now = this.clock.now();
    await this.db.runTransaction(async (transaction) => {
      const snapshot = await transaction.get(this.doc);
      transaction.set(this.doc, planSlowDown(snapshot.data() as BucketState | undefined, now, this.options.pauseAfter429Ms ?? MINUTE_MS));
    });
  }
}
