// When runs happen: `reconcileAll` (the scheduled safety net, every target) and
// `syncAfterChange`, which coalesces bursts of record changes into as few runs as possible:
// a change is covered by any run that started after it and completed.
//
// Many spreadsheets (one per unit, 200 and more) share one Sheets quota. reconcileAll serves the
// spreadsheets that wait for something first (an edit notice not yet covered, never synced, a run
// that failed), then the longest unsynced; runs a few at a time, each taking its requests from the
// project's budget (./budget.ts), so a 429 slows every run instead of failing one; puts a failed
// run back in the queue; and stops starting runs at its deadline. What it did not reach is still
// the oldest next time, so over a few scheduled calls every spreadsheet gets its turn.
import type { Firestore } from "firebase-admin/firestore";
import { SYNC_REQUESTS_COLLECTION } from "../../src/events/syncRequest.js";
import { log } from "../../src/log.js";
import { httpStatusOf } from "../../src/google/apiError.js";
import { SheetTargetStore } from "../targets/store.js";
import { realClock, RUN_REQUESTS, type BudgetClock, type SheetsBudget } from "./budget.js";
import { readRunSnapshot, SYNC_RUNS, type RunStateRead } from "./state.js";
import { syncSpreadsheet, type SyncDeps, type SyncOptions, type SyncReport } from "./run.js";

export interface ReconcileOptions extends SyncOptions {
  /** Passes while runs wrote records that other spreadsheets show (default 3). */
  maxPasses?: number;
  /** The project's Sheets budget; without one, runs go as fast as they come. */
  budget?: SheetsBudget;
  /** Runs at once (default 4). */
  concurrency?: number;
  /** No run starts after this many ms (default 7.5 min: reconcileSheets has 540 s). */
  deadlineMs?: number;
  /** Attempts per spreadsheet within one call before it is left for the next (default 3). */
  attempts?: number;
  clock?: BudgetClock;
}

/** What reconcileAll knows of a spreadsheet when it orders the queue. */
export interface QueueEntry {
  spreadsheetId: string;
  /** Start of its last completed run (null: never synced). */
  coveredUntil: string | null;
  /** Its open edit notice (sheetSyncRequests), if any. */
  requestedAt: string | null;
}

/** Waiting for something first (a notice not covered, never synced), then the longest unsynced. */
export function reconcileOrder(entries: QueueEntry[]): string[] {
  const waits = (entry: QueueEntry) => entry.coveredUntil === null || (entry.requestedAt !== null && entry.requestedAt > entry.coveredUntil);
  return [...entries]
    .sort((a, b) => Number(waits(b)) - Number(waits(a)) || (a.coveredUntil ?? "").localeCompare(b.coveredUntil ?? "") || a.spreadsheetId.localeCompare(b.spreadsheetId))
    .map((entry) => entry.spreadsheetId);
}

/** Each spreadsheet's run state and open notice, in two batched reads. */
async function queueEntries(db: Firestore, spreadsheetIds: string[]): Promise<QueueEntry[]> {
  if (spreadsheetIds.length === 0) return [];
  const [runs, requests] = await Promise.all([
    db.getAll(...spreadsheetIds.map((id) => db.collection(SYNC_RUNS).doc(id))),
    db.getAll(...spreadsheetIds.map((id) => db.collection(SYNC_REQUESTS_COLLECTION).doc(id))),
  ]);
  return spreadsheetIds.map((spreadsheetId, index) => {
    const requestedAt = requests[index]!.get("requestedAt") as { toDate(): Date } | undefined;
    return {
      spreadsheetId,
      coveredUntil: (runs[index]!.get("coveredUntil") as string | null | undefined) ?? null,
      requestedAt: requestedAt ? requestedAt.toDate().toISOString() : null,
    };
  });
}

/** Raised when a spreadsheet's run kept failing: the caller answers with a failure, so it is retried. */
export class ReconcileIncompleteError extends Error {
  override name = "ReconcileIncompleteError";
  constructor(
    readonly failed: { spreadsheetId: string; error: string }[],
    readonly reports: SyncReport[],
  ) {
    super(`sinkron gagal untuk ${failed.length} spreadsheet: ${failed.map((item) => `${item.spreadsheetId} (${item.error})`).join("; ")}`);
  }
}

