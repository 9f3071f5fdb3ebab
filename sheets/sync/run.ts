// One sync run of one spreadsheet, under its lease: read every tab (one batchGet), read the
// records that changed on either side, plan, write records, write changed cells (one
// values.batchUpdate; a second one first only when new rows need IDs), keep the base state.
// Order matters for crashes: IDs reach the sheet before their records exist, records are
// written before cells, and the base state is saved last, so a run that stops anywhere leaves
// a state the next run completes without duplicates or lost edits.
import { randomBytes, randomUUID } from "node:crypto";
import type { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { log as defaultLog } from "../../src/log.js";
import { todayWib } from "../../src/model/time.js";
import type { Actor } from "../../src/store/records.js";
import { sheetsCaller, type CallCounts } from "../client.js";
import type { CellValue } from "../layout/cells.js";
import { resolveLayout, type Layout } from "../layout/columns.js";
import { idPrefix, type TargetKind } from "../layout/fields.js";
import { PAUSE_MESSAGES, STATUS } from "../layout/labels.js";
import type { RetryOptions } from "../retry.js";
import { SheetTargetStore, type SheetTarget } from "../targets/store.js";
import { planTarget, rowsNeedingRecords, type StoredRecord, type TargetPlan } from "./plan.js";
import { renderTarget, type CellWrite } from "./render.js";
import { applyWrites, changedRecords, fetchRecords, recordStore, unitNames, type FirestoreCounts, type WriteResults } from "./records.js";
import { parseRows, type BaseRow, type ParsedRow } from "./rows.js";
import { ensureGrid, readTabs, writeCells } from "./sheetIo.js";
import { acquireLease, loadTargetState, releaseLease, saveTargetState, storedBuckets, type TargetState } from "./state.js";
import { valueHash } from "./hash.js";

export interface SyncDeps {
  db: Firestore;
  sheets: sheets_v4.Sheets;
  now?: () => Date;
  log?: typeof defaultLog;
  retry?: RetryOptions;
}

export interface SyncOptions {
  /** Read every record of the targets' kinds instead of only those changed since the last run. */
  full?: boolean;
  leaseMs?: number;
  /** Parallel record writes. */
  writeConcurrency?: number;
  /**
   * Test hook standing in for a process that dies mid-run (no real part can show that): throws
   * after the named phase without releasing the lease, as a crash would.
   */
  crashAfter?: "ids" | "records" | "cells";
  /** How far before the last run's start records are read again (slow commits, clock skew); default 60 s. */
  cursorMarginMs?: number;
  /** Skip the run when a completed run already started after this instant (coalescing). */
  unlessCoveredAfter?: string;
}

export interface TargetReport {
  targetId: string;
  tab: string;
  paused: string | null;
  rows: number;
  created: number;
  updated: number;
  archived: number;
  appended: number;
  conflicts: number;
  problemRows: number;
  retryLater: number;
  cellsWritten: number;
}

export interface SyncReport {
  spreadsheetId: string;
  /** busy: another run holds the lease; covered: a completed run already started after `unlessCoveredAfter`. */
  status: "done" | "busy" | "covered";
  startedAt: string;
  sheetsCalls: CallCounts;
  sheetsRequests: number;
  firestore: FirestoreCounts;
  recordWrites: number;
  cellsWritten: number;
  targets: TargetReport[];
  /** CPU time and sampled heap growth of the pure steps (parse, plan, render). */
  planning: { cpuMs: number; heapPeakMb: number };
}

export class SimulatedCrash extends Error {}

interface LiveTarget {
  target: SheetTarget;
  layout: Layout;
  values: CellValue[][];
  rows: ParsedRow[];
  state: TargetState;
  plan?: TargetPlan;
  results?: WriteResults;
  report: TargetReport;
}

function emptyReport(target: SheetTarget): TargetReport {
  return { targetId: target.id, tab: target.tab, paused: null, rows: 0, created: 0, updated: 0, archived: 0, appended: 0, conflicts: 0, problemRows: 0, retryLater: 0, cellsWritten: 0 };
}

function newRecordId(kind: TargetKind): string {
  return idPrefix(kind) + randomBytes(8).toString("base64url").replace(/[-_]/g, "x").slice(0, 10).toUpperCase();
}

/** Measures the pure steps; the heap is sampled at step boundaries (a lower bound of the true peak). */
class PlanningMeter {
  cpuMicros = 0;
  private baseline = process.memoryUsage().heapUsed;
  peak = 0;
  measure<T>(step: () => T): T {
    const before = process.cpuUsage();
    const result = step();
    const used = process.cpuUsage(before);
    this.cpuMicros += used.user + used.system;
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed - this.baseline);
    return result;
  }
}

