// When runs happen: `reconcileAll` (the scheduled safety net, every target) and
// `syncAfterChange`, which coalesces bursts of record changes into as few runs as possible:
// a change is covered by any run that started after it and completed.
import { SheetTargetStore } from "../targets/store.js";
import { readRunState } from "./state.js";
import { syncSpreadsheet, type SyncDeps, type SyncOptions, type SyncReport } from "./run.js";

/** Runs every spreadsheet; passes again while runs wrote records that other spreadsheets show. */
export async function reconcileAll(deps: SyncDeps, options: SyncOptions & { maxPasses?: number } = {}): Promise<SyncReport[]> {
  const targets = await new SheetTargetStore(deps.db).list();
  const spreadsheetIds = [...new Set(targets.map((target) => target.spreadsheetId))].sort();
  const reports: SyncReport[] = [];
  for (let pass = 0; pass < (options.maxPasses ?? 3); pass++) {
    let wrote = false;
    for (const spreadsheetId of spreadsheetIds) {
      const report = await syncSpreadsheet(deps, spreadsheetId, options);
      reports.push(report);
      if (report.recordWrites > 0) wrote = true;
    }
    if (!wrote || spreadsheetIds.length < 2) break;
  }
  return reports;
}

export interface AfterChangeOptions {
  /** Wait this long before starting a run, so that a burst of changes shares it. */
  debounceMs?: number;
  /** How often to look whether a run by someone else has covered the change. */
  pollMs?: number;
  /** Give up waiting after this long; the change stays for the scheduled reconcile. */
  timeoutMs?: number;
}

export interface AfterChangeResult {
  covered: boolean;
  /** The run this call started, if it started one. */
  report?: SyncReport;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** In this process: the run waiting to start for a spreadsheet, which later changes may join. */
const pending = new Map<string, { started: boolean; latestChange: string; promise: Promise<SyncReport | null> }>();

/** Joins (or opens) the debounced run; null when, once the wait was over, a completed run already covered every joiner. */
function joinPendingRun(deps: SyncDeps, spreadsheetId: string, changedAtIso: string, debounceMs: number): Promise<SyncReport | null> {
  const waiting = pending.get(spreadsheetId);
  if (waiting && !waiting.started) {
    if (waiting.latestChange < changedAtIso) waiting.latestChange = changedAtIso;
    return waiting.promise;
  }
  const entry = { started: false, latestChange: changedAtIso, promise: Promise.resolve<SyncReport | null>(null) };
  entry.promise = (async () => {
    await sleep(debounceMs);
    entry.started = true;
    try {
      const state = await readRunState(deps.db, spreadsheetId);
      if (state.coveredUntil && state.coveredUntil > entry.latestChange) return null;
      return await syncSpreadsheet(deps, spreadsheetId, { unlessCoveredAfter: entry.latestChange });
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
    const state = await readRunState(deps.db, spreadsheetId);
    if (state.coveredUntil && state.coveredUntil > changedAtIso) return { covered: true, report };
    if (now().getTime() > deadline) return { covered: false, report };
    const leaseHeld = state.leaseOwner !== null && state.leaseUntil !== null && state.leaseUntil > now().toISOString();
    if (leaseHeld) {
      await sleep(options.pollMs ?? 500);
      continue;
    }
    const result = await joinPendingRun(deps, spreadsheetId, changedAtIso, options.debounceMs ?? 1000);
    if (result?.status === "done") report = result;
    else if (result?.status === "busy") await sleep(options.pollMs ?? 500);
  }
}