/** The run's deps with a retry hook that tells the budget of every 429. */
function budgetedDeps(deps: SyncDeps, budget: SheetsBudget | undefined): SyncDeps {
  if (!budget) return deps;
  return {
    ...deps,
    retry: {
      ...deps.retry,
      onRetry: (error, attempt, waitMs) => {
        deps.retry?.onRetry?.(error, attempt, waitMs);
        if (httpStatusOf(error) === 429) void budget.slowDown().catch(() => undefined);
      },
    },
  };
}

/** One run, its requests taken from the budget before and settled after. */
async function budgetedRun(deps: SyncDeps, spreadsheetId: string, options: SyncOptions, budget: SheetsBudget | undefined): Promise<SyncReport> {
  await budget?.take(RUN_REQUESTS);
  let report: SyncReport | undefined;
  try {
    report = await syncSpreadsheet(deps, spreadsheetId, options);
    return report;
  } finally {
    // A failed run's requests are unknown here; the ones it took stay spent.
    if (report) await budget?.settle(RUN_REQUESTS, report.sheetsRequests);
  }
}

/**
 * One pass over the queue: `concurrency` runs at once, each after taking its requests from the
 * budget; a failed run goes back to the end of the queue until it has used its attempts.
 */
async function runQueue(deps: SyncDeps, queue: string[], options: ReconcileOptions, deadline: number) {
  const clock = options.clock ?? realClock;
  const runDeps = budgetedDeps(deps, options.budget);
  const attempts = new Map<string, number>();
  const reports: SyncReport[] = [];
  const failed = new Map<string, string>();
  const pending = [...queue];
  let notStarted = 0;
  const worker = async () => {
    for (let spreadsheetId = pending.shift(); spreadsheetId !== undefined; spreadsheetId = pending.shift()) {
      if (clock.now() >= deadline) {
        notStarted++;
        continue;
      }
      attempts.set(spreadsheetId, (attempts.get(spreadsheetId) ?? 0) + 1);
      try {
        reports.push(await budgetedRun(runDeps, spreadsheetId, options, options.budget));
        failed.delete(spreadsheetId);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        (deps.log ?? log).warn("reconcile: run gagal, dicoba lagi nanti", { spreadsheetId, attempt: attempts.get(spreadsheetId), error: message });
        if (httpStatusOf(error) === 429) await options.budget?.slowDown();
        failed.set(spreadsheetId, message);
        if (attempts.get(spreadsheetId)! < (options.attempts ?? 3)) pending.push(spreadsheetId);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return { reports, failed, notStarted };
}

/**
 * Runs every spreadsheet, those waiting for something first; passes again while runs wrote
 * records that other spreadsheets show. Throws ReconcileIncompleteError (with the reports) when
 * a spreadsheet's runs kept failing; spreadsheets not reached by the deadline wait for the next call.
 */
export async function reconcileAll(deps: SyncDeps, options: ReconcileOptions = {}): Promise<SyncReport[]> {
  const clock = options.clock ?? realClock;
  const deadline = clock.now() + (options.deadlineMs ?? 450_000);
  const targets = await new SheetTargetStore(deps.db).list();
  const spreadsheetIds = [...new Set(targets.map((target) => target.spreadsheetId))].sort();
  const reports: SyncReport[] = [];
  const failed = new Map<string, string>();
  for (let pass = 0; pass < (options.maxPasses ?? 3); pass++) {
    const queue = reconcileOrder(await queueEntries(deps.db, spreadsheetIds));
    const result = await runQueue(deps, queue, options, deadline);
    reports.push(...result.reports);
    for (const report of result.reports) failed.delete(report.spreadsheetId);
    for (const [spreadsheetId, error] of result.failed) failed.set(spreadsheetId, error);
    if (result.notStarted > 0) (deps.log ?? log).warn("reconcile: batas waktu tercapai; sisanya didahulukan pada jadwal berikutnya", { notStarted: result.notStarted });
    if (result.notStarted > 0 || !result.reports.some((report) => report.recordWrites > 0) || spreadsheetIds.length < 2) break;
  }
  if (failed.size > 0) throw new ReconcileIncompleteError([...failed].map(([spreadsheetId, error]) => ({ spreadsheetId, error })), reports);
  return reports;
}

export interface AfterChangeOptions {
  /** Wait this long before starting a run, so that a burst of changes shares it. */
  debounceMs?: number;
  /** How often to look whether a run by someone else has covered the change. */
  pollMs?: number;
  /** Give up waiting after this long; the change stays for the scheduled reconcile. */
  timeoutMs?: number;
  /** The project's Sheets budget, shared with reconcileAll. */
  budget?: SheetsBudget;
}

export interface AfterChangeResult {
  covered: boolean;
  /** The run this call started, if it started one. */
  report?: SyncReport;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** In this process: the run waiting to start for a spreadsheet, which later changes may join. */
const pending = new Map<string, { started: boolean; latestChange: string; promise: Promise<SyncReport | null> }>();

/**
 * Joins (or opens) the debounced run; null when, once the wait was over, a completed run already
 * covered every joiner. `read`: the run state the caller just read, used as is when nothing waited.
 */
function joinPendingRun(deps: SyncDeps, spreadsheetId: string, changedAtIso: string, debounceMs: number, budget: SheetsBudget | undefined, read: RunStateRead): Promise<SyncReport | null> {
  const waiting = pending.get(spreadsheetId);
  if (waiting && !waiting.started) {
    if (waiting.latestChange < changedAtIso) waiting.latestChange = changedAtIso;
    return waiting.promise;
  }
  // A run of this process is going: the new changes share one run queued behind it, so a burst
  // of undebounced edits never becomes a crowd of runs contending for the lease.
  const running = waiting?.promise;
  const entry = { started: false, latestChange: changedAtIso, promise: Promise.resolve<SyncReport | null>(null) };
  entry.promise = (async () => {
    if (running) await running.catch(() => null);
    await sleep(debounceMs);
    entry.started = true;
    try {
      // After a wait the state is read again; without one, the caller's read is current (the lease
      // is written on it only if it still is).
      const runState = running || debounceMs > 0 ? await readRunSnapshot(deps.db, spreadsheetId) : read;
      if (runState.state.coveredUntil && runState.state.coveredUntil > entry.latestChange) return null;
      return await budgetedRun(budgetedDeps(deps, budget), spreadsheetId, { unlessCoveredAfter: entry.latestChange, runState }, budget);
    } finally {
      if (pending.get(spreadsheetId) === entry) pending.delete(spreadsheetId);
    }
  })();
  pending.set(spreadsheetId, entry);
  return entry.promise;
}

/**
 * Makes sure a run that started after `changedAtIso` completes for this spreadsheet, without
 * one run per change: calls in one process share a debounced run, and across processes the
 * lease lets one run while the others wait until its completion covers them.
 */
export async function syncAfterChange(deps: SyncDeps, spreadsheetId: string, changedAtIso: string, options: AfterChangeOptions = {}): Promise<AfterChangeResult> {
  const now = deps.now ?? (() => new Date());
  const deadline = now().getTime() + (options.timeoutMs ?? 5 * 60_000);
  let report: SyncReport | undefined;
  for (;;) {
    const read = await readRunSnapshot(deps.db, spreadsheetId);
    const state = read.state;
    if (state.coveredUntil && state.coveredUntil > changedAtIso) return { covered: true, report };
    if (now().getTime() > deadline) return { covered: false, report };
    const leaseHeld = state.leaseOwner !== null && state.leaseUntil !== null && state.leaseUntil > now().toISOString();
    if (leaseHeld) {
      await sleep(options.pollMs ?? 500);
      continue;
    }
    const result = await joinPendingRun(deps, spreadsheetId, changedAtIso, options.debounceMs ?? 1000, options.budget, read);
    if (result?.status === "done") report = result;
    else if (result?.status === "busy") await sleep(options.pollMs ?? 500);
  }
}