export async function syncSpreadsheet(deps: SyncDeps, spreadsheetId: string, options: SyncOptions = {}): Promise<SyncReport> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? defaultLog;
  const owner = randomUUID();
  const startedAt = now();
  const caller = sheetsCaller(deps.retry);
  const firestore: FirestoreCounts = { reads: 0, writes: 0 };
  const report: SyncReport = {
    spreadsheetId,
    status: "done",
    startedAt: startedAt.toISOString(),
    sheetsCalls: caller.counts,
    sheetsRequests: 0,
    firestore,
    recordWrites: 0,
    cellsWritten: 0,
    targets: [],
    planning: { cpuMs: 0, heapPeakMb: 0 },
  };
  const lease = await acquireLease(deps.db, spreadsheetId, owner, startedAt, options.leaseMs ?? 10 * 60_000, options.unlessCoveredAfter);
  if (lease !== "acquired") return { ...report, status: lease };
  firestore.reads++;
  firestore.writes++;
  try {
    await runLeased(deps, spreadsheetId, options, { caller, firestore, report, startedAt, log, now });
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error; // a crashed process never releases its lease
    await releaseLease(deps.db, spreadsheetId, owner, null);
    throw error;
  }
  await releaseLease(deps.db, spreadsheetId, owner, startedAt.toISOString());
  firestore.reads++;
  firestore.writes++;
  report.sheetsRequests = Object.values(caller.counts).reduce((sum, count) => sum + count, 0);
  log.info("sheet sync run done", { spreadsheetId, sheetsCalls: caller.counts, firestore, recordWrites: report.recordWrites, cellsWritten: report.cellsWritten });
  return report;
}

interface RunContext {
  caller: ReturnType<typeof sheetsCaller>;
  firestore: FirestoreCounts;
  report: SyncReport;
  startedAt: Date;
  log: typeof defaultLog;
  now: () => Date;
}

async function runLeased(deps: SyncDeps, spreadsheetId: string, options: SyncOptions, context: RunContext): Promise<void> {
  const { caller, firestore, report, startedAt, log, now } = context;
  const targetStore = new SheetTargetStore(deps.db);
  const targets = await targetStore.listBySpreadsheet(spreadsheetId);
  firestore.reads += Math.max(1, targets.length);
  if (targets.length === 0) return;

  const { tabs, missing } = await readTabs(deps.sheets, caller, spreadsheetId, [...new Set(targets.map((target) => target.tab))]);
  const units = await unitNames(deps.db, firestore);
  const meter = new PlanningMeter();
  const live: LiveTarget[] = [];
  for (const target of targets) {
    const targetReport = emptyReport(target);
    report.targets.push(targetReport);
    const values = tabs.get(target.tab);
    const layout = resolveLayout(target.kind, values?.[0] ?? []);
    const pause = missing.includes(target.tab)
      ? PAUSE_MESSAGES.missingTab(target.tab)
      : layout.missing.length > 0
        ? PAUSE_MESSAGES.missingHeaders(target.tab, layout.missing)
        : null;
    if (pause !== target.pausedReason) {
      await targetStore.setPaused(target.id, pause);
      firestore.writes++;
      if (pause) log.warn("sheet sync target paused", { spreadsheetId, targetId: target.id, reason: pause });
    }
    targetReport.paused = pause;
    if (pause || !values) continue;
    const state = await loadTargetState(deps.db, target.id);
    firestore.reads += 1 + state.stored.size;
    const rows = meter.measure(() => parseRows(layout, values, units));
    targetReport.rows = rows.length;
    live.push({ target, layout, values, rows, state, report: targetReport });
  }

  // Records changed in Firestore since the oldest cursor, one query per kind.
  const changed = new Map<TargetKind, StoredRecord[]>();
  for (const kind of new Set(live.map((entry) => entry.target.kind))) {
    const ofKind = live.filter((entry) => entry.target.kind === kind);
    const cursors = ofKind.map((entry) => entry.state.cursor);
    const after = options.full || cursors.includes(null) ? null : cursors.sort()[0]!;
    changed.set(kind, await changedRecords(recordStore(deps.db, kind), after, firestore, options.cursorMarginMs ?? 60_000));
  }
  const known = new Map<TargetKind, Map<string, StoredRecord>>();
  for (const [kind, records] of changed) known.set(kind, new Map(records.map((record) => [record.id, record])));
  for (const kind of known.keys()) {
    const records = known.get(kind)!;
    const needed = new Set<string>();
    for (const entry of live.filter((candidate) => candidate.target.kind === kind)) {
      for (const id of rowsNeedingRecords(entry.rows, entry.state.base)) if (!records.has(id)) needed.add(id);
      const inSheet = new Set(entry.rows.map((row) => row.id));
      for (const id of entry.state.base.keys()) if (!inSheet.has(id) && !records.has(id)) needed.add(id);
    }
    for (const [id, record] of await fetchRecords(recordStore(deps.db, kind), [...needed], firestore)) records.set(id, record);
  }

  const today = todayWib(startedAt);
  for (const entry of live) {
    const records = known.get(entry.target.kind)!;
    const changedIds = new Set((changed.get(entry.target.kind) ?? []).map((record) => record.id));
    entry.plan = meter.measure(() =>
      planTarget({
        scope: entry.target,
        layout: entry.layout,
        rows: entry.rows,
        base: entry.state.base,
        records,
        changedIds,
        newId: () => newRecordId(entry.target.kind),
        today,
      }),
    );
  }

  // New rows get their IDs in the sheet first: a run that stops after this can only find them again.
  const idWrites = live
    .map((entry) => ({
      tab: entry.target.tab,
      cells: entry.plan!.creates
        .filter((create) => create.assignId)
        .flatMap((create): CellWrite[] => [
          { row: create.rowNumber, column: entry.layout.idColumn, value: create.id },
          { row: create.rowNumber, column: entry.layout.statusColumn, value: STATUS.creating },
        ]),
    }))
    .filter((write) => write.cells.length > 0);
  if (idWrites.length > 0) await writeCells(deps.sheets, caller, spreadsheetId, idWrites, "writing IDs of new rows");
  if (options.crashAfter === "ids") throw new SimulatedCrash("simulated crash after IDs");

  const actor: Actor = { by: `sheet:${spreadsheetId}`, source: "sheet" };
  const writtenIds = new Set<string>();
  for (const entry of live) {
    const store = recordStore(deps.db, entry.target.kind);
    const plan = entry.plan!;
    entry.results = await applyWrites(store, entry.target.kind, actor, plan, firestore, options.writeConcurrency ?? 16, now);
    const records = known.get(entry.target.kind)!;
    for (const [id, record] of entry.results.written) {
      records.set(id, record);
      writtenIds.add(id);
    }
    for (const outcome of entry.results.outcomes.values()) {
      if (outcome.created) entry.report.created++;
      if (outcome.retry) entry.report.retryLater++;
      entry.report.conflicts += outcome.conflicts.length;
    }
    entry.report.updated = plan.updates.length - entry.report.retryLater;
    entry.report.archived = plan.archives.length;
    report.recordWrites += entry.results.written.size;
  }
  // Fields where sheet and record now agree are kept in the base before the sheet is touched
  // again, so that a run stopping from here on cannot mistake a later edit on either side
  // (even one back to the old value) for "unchanged".
  for (const entry of live) {
    const interim = agreedNow(entry, known.get(entry.target.kind)!);
    if (interim) {
      firestore.writes += await saveTargetState(deps.db, entry.target.id, entry.state, interim, entry.state.cursor);
      entry.state = stateAfterSave(entry.state, interim);
    }
  }
  if (options.crashAfter === "records") throw new SimulatedCrash("simulated crash after records");

  const cellWrites: { tab: string; cells: CellWrite[] }[] = [];
  const gridNeeds: { tab: string; rows: number; columns: number }[] = [];
  const rendered = new Map<LiveTarget, ReturnType<typeof renderTarget>>();
  for (const entry of live) {
    const records = known.get(entry.target.kind)!;
    const candidates = new Map<string, StoredRecord>();
    for (const record of changed.get(entry.target.kind) ?? []) candidates.set(record.id, records.get(record.id) ?? record);
    for (const id of writtenIds) {
      const record = records.get(id);
      if (record) candidates.set(id, record);
    }
    const result = meter.measure(() =>
      renderTarget({
        scope: entry.target,
        layout: entry.layout,
        rows: entry.rows,
        plan: entry.plan!,
        base: entry.state.base,
        records,
        outcomes: entry.results!.outcomes,
        writtenIds,
        appendCandidates: candidates.values(),
        archived: new Set(entry.plan!.archives),
        units,
      }),
    );
    rendered.set(entry, result);
    entry.report.appended = result.appended;
    entry.report.cellsWritten = result.cells.length;
    entry.report.problemRows = entry.plan!.problems.size + [...entry.results!.outcomes.values()].filter((outcome) => outcome.problems.length > 0).length;
    if (result.cells.length > 0) cellWrites.push({ tab: entry.target.tab, cells: result.cells });
    if (result.appended > 0) {
      const lastRow = Math.max(...result.cells.map((cell) => cell.row));
      gridNeeds.push({ tab: entry.target.tab, rows: lastRow, columns: entry.layout.width });
    }
  }
  if (gridNeeds.length > 0) await ensureGrid(deps.sheets, caller, spreadsheetId, gridNeeds);
  report.cellsWritten = await writeCells(deps.sheets, caller, spreadsheetId, cellWrites, "writing changed cells");
  if (options.crashAfter === "cells") throw new SimulatedCrash("simulated crash after cells");

  for (const entry of live) {
    const result = rendered.get(entry)!;
    const changedCount = (changed.get(entry.target.kind) ?? []).length;
    if (!result.baseChanged && changedCount === 0 && entry.state.cursor !== null) continue;
    firestore.writes += await saveTargetState(deps.db, entry.target.id, entry.state, result.base, startedAt.toISOString());
  }
  const cpu = meter.cpuMicros / 1000;
  report.planning = { cpuMs: Math.round(cpu), heapPeakMb: Math.round((meter.peak / 1024 / 1024) * 10) / 10 };
}

/**
 * The base with every field where sheet and record now hold the same value marked as agreed
 * (taken from the sheet just now, or changed alike on both sides); null when nothing moved.
 */
function agreedNow(entry: LiveTarget, records: Map<string, StoredRecord>): Map<string, BaseRow> | null {
  let base: Map<string, BaseRow> | null = null;
  for (const row of entry.rows) {
    if (row.id === "" || !entry.plan!.touched.has(row.rowNumber)) continue;
    const known = (base ?? entry.state.base).get(row.id);
    const record = records.get(row.id);
    const outcome = entry.results!.outcomes.get(row.rowNumber);
    if (!record || !known || outcome?.retry || entry.plan!.statusOnly.has(row.rowNumber)) continue;
    const hashes = { ...known.hashes };
    let moved = false;
    for (const { def } of entry.layout.fields) {
      const hash = valueHash(def.read(record));
      if (row.hashes.get(def.key) === hash && hashes[def.key] !== hash) {
        hashes[def.key] = hash;
        moved = true;
      }
    }
    if (!moved) continue;
    base ??= new Map(entry.state.base);
    base.set(row.id, { ...known, hashes });
  }
  return base;
}

/** The state as it is after a save (what is stored now), so that the final save writes only what changes after. */
function stateAfterSave(previous: TargetState, base: Map<string, BaseRow>): TargetState {
  const stored = storedBuckets(base, previous.bucketCount);
  return { ...previous, base, stored, bucketCount: stored.size };
}
