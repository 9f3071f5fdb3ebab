// One sync run of one spreadsheet, under its lease, as named steps: read the sheet, read the
// records, plan, give new rows their IDs, write the records, keep what now agrees, write the
// cells, save the base. Order matters for crashes: IDs reach the sheet before their records
// exist, records are written before cells, and the base state is saved last, so a run that
// stops anywhere leaves a state the next run completes without duplicates or lost edits.
// Staff keep working meanwhile: every sheet write is placed by record ID, not row number, and
// checked at write time (placement.ts); a run that lost its lease can write nothing (fencing).
import { randomBytes, randomUUID } from "node:crypto";
import type { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { log as defaultLog } from "../../src/log.js";
import { todayWib } from "../../src/model/time.js";
import type { Actor } from "../../src/store/records.js";
import { sheetsCaller, type CallCounts } from "../client.js";
import { formatCell, type CellOutput, type CellValue, type UnitNames } from "../layout/cells.js";
import { resolveLayout, type Layout } from "../layout/columns.js";
import { idPrefix, type TargetKind } from "../layout/fields.js";
import { isProblemStatus, PAUSE_MESSAGES, STATUS } from "../layout/labels.js";
import { isRetryable, type RetryOptions } from "../retry.js";
import { SheetTargetStore, type SheetTarget } from "../targets/store.js";
import { planTarget, rowsNeedingRecords, type StoredRecord, type TargetPlan } from "./plan.js";
import { addedRowLines, renderTarget, type CellWrite } from "./render.js";
import { applyWrites, changedRecords, fetchRecords, keptOfRecord, namesForTab, recordStore, unitNames, type FirestoreCounts, type RunNames, type WriteResults } from "./records.js";
import type { BaseState } from "./base.js";
import { parseRows, releaseCells, type ParsedRow } from "./rows.js";
import { consumeJournal, latestEdits, lostEdits, readJournal, unapplied, withLostEdit, type LostEdit } from "./journal.js";
import { RowAllowance, UNKNOWN_ROWS, processRows } from "./memoryShare.js";
import { addRows, addRowsBody, isMissingTab, noteOnTab, readTabs, spreadsheetLocale, tabGrid, writeRowsEchoed, type RowWrite, type RowsAt } from "./sheetIo.js";
import { isSupportedLocale } from "../../src/model/parse/locale.js";
import {
  acquireLease,
  leaseGuard,
  readRunSnapshot,
  LeaseLostError,
  loadTargetState,
  releaseLease,
  renewLease,
  saveTargetState,
  type Lease,
  type RunStateRead,
  type TargetState,
  type WriteIntent,
} from "./state.js";
import { ID_COLUMN, columnKeys, landedOnItsRow, rowName, placeWrites, sameCell, sameTarget, STATUS_COLUMN, usable, contentOf, type AnchoredWrite, type Anchor } from "./placement.js";
import { fieldHash } from "./hash.js";
import { refreshDashboard, type HeldUnits } from "../dashboard/refresh.js";

export interface SyncDeps {
  db: Firestore;
  sheets: sheets_v4.Sheets;
  now?: () => Date;
  /** IDs for new rows; random by default (a property test passes a seeded one to replay a sequence exactly). */
  newId?: (kind: TargetKind) => string;
  log?: typeof defaultLog;
  retry?: RetryOptions;
  /** STALLED_AFTER_DAYS, for the dashboard's figures (the summaries' default when not given). */
  stalledAfterDays?: number;
  /** Rows the runs of this process may hold at once (memoryShare.ts); the process's own by default. */
  rows?: RowAllowance;
}

export interface SyncOptions {
  /** Read every record of the targets' kinds instead of only those changed since the last run. */
  full?: boolean;
  leaseMs?: number;
  /** Record-write transactions at a time (each up to 25 records, records.ts). */
  writeConcurrency?: number;
  /** Attempts to place a tab's writes when rows keep moving under them or a write fails; default: the retry policy's attempts. */
  placementAttempts?: number;
  /** How far before the last run's start records are read again (slow commits, clock skew); default 60 s. */
  cursorMarginMs?: number;
  /** Skip the run when a completed run already started after this instant (coalescing). */
  unlessCoveredAfter?: string;
  /** The run state as the caller has just read it: the lease is taken on it without a second read. */
  runState?: RunStateRead;
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
  /**
   * busy: another run holds the lease; covered: a completed run already started after
   * `unlessCoveredAfter`; leaseLost: this run was slowed past its lease and stopped writing.
   */
  status: "done" | "busy" | "covered" | "leaseLost";
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

interface LiveTarget {
  target: SheetTarget;
  layout: Layout;
  values: CellValue[][];
  rows: ParsedRow[];
  state: TargetState;
  plan?: TargetPlan;
  results?: WriteResults;
  report: TargetReport;
  /** New rows whose ID is in the sheet (verified): only those become records. */
  idsPlaced?: Set<number>;
  /** Staff edits the sheet lost (overwritten at the instant of a write), applied as sheet edits this run. */
  lost: LostEdit[];
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
  const runState = options.runState ?? (await readRunSnapshot(deps.db, spreadsheetId));
  const rows = deps.rows ?? processRows;
  const needed = runState.state.rows ?? UNKNOWN_ROWS;
  if (!rows.fitsNow(needed)) (deps.log ?? defaultLog).info("sheet sync run waits for memory: other runs of this instance hold its rows", { spreadsheetId, rows: needed, inUse: rows.inUse, share: rows.rows });
  const giveBack = await rows.take(needed);
  try {
    return await runWithLease(deps, spreadsheetId, options, runState);
  } finally {
    giveBack();
  }
}

/** Takes the lease, runs, and gives the lease back with what the run covered and the rows it had. */
async function runWithLease(deps: SyncDeps, spreadsheetId: string, options: SyncOptions, runState: RunStateRead): Promise<SyncReport> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? defaultLog;
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
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  // The targets are read while the lease is written, after a run state that showed no run going:
  // what the last run changed in them (a paused tab, the locale) is in. Had another run come
  // between that state and this lease (a fence skipped), they are read again. A run that does
  // not get the lease drops them.
  const readTargets = () => new SheetTargetStore(deps.db).listBySpreadsheet(spreadsheetId);
  let targets = readTargets();
  targets.catch(() => undefined);
  const lease = await acquireLease(deps.db, spreadsheetId, randomUUID(), startedAt, leaseMs, options.unlessCoveredAfter, runState);
  if (typeof lease === "string") return { ...report, status: lease };
  if (lease.fence !== runState.state.fence + 1) targets = readTargets();
  firestore.reads++;
  firestore.writes++;
  const run: Run = { deps, spreadsheetId, options, caller, firestore, report, lease, targets, leaseMs, startedAt, log, now, meter: new PlanningMeter(), journal: [], intent: [] };
  try {
    await runLeased(run);
  } catch (error) {
    if (error instanceof LeaseLostError) {
      log.warn("sheet sync run stopped: its lease was taken over", { spreadsheetId });
      return finish(run, "leaseLost");
    }
    await releaseLease(deps.db, lease, null);
    throw error;
  }
  // Covered: every change committed before this run's lease (Firestore's clock).
  await releaseLease(deps.db, lease, lease.startedAt, rowsOf(report));
  firestore.reads++;
  firestore.writes++;
  log.info("sheet sync run done", { spreadsheetId, sheetsCalls: caller.counts, firestore, recordWrites: report.recordWrites, cellsWritten: report.cellsWritten });
  return finish(run, "done");
}

/** The rows of a run's tabs once it is done: what its next run will hold. */
function rowsOf(report: SyncReport): number {
  return report.targets.reduce((sum, target) => sum + target.rows + target.appended, 0);
}

function finish(run: Run, status: SyncReport["status"]): SyncReport {
  run.report.status = status;
  run.report.sheetsRequests = Object.values(run.caller.counts).reduce((sum, count) => sum + count, 0);
  run.report.planning = { cpuMs: Math.round(run.meter.cpuMicros / 1000), heapPeakMb: Math.round((run.meter.peak / 1024 / 1024) * 10) / 10 };
  return run.report;
}

/** Everything one run carries from step to step. */
interface Run {
  deps: SyncDeps;
  spreadsheetId: string;
  options: SyncOptions;
  caller: ReturnType<typeof sheetsCaller>;
  firestore: FirestoreCounts;
  report: SyncReport;
  lease: Lease;
  /** The spreadsheet's targets, read while the lease was taken. */
  targets: Promise<SheetTarget[]>;
  leaseMs: number;
  startedAt: Date;
  log: typeof defaultLog;
  now: () => Date;
  meter: PlanningMeter;
  /** Unit names (and every unit), read with the sheet (cells name units). */
  units?: RunNames;
  /** Journalled staff edits not yet taken into account (see journal.ts). */
  journal: Awaited<ReturnType<typeof readJournal>>;
  /** The cell writes this run sent, noted with the lease until the run completes (state.ts, WriteIntent). */
  intent: WriteIntent[];
  /** Records changed since the cursors, read alongside the sheet (changedEarly), until readRecords takes them. */
  changedEarly?: Map<TargetKind, ChangedRead>;
}

/** The records of a kind read as changed since a cursor (null: every record), kept as the tabs show them. */
interface ChangedRead {
  after: string | null;
  records: StoredRecord[];
}

/** What the records side of a run knows: per kind, the records changed since the cursor and every record read. */
interface RecordsRead {
  changed: Map<TargetKind, StoredRecord[]>;
  known: Map<TargetKind, Map<string, StoredRecord>>;
  writtenIds: Set<string>;
}

async function runLeased(run: Run): Promise<void> {
  if (!(await syncTabs(run))) return;
  await refreshDashboardData(run);
}

/**
 * Steps 1-9: the tabs' sync; false when no tab is live. Its cells, rows and records are let go
 * when it returns, before the dashboard reads every innovation of the city.
 */
async function syncTabs(run: Run): Promise<boolean> {
  const live = await readSheet(run);
  if (live.length === 0) return false;
  const records = await readRecords(run, live);
  await recoverLostEdits(run, live, records);
  planTargets(run, live, records);
  await assignNewIds(run, live);
  await writeRecords(run, live, records);
  await keepAgreedBase(run, live, records);
  const bases = await writeCells(run, live, records);
  await saveBase(run, live, records, bases);
  return true;
}

/** Step 1: every target tab in one read; a tab without its columns, or with ambiguous ones, pauses. */
async function readSheet(run: Run): Promise<LiveTarget[]> {
  const { deps, spreadsheetId, firestore, report, log } = run;
  const targetStore = new SheetTargetStore(deps.db);
  const targets = await run.targets;
  firestore.reads += Math.max(1, targets.length);
  if (targets.length === 0) return [];
  // Under the lease, so no other run saves a base meanwhile: the base states of the tabs that were
  // not paused and the unit names are read while the sheet is (none needs another). The journal
  // stays after the sheet read: an entry read before it could be older than a later edit of the
  // same cell (an undo) that the read shows and the journal does not yet hold.
  const states = new Map(targets.filter((target) => !target.pausedReason).map((target) => [target.id, loadTargetState(deps.db, target.id)]));
  // The records changed since the cursors are read meanwhile too, for the tabs that were live
  // (readRecords reads again only for a kind whose cursor the sheet changed, such as a tab unpaused).
  const early = changedEarly(run, targets, states);
  const [{ tabs, formulas, missing }, units] = await Promise.all([
    readTabsWithFormulas(run, targets),
    unitNames(deps.db, firestore, targets.some((target) => target.kind === "iidEvidence")),
    early,
    ...states.values(),
  ]);
  run.changedEarly = await early;
  run.units = units;
  const locale = await localeOf(run, targets, targetStore);
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
        : layout.duplicates.length > 0
          ? PAUSE_MESSAGES.duplicateHeaders(target.tab, layout.duplicates)
          : !isSupportedLocale(locale)
            ? PAUSE_MESSAGES.unsupportedLocale(locale)
            : null;
    if (pause !== target.pausedReason) {
      await targetStore.setPaused(target.id, pause);
      firestore.writes++;
      if (pause) log.warn("sheet sync target paused", { spreadsheetId, targetId: target.id, reason: pause });
      if (values) await noteOnTab(deps.sheets, run.caller, spreadsheetId, target.tab, pause ?? "");
    }
    targetReport.paused = pause;
    if (pause || !values) continue;
    const state = await (states.get(target.id) ?? loadTargetState(deps.db, target.id));
    firestore.reads += 1 + state.stored.size;
    const rows = run.meter.measure(() => parseRows(layout, values, namesForTab(run.units!, target.units), locale, formulas.get(target.tab)));
    targetReport.rows = rows.length;
    live.push({ target, layout, values, rows, state, report: targetReport, lost: [] });
  }
  if (live.length > 0) {
    run.journal = await readJournal(deps.db, spreadsheetId);
    firestore.reads += Math.max(1, run.journal.length);
  }
  return live;
}

/**
 * The tabs as the run reads them, and where staff put formulas in labinov's columns (refused: a
 * formula's result can change by itself, e.g. =TODAY()). One FORMULA read: every other cell reads
 * as with UNFORMATTED_VALUE. Only a tab with a field cell starting with "=" is read a second time
 * (UNFORMATTED), to tell a formula from text labinov wrote RAW that starts with "=".
 */
async function readTabsWithFormulas(run: Run, targets: SheetTarget[]): Promise<{ tabs: Map<string, CellValue[][]>; formulas: Map<string, CellValue[][]>; missing: string[] }> {
  const names = [...new Set(targets.map((target) => target.tab))];
  const read = await readTabs(run.deps.sheets, run.caller, run.spreadsheetId, names, "reading", "FORMULA");
  // Of the FORMULA read only the rows with a field cell starting with "=" are kept, and let go of
  // the rest before the second read: a 50,000-row tab is not held twice for one formula.
  const formulas = new Map<string, CellValue[][]>();
  for (const tab of names) {
    const values = read.tabs.get(tab);
    if (!values) continue;
    const columns = targets.filter((target) => target.tab === tab).flatMap((target) => resolveLayout(target.kind, values[0] ?? []).fields.map(({ column }) => column));
    const rows = rowsStartingWithEquals(values, columns);
    if (rows.length === 0) continue;
    formulas.set(tab, rows);
    read.tabs.delete(tab);
  }
  if (formulas.size === 0) return { tabs: read.tabs, formulas, missing: read.missing };
  const plain = await readTabs(run.deps.sheets, run.caller, run.spreadsheetId, [...formulas.keys()], "reading values of");
  for (const tab of formulas.keys()) read.tabs.set(tab, plain.tabs.get(tab) ?? []);
  return { tabs: read.tabs, formulas, missing: read.missing };
}

/** The rows (after the header) with a cell in `columns` starting with "=", at their own index; the other rows are holes. */
function rowsStartingWithEquals(values: CellValue[][], columns: number[]): CellValue[][] {
  const kept: CellValue[][] = [];
  values.forEach((cells, index) => {
    if (index > 0 && columns.some((column) => typeof cells[column] === "string" && (cells[column] as string).startsWith("="))) kept[index] = cells;
  });
  return kept;
}

/** The spreadsheet's locale: kept on its targets, read from the spreadsheet only when none has it yet. */
async function localeOf(run: Run, targets: SheetTarget[], targetStore: SheetTargetStore): Promise<string> {
  const kept = targets.find((target) => target.locale)?.locale;
  if (kept) return kept;
  const locale = await spreadsheetLocale(run.deps.sheets, run.caller, run.spreadsheetId);
  for (const target of targets) await targetStore.setLocale(target.id, locale);
  run.firestore.writes += targets.length;
  return locale;
}

/** Step 2: records changed in Firestore since the oldest cursor (one query per kind), and those the rows need. */
async function readRecords(run: Run, live: LiveTarget[]): Promise<RecordsRead> {
  const { deps, firestore } = run;
  const changed = new Map<TargetKind, StoredRecord[]>();
  for (const [kind, after] of cursorsOf(run, live.map((entry) => ({ kind: entry.target.kind, cursor: entry.state.cursor })))) {
    const early = run.changedEarly?.get(kind);
    changed.set(kind, early && early.after === after ? early.records : await readChanged(run, kind, after));
  }
  run.changedEarly = undefined;
  const known = new Map<TargetKind, Map<string, StoredRecord>>();
  for (const [kind, records] of changed) known.set(kind, new Map(records.map((record) => [record.id, record])));
  for (const [kind, records] of known) {
    const needed = new Set<string>();
    for (const entry of live.filter((candidate) => candidate.target.kind === kind)) {
      for (const id of rowsNeedingRecords(entry.rows, entry.state.base)) if (!records.has(id)) needed.add(id);
      for (const edit of latestEdits(run.journal, entry.target.tab, kind).values()) if (!records.has(edit.rowId)) needed.add(edit.rowId);
      for (const intent of run.lease.unverified.filter((candidate) => candidate.tab === entry.target.tab)) {
        const id = entry.rows.find((row) => row.rowNumber === intent.row)?.id;
        if (id && !records.has(id)) needed.add(id);
      }
      const inSheet = new Set(entry.rows.map((row) => row.id));
      for (const id of entry.state.base.keys()) if (!inSheet.has(id) && !records.has(id)) needed.add(id);
    }
    for (const [id, record] of await fetchRecords(recordStore(deps.db, kind), [...needed], firestore, keptOfRecord(kind))) records.set(id, record);
  }
  return { changed, known, writtenIds: new Set() };
}

/** Per kind, the oldest cursor of its tabs (null: read every record): what a run reads as changed. */
function cursorsOf(run: Run, tabs: { kind: TargetKind; cursor: string | null }[]): Map<TargetKind, string | null> {
  const cursorOf = new Map<TargetKind, string | null>();
  for (const kind of new Set(tabs.map((tab) => tab.kind))) {
    const cursors = tabs.filter((tab) => tab.kind === kind).map((tab) => tab.cursor);
    cursorOf.set(kind, run.options.full || cursors.includes(null) ? null : cursors.sort()[0]!);
  }
  return cursorOf;
}

function readChanged(run: Run, kind: TargetKind, after: string | null): Promise<StoredRecord[]> {
  return changedRecords(recordStore(run.deps.db, kind), after, run.firestore, run.options.cursorMarginMs ?? 60_000, keptOfRecord(kind));
}

/**
 * Step 1, alongside the sheet read: the records changed since the cursors of the tabs not paused
 * before it, as readRecords would read them. A 50,000-row first run reads every record, which then
 * takes the time of the sheet's read instead of following it.
 */
async function changedEarly(run: Run, targets: SheetTarget[], states: Map<string, Promise<TargetState>>): Promise<Map<TargetKind, ChangedRead>> {
  const tabs = await Promise.all(targets.filter((target) => states.has(target.id)).map(async (target) => ({ kind: target.kind, cursor: (await states.get(target.id)!).cursor })));
  const early = new Map<TargetKind, ChangedRead>();
  for (const [kind, after] of cursorsOf(run, tabs)) early.set(kind, { after, records: await readChanged(run, kind, after) });
  return early;
}

/**
 * Step 2b: staff edits the journal holds but the sheet lost (and the record never got) are put
 * back into their rows, as sheet edits: merged by the usual rule, so a record change made since
 * is a conflict the sheet wins, its value kept in the audit.
 */
async function recoverLostEdits(run: Run, live: LiveTarget[], records: RecordsRead): Promise<void> {
  for (const entry of live) {
    const known = records.known.get(entry.target.kind)!;
    const latest = latestEdits(run.journal, entry.target.tab, entry.target.kind);
    const candidates = latest.size === 0 ? [] : lostEdits(entry.layout, entry.rows, latest, known, entry.state.base, run.units!);
    run.firestore.reads += candidates.length;
    const lost = candidates.length === 0 ? [] : await unapplied(run.deps.db, entry.target.kind, entry.layout, candidates, run.units!);
    if (lost.length > 0) run.log.warn("sheet sync: staff edits lost from the sheet are applied from the edit journal", { spreadsheetId: run.spreadsheetId, tab: entry.target.tab, cells: lost.length });
    entry.lost = [...misplacedByEarlierRun(run, entry, known), ...lost];
    for (const edit of entry.lost) withLostEdit(entry.rows.find((row) => row.rowNumber === edit.rowNumber)!, entry.layout, edit, run.units!);
  }
}

/**
 * Values an earlier run wrote onto another record's row and could not put back (it stopped, or
 * lost its lease, between its write and its check): the row now shows the other run's value in
 * that cell. Read as showing its own record's value, which is written back; never taken for a
 * staff edit.
 */
function misplacedByEarlierRun(run: Run, entry: LiveTarget, records: Map<string, StoredRecord>): LostEdit[] {
  const found: LostEdit[] = [];
  for (const intent of run.lease.unverified) {
    if (intent.tab !== entry.target.tab) continue;
    const row = entry.rows.find((candidate) => candidate.rowNumber === intent.row);
    const field = entry.layout.fields.find((candidate) => candidate.def.key === intent.field);
    if (!row || !field || row.id === "" || row.id === intent.id) continue;
    const record = records.get(row.id);
    if (!record || !sameCell(entry.values[intent.row - 1]?.[field.column], intent.value)) continue;
    found.push({ rowNumber: row.rowNumber, rowId: row.id, field: intent.field, value: formatCell(field.def.cell, field.def.read(record), run.units!), editedAt: run.lease.startedAt });
  }
  if (found.length > 0) run.log.warn("sheet sync: values an earlier run wrote onto the wrong rows are put back", { spreadsheetId: run.spreadsheetId, cells: found.length });
  return found;
}

/** Step 3: the three-way merge of every tab (pure). */
function planTargets(run: Run, live: LiveTarget[], records: RecordsRead): void {
  const today = todayWib(run.startedAt);
  for (const entry of live) {
    const changedIds = new Set((records.changed.get(entry.target.kind) ?? []).map((record) => record.id));
    entry.plan = run.meter.measure(() =>
      planTarget({
        scope: entry.target,
        layout: entry.layout,
        rows: entry.rows,
        base: entry.state.base,
        records: records.known.get(entry.target.kind)!,
        changedIds,
        newId: () => (run.deps.newId ?? newRecordId)(entry.target.kind),
        today,
      }),
    );
  }
  releaseUnplannedCells(run, live);
}

/**
 * After planning, only the rows a plan touches are read again (their cells anchor the writes):
 * the cells of every other row are let go, the largest part of a 50,000-row run's memory. A row
 * whose record any tab of the run writes is kept, since render refreshes it too.
 */
function releaseUnplannedCells(run: Run, live: LiveTarget[]): void {
  const written = new Set<string>();
  for (const { plan } of live) {
    for (const update of plan!.updates) written.add(update.id);
    for (const create of plan!.creates) written.add(create.id);
    for (const id of plan!.archives) written.add(id);
  }
  for (const entry of live) {
    const plan = entry.plan!;
    const keep = new Set<number>([...plan.touched, ...plan.statusOnly.keys(), ...plan.problems.keys(), ...plan.assigned.keys(), ...plan.restoredIds.keys(), ...entry.lost.map((edit) => edit.rowNumber)]);
    for (const create of plan.creates) keep.add(create.rowNumber);
    for (const intent of run.lease.unverified) if (intent.tab === entry.target.tab) keep.add(intent.row);
    for (const row of entry.rows) if (row.id !== "" && written.has(row.id)) keep.add(row.rowNumber);
    releaseCells(entry.values, keep);
  }
}

/**
 * Step 4: new rows get their IDs in the sheet before their records exist, so a run that stops
 * after this can only find them again. Rows whose ID did not land (the row moved away, staff
 * changed it) get no record this run; the next run sees them again.
 */
async function assignNewIds(run: Run, live: LiveTarget[]): Promise<void> {
  const writes = new Map<LiveTarget, AnchoredWrite[]>();
  for (const entry of live) {
    const rowWrites: AnchoredWrite[] = [];
    for (const create of entry.plan!.creates.filter((candidate) => candidate.assignId)) {
      const cells = entry.values[create.rowNumber - 1] ?? [];
      const anchor: Anchor = { kind: "content", content: contentOf(entry.layout, cells), row: create.rowNumber };
      rowWrites.push({ anchor, column: ID_COLUMN, value: create.id, before: cells[entry.layout.idColumn] });
      rowWrites.push({ anchor, column: STATUS_COLUMN, value: STATUS.creating, before: cells[entry.layout.statusColumn], force: true });
    }
    if (rowWrites.length > 0) writes.set(entry, rowWrites);
  }
  const missed = await placeAndWrite(run, writes, "writing IDs of new rows");
  for (const entry of live) {
    const failed = new Set((missed.get(entry) ?? []).map((write) => write.anchor.row));
    entry.idsPlaced = new Set(entry.plan!.creates.filter((create) => create.assignId && !failed.has(create.rowNumber)).map((create) => create.rowNumber));
  }
}

/** Step 5: record writes through the record store, each refused if this run lost its lease. */
async function writeRecords(run: Run, live: LiveTarget[], records: RecordsRead): Promise<void> {
  const { deps, firestore, report, lease } = run;
  const actor: Actor = { by: `sheet:${run.spreadsheetId}`, source: "sheet" };
  const guard = leaseGuard(deps.db, lease);
  for (const entry of live) {
    const plan = entry.plan!;
    const creates = plan.creates.filter((create) => !create.assignId || entry.idsPlaced!.has(create.rowNumber));
    const store = recordStore(deps.db, entry.target.kind);
    entry.results = await applyWrites(store, entry.target.kind, actor, { ...plan, creates }, firestore, run.options.writeConcurrency ?? 16, run.now, guard);
    const known = records.known.get(entry.target.kind)!;
    for (const [id, record] of entry.results.written) {
      known.set(id, record);
      records.writtenIds.add(id);
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
}

/**
 * Step 6: fields where sheet and record now agree are kept in the base before the sheet is
 * touched again, so that a run stopping from here on cannot mistake a later edit on either side
 * (even one back to the old value) for "unchanged".
 */
async function keepAgreedBase(run: Run, live: LiveTarget[], records: RecordsRead): Promise<void> {
  for (const entry of live) {
    const interim = agreedNow(entry, records.known.get(entry.target.kind)!);
    if (!interim) continue;
    const saved = await saveTargetState(run.deps.db, entry.target.id, entry.state, interim, entry.state.cursor);
    run.firestore.writes += saved.writes;
    entry.state = saved.state;
  }
}

/**
 * Step 7: render each tab's changed cells and new rows, then write them where their rows are
 * now. Answers each tab's base to keep: a row whose cells did not all land keeps its old base,
 * so the next run merges it again.
 */
async function writeCells(run: Run, live: LiveTarget[], records: RecordsRead): Promise<Map<LiveTarget, { base: BaseState; changed: boolean }>> {
  const writes = new Map<LiveTarget, AnchoredWrite[]>();
  const appends = new Map<LiveTarget, StoredRecord[]>();
  const bases = new Map<LiveTarget, { base: BaseState; changed: boolean }>();
  for (const entry of live) {
    const known = records.known.get(entry.target.kind)!;
    const candidates = new Map<string, StoredRecord>();
    for (const record of records.changed.get(entry.target.kind) ?? []) candidates.set(record.id, known.get(record.id) ?? record);
    for (const id of records.writtenIds) {
      const record = known.get(id);
      if (record) candidates.set(id, record);
    }
    const plan = entry.plan!;
    const placedPlan = { ...plan, assigned: new Map([...plan.assigned].filter(([row]) => entry.idsPlaced!.has(row))) };
    const result = run.meter.measure(() =>
      renderTarget({
        scope: entry.target,
        layout: entry.layout,
        rows: entry.rows,
        plan: placedPlan,
        base: entry.state.base,
        records: known,
        outcomes: entry.results!.outcomes,
        writtenIds: records.writtenIds,
        appendCandidates: candidates.values(),
        archived: new Set(plan.archives),
        units: run.units!,
      }),
    );
    entry.report.appended = result.added.length;
    // Every row that will show "⚠": refused cells, refused new rows, duplicate or unknown IDs.
    entry.report.problemRows = new Set([
      ...plan.problems.keys(),
      ...[...plan.statusOnly].filter(([, status]) => isProblemStatus(status)).map(([row]) => row),
      ...[...entry.results!.outcomes].filter(([, outcome]) => outcome.problems.length > 0).map(([row]) => row),
    ]).size;
    bases.set(entry, { base: result.base, changed: result.baseChanged });
    const existing = anchorRendered(entry, placedPlan.assigned, [...result.cells, ...lostEditCells(entry, known, run.units!)]);
    if (existing.length > 0) writes.set(entry, existing);
    if (result.added.length > 0) appends.set(entry, result.added);
  }
  for (const entry of live) releaseSheetRead(entry);
  const missed = await placeAndWrite(run, writes, "writing changed cells");
  const addedCells = await appendNewRows(run, appends, bases);
  for (const [entry, kept] of bases) {
    const writtenTo = writes.get(entry) ?? [];
    const wanted = writtenTo.length;
    const failedIds = new Set((missed.get(entry) ?? []).map((write) => (write.anchor.kind === "id" ? write.anchor.id : "")));
    for (const id of failedIds) {
      if (id === "") continue;
      const old = entry.state.base.get(id);
      if (old) kept.base.set(id, old);
      else kept.base.delete(id);
      kept.changed = true;
    }
    const landed = wanted - (missed.get(entry)?.length ?? 0);
    entry.report.cellsWritten = landed + (addedCells.get(entry) ?? 0);
    run.report.cellsWritten += entry.report.cellsWritten;
  }
  return bases;
}

/**
 * The tab as read at the start and its parsed rows are not needed once the writes are anchored:
 * let them go before the check read brings the tab in again (two copies of a 50,000-row tab do
 * not fit the smallest function).
 */
function releaseSheetRead(entry: LiveTarget): void {
  entry.values = [];
  entry.rows = [];
}

/**
 * Cells of recovered edits: the row was rendered as if it showed the staff value, so render did
 * not write it; the cell itself still shows the overwritten value and gets the record's now.
 */
function lostEditCells(entry: LiveTarget, records: Map<string, StoredRecord>, units: UnitNames): CellWrite[] {
  const cells: CellWrite[] = [];
  for (const edit of entry.lost) {
    const row = entry.rows.find((candidate) => candidate.rowNumber === edit.rowNumber)!;
    const field = entry.layout.fields.find((candidate) => candidate.def.key === edit.field)!;
    const record = records.get(row.id);
    const outcome = entry.results!.outcomes.get(row.rowNumber);
    if (!record || outcome?.retry || outcome?.problems.some((problem) => problem.field === edit.field)) continue;
    cells.push({ row: row.rowNumber, column: field.column, value: formatCell(field.def.cell, field.def.read(record), units) });
  }
  return cells;
}

/** Rendered cells of rows that exist as anchored writes (new rows are `RenderResult.added`). */
function anchorRendered(entry: LiveTarget, assigned: Map<number, string>, cells: CellWrite[]): AnchoredWrite[] {
  const keyOf = columnKeys(entry.layout);
  const rowsByNumber = new Map(entry.rows.map((row) => [row.rowNumber, row]));
  const existing: AnchoredWrite[] = [];
  const anchors = new Map<number, Anchor>();
  for (const cell of cells) {
    const row = rowsByNumber.get(cell.row);
    const id = row?.id || assigned.get(cell.row) || "";
    const before = entry.values[cell.row - 1]?.[cell.column];
    let anchor = anchors.get(cell.row);
    if (!anchor) {
      const cells = entry.values[cell.row - 1] ?? [];
      anchor = id !== "" ? { kind: "id", id, row: cell.row, name: rowName(entry.layout, cells) } : { kind: "content", content: contentOf(entry.layout, cells), row: cell.row };
      anchors.set(cell.row, anchor);
    }
    const column = keyOf.get(cell.column) ?? ID_COLUMN;
    // Status cells are labinov's own; a new row's ID cell was written by step 4 (before = "").
    existing.push({ anchor, column, value: cell.value, before, force: column === STATUS_COLUMN || (column === ID_COLUMN && assigned.has(cell.row)) });
  }
  return existing;
}

/**
 * Rows for records new to a tab, inserted below the last row a fresh read saw (never over what
 * staff typed). A record that already has a row (an earlier attempt landed but its answer was
 * lost) is not added again. A request Google refuses (400) is tried once more with the tab's
 * grid read from the metadata: the stored sheetId may be stale (the tab deleted and made again)
 * or staff deleted rows at the grid's end since the read.
 */
async function appendNewRows(run: Run, appends: Map<LiveTarget, StoredRecord[]>, bases: Map<LiveTarget, { base: BaseState; changed: boolean }>): Promise<Map<LiveTarget, number>> {
  const cellsAdded = new Map<LiveTarget, number>();
  let pending = appends;
  const readGrid = new Set<LiveTarget>();
  for (let attempt = 1; pending.size > 0; attempt++) {
    const { tabs } = await readTabs(run.deps.sheets, run.caller, run.spreadsheetId, [...new Set([...pending.keys()].map((entry) => entry.target.tab))], "before adding rows: reading");
    const failed = new Map<LiveTarget, StoredRecord[]>();
    for (const [entry, rows] of pending) {
      try {
        const cells = await appendTabRows(run, entry, rows, tabs.get(entry.target.tab) ?? [], bases.get(entry)!, readGrid.has(entry));
        cellsAdded.set(entry, (cellsAdded.get(entry) ?? 0) + cells);
      } catch (error) {
        if (attempt < (run.deps.retry?.attempts ?? 6) && isMissingTab(error) && !readGrid.has(entry)) {
          readGrid.add(entry);
          failed.set(entry, rows);
          continue;
        }
        // Read again before another try: the rows may have landed although the answer was lost.
        if (attempt >= (run.deps.retry?.attempts ?? 6) || !isRetryable(error)) throw error;
        failed.set(entry, rows);
      }
    }
    pending = failed;
    if (pending.size > 0) await backoff(run, attempt);
  }
  return cellsAdded;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The retry policy's wait (exponential, full jitter) before placing again after a failed write. */
function backoff(run: Run, attempt: number): Promise<void> {
  const retry = run.deps.retry ?? {};
  const cap = Math.min(retry.maxMs ?? 32_000, (retry.baseMs ?? 500) * 2 ** (attempt - 1));
  return (retry.sleep ?? defaultSleep)(Math.floor((retry.random ?? Math.random)() * cap));
}

/**
 * Rows added per batchUpdate: 50,000 rows in one request (26.5 MB of JSON) held over 1 GB at
 * once; a part of 10,000 is ~5 MB of JSON text, in 5 requests.
 */
const ROWS_PER_ADD = 10_000;

/** Adds a tab's new rows where a fresh read of it (`values`) ends; answers how many cells it wrote. */
async function appendTabRows(run: Run, entry: LiveTarget, rows: StoredRecord[], values: CellValue[][], kept: { base: BaseState; changed: boolean }, readGrid: boolean): Promise<number> {
  const layout = resolveLayout(entry.target.kind, values[0] ?? []);
  if (!usable(layout)) {
    for (const row of rows) kept.base.delete(row.id);
    kept.changed = true;
    return 0;
  }
  const present = new Map<string, number>();
  values.forEach((cells, index) => {
    const id = String(cells[layout.idColumn] ?? "").trim();
    if (index > 0 && id !== "") present.set(id, index + 1);
  });
  for (const row of rows) {
    const at = present.get(row.id);
    if (at !== undefined) kept.base.setRow(row.id, at);
  }
  const fresh = rows.filter((row) => !present.has(row.id));
  if (fresh.length === 0) return 0;
  const where = await rowsAt(run, entry, values.length, readGrid);
  if (!where) {
    // The tab went between the read and now: the records get their rows in a later run.
    for (const row of fresh) kept.base.delete(row.id);
    kept.changed = true;
    return 0;
  }
  // Each part lands whole or not at all; a part whose answer was lost is found by the re-read.
  let cells = 0;
  for (let done = 0; done < fresh.length; done += ROWS_PER_ADD) {
    const part = fresh.slice(done, done + ROWS_PER_ADD);
    const place: RowsAt = { ...where, at: where.at + done, gridRows: where.gridRows === null ? null : where.gridRows + done };
    await renewLease(run.deps.db, run.lease, run.now(), run.leaseMs);
    const body = addRowsBody(place, addedRowLines(part, entry.layout.fields, layout, run.units!));
    await addRows(run.deps.sheets, run.caller, run.spreadsheetId, entry.target.tab, body);
    part.forEach((row, index) => kept.base.setRow(row.id, place.at + 1 + index));
    kept.changed = true;
    cells += body.cells;
  }
  return cells;
}

/**
 * Where a tab's new rows go: right below the last row the fresh read saw (`lastRow`, 1-based, the
 * header at least). The tab's sheetId is the one `sheets init` kept, and the grid is taken to go
 * on below the last row (`sheets init` leaves blank rows there). The metadata is read (one small
 * request) only for a target without a stored sheetId, or after Google refused the batch.
 */
async function rowsAt(run: Run, entry: LiveTarget, lastRow: number, readGrid: boolean): Promise<RowsAt | null> {
  const stored = entry.target.sheetId;
  if (stored !== null && !readGrid) return { sheetId: stored, at: lastRow, gridRows: null };
  const grid = await tabGrid(run.deps.sheets, run.caller, run.spreadsheetId, entry.target.tab);
  return grid && { sheetId: grid.sheetId, at: lastRow, gridRows: grid.rowCount };
}

/**
 * Writes anchored cells where their rows are now: a fresh read, placement, one write that
 * echoes each row at write time; a row that moved in between gets its cells put back and the
 * write placed again (a few attempts). Answers the writes that did not land, per tab.
 */
async function placeAndWrite(run: Run, writes: Map<LiveTarget, AnchoredWrite[]>, doing: string): Promise<Map<LiveTarget, AnchoredWrite[]>> {
  const missed = new Map<LiveTarget, AnchoredWrite[]>();
  const miss = (entry: LiveTarget, list: AnchoredWrite[]) => {
    if (list.length > 0) missed.set(entry, [...(missed.get(entry) ?? []), ...list]);
  };
  let pending = new Map([...writes].filter(([, list]) => list.length > 0));
  const attempts = run.options.placementAttempts ?? run.deps.retry?.attempts ?? 6;
  for (let attempt = 0; attempt < attempts && pending.size > 0; attempt++) {
    const { tabs } = await readTabs(run.deps.sheets, run.caller, run.spreadsheetId, [...new Set([...pending.keys()].map((entry) => entry.target.tab))], `before ${doing}: reading`);
    const rows: { entry: LiveTarget; fresh: CellValue[][]; layout: Layout; write: RowWrite; sources: AnchoredWrite[] }[] = [];
    for (const [entry, list] of pending) {
      const fresh = tabs.get(entry.target.tab) ?? [];
      const layout = resolveLayout(entry.target.kind, fresh[0] ?? []);
      const placement = placeWrites({ layout, values: fresh }, list);
      // A row with a cell staff changed keeps its status: "✓" must not claim what is not synced.
      const blocked = new Set(placement.dropped.map((write) => write.anchor));
      miss(entry, [...placement.dropped, ...placement.cells.filter(({ write }) => blocked.has(write.anchor)).map(({ write }) => write)]);
      const byRow = new Map<number, { cells: CellWrite[]; sources: AnchoredWrite[] }>();
      for (const { cell, write } of placement.cells) {
        if (blocked.has(write.anchor)) continue;
        const row = byRow.get(cell.row) ?? { cells: [], sources: [] };
        row.cells.push(cell);
        row.sources.push(write);
        byRow.set(cell.row, row);
      }
      for (const [row, { cells, sources }] of byRow) rows.push({ entry, fresh, layout, write: { tab: entry.target.tab, row, cells, width: layout.width }, sources });
    }
    pending = new Map();
    if (rows.length === 0) break;
    // Every write of the run stays noted until the run completes: a run that takes over must see
    // the first misplaced write too, not only the repair that followed it.
    run.intent.push(...writeIntent(rows));
    await renewLease(run.deps.db, run.lease, run.now(), run.leaseMs, run.intent);
    let echoes: (CellValue[] | null)[];
    let answered = true;
    try {
      echoes = await writeRowsEchoed(run.deps.sheets, run.caller, run.spreadsheetId, rows.map((row) => row.write), doing);
    } catch (error) {
      // Never repeated where the rows were. The write may have landed although its answer was
      // lost: a read tells what each written position holds now, and the write is judged by it.
      if (attempt + 1 >= attempts || !isRetryable(error)) throw error;
      await backoff(run, attempt + 1);
      echoes = rows.map(() => null);
      answered = false;
    }
    const unechoed = echoes.some((echo) => echo === null);
    const after = unechoed ? (await readTabs(run.deps.sheets, run.caller, run.spreadsheetId, [...new Set(rows.map((row) => row.entry.target.tab))], `after ${doing}: reading`)).tabs : null;
    const restores = new Map<LiveTarget, AnchoredWrite[]>();
    rows.forEach((row, index) => {
      const echoed = echoes[index] ?? after?.get(row.entry.target.tab)?.[row.write.row - 1] ?? [];
      // Without an answer, our values at that position are the only sign the write landed.
      const ours = answered || row.write.cells.every((cell) => sameCell(echoed[cell.column], cell.value));
      if (ours && landedOnItsRow(row.layout, row.sources, echoed)) return;
      // The row moved between our read and our write: put back what we overwrote on the row
      // that was there, then place our writes again.
      if (ours) restores.set(row.entry, [...(restores.get(row.entry) ?? []), ...restoresFor(row.layout, row.fresh, row.write, echoed)]);
      pending.set(row.entry, [...(pending.get(row.entry) ?? []), ...row.sources]);
    });
    for (const [entry, list] of restores) pending.set(entry, mergeRestores(list, pending.get(entry) ?? []));
  }
  for (const [entry, list] of pending) miss(entry, list.filter((write) => !write.force || write.column === ID_COLUMN));
  return missed;
}

/** The field writes of rows about to be written, noted with the lease (state.ts, WriteIntent). */
function writeIntent(rows: { entry: LiveTarget; write: RowWrite; sources: AnchoredWrite[] }[]): WriteIntent[] {
  return rows.flatMap(({ entry, write, sources }) =>
    sources
      .filter((source) => source.anchor.kind === "id" && source.column !== ID_COLUMN && source.column !== STATUS_COLUMN)
      .map((source) => ({ tab: entry.target.tab, row: write.row, field: source.column, value: source.value, id: (source.anchor as { id: string }).id })),
  );
}

/**
 * A cell we overwrote by mistake that we also mean to write (rows swapped by a sort): one write
 * of our value, which accepts the mistaken value as well as the original. Other mistakes are
 * put back first.
 */
function mergeRestores(restores: AnchoredWrite[], again: AnchoredWrite[]): AnchoredWrite[] {
  const merged = again.map((write) => ({ ...write }));
  const kept: AnchoredWrite[] = [];
  for (const restore of restores) {
    const own = merged.find((write) => sameTarget(write, restore));
    if (own) own.accept = [...(own.accept ?? []), restore.before];
    else kept.push(restore);
  }
  return [...kept, ...merged];
}

/** Writes that put back, on the row now at a written position, the cells our misplaced write overwrote. */
function restoresFor(layout: Layout, fresh: CellValue[][], written: RowWrite, echoed: readonly CellValue[]): AnchoredWrite[] {
  const echoedId = String(echoed[layout.idColumn] ?? "").trim();
  const writtenColumns = new Set(written.cells.map((cell) => cell.column));
  // Which row was there: by its ID (unless the ID is the one we just wrote), else by its other cells.
  const ownId = written.cells.some((cell) => cell.column === layout.idColumn && String(cell.value) === echoedId);
  const index = fresh.findIndex((cells, at) => {
    if (at === 0) return false;
    if (echoedId !== "" && !ownId) return String(cells[layout.idColumn] ?? "").trim() === echoedId;
    return layout.fields.every(({ column }) => writtenColumns.has(column) || String(cells[column] ?? "") === String(echoed[column] ?? ""));
  });
  // Nobody's row: the position was blank when we wrote (a row deleted above moved a blank one up).
  // A row we cannot tell is left as it is: our ID on a row we cannot name is found by the next
  // run (a new row's ID, or debris on a blank row), never wiped on a guess.
  const fieldsBlank = layout.fields.every(({ column }) => writtenColumns.has(column) || String(echoed[column] ?? "").trim() === "");
  const blank = index < 0 && (echoedId === "" || (ownId && fieldsBlank));
  if (index < 0 && !blank) return [];
  const original: readonly CellValue[] = index < 0 ? [] : fresh[index]!;
  // The row is found by the ID it shows now (ours, if our ID write is what landed on it).
  const anchor: Anchor =
    echoedId !== ""
      ? { kind: "id", id: echoedId, row: written.row }
      : { kind: "content", content: contentOf(layout, echoedWith(echoed, written, original)), row: written.row };
  const keyOf = columnKeys(layout);
  return written.cells
    .filter((cell) => keyOf.has(cell.column))
    .map((cell) => ({ anchor, column: keyOf.get(cell.column)!, value: (original[cell.column] ?? "") as CellOutput, before: cell.value, force: true }));
}

/** The echoed row with our written cells replaced by what the row held before. */
function echoedWith(echoed: readonly CellValue[], written: RowWrite, original: readonly CellValue[]): CellValue[] {
  const cells = [...echoed];
  for (const cell of written.cells) cells[cell.column] = original[cell.column];
  return cells;
}

/** Step 8: the base state and cursor (this run's start on Firestore's clock), and the journal it took into account. */
async function saveBase(run: Run, live: LiveTarget[], records: RecordsRead, bases: Map<LiveTarget, { base: BaseState; changed: boolean }>): Promise<void> {
  // A run that lost its lease must not overwrite the base of the run that took over.
  await renewLease(run.deps.db, run.lease, run.now(), run.leaseMs);
  for (const entry of live) {
    const kept = bases.get(entry)!;
    const changedCount = (records.changed.get(entry.target.kind) ?? []).length;
    if (!kept.changed && changedCount === 0 && entry.state.cursor !== null) continue;
    run.firestore.writes += (await saveTargetState(run.deps.db, entry.target.id, entry.state, kept.base, run.lease.startedAt)).writes;
  }
  // A recovered edit whose record write must wait keeps the journal for the next run.
  const waiting = live.some((entry) =>
    entry.lost.some((edit) => {
      const outcome = entry.results?.outcomes.get(edit.rowNumber);
      return outcome?.retry || outcome?.problems.some((problem) => problem.field === edit.field);
    }),
  );
  if (!waiting) run.firestore.writes += await consumeJournal(run.deps.db, run.journal.map((entry) => entry.id));
}

/**
 * Last step: a spreadsheet with a "Dasbor" tab (made by `sheets init`) gets today's figures: one
 * values.batchUpdate, none when no figure changed. Written under the lease like every write.
 */
async function refreshDashboardData(run: Run): Promise<void> {
  const { db, sheets, stalledAfterDays } = run.deps;
  const beforeWrite = () => renewLease(db, run.lease, run.now(), run.leaseMs);
  const checkMarginMs = run.options.cursorMarginMs;
  // The units this run read are not read again; the innovations are read by the dashboard itself,
  // only the fields its figures need, once the tabs' records are let go (a city-wide tab of
  // 50,000 innovations and their figures did not fit the syncing functions' heap together).
  const have: HeldUnits = { units: run.units?.unitRecords };
  const result = await refreshDashboard({ db, sheets, caller: run.caller, now: run.now, log: run.log, stalledAfterDays, checkMarginMs, beforeWrite, have }, run.spreadsheetId);
  run.firestore.reads += result.firestoreReads;
  run.firestore.writes += result.firestoreWrites;
}

/**
 * The base with every field where sheet and record now hold the same value marked as agreed
 * (taken from the sheet just now, or changed alike on both sides); null when nothing moved.
 */
function agreedNow(entry: LiveTarget, records: Map<string, StoredRecord>): BaseState | null {
  let base: BaseState | null = null;
  for (const row of entry.rows) {
    if (row.id === "" || !entry.plan!.touched.has(row.rowNumber)) continue;
    const known = (base ?? entry.state.base).get(row.id);
    const record = records.get(row.id);
    const outcome = entry.results!.outcomes.get(row.rowNumber);
    if (!record || !known || outcome?.retry || entry.plan!.statusOnly.has(row.rowNumber)) continue;
    const hashes = { ...known.hashes };
    let moved = false;
    for (const { def } of entry.layout.fields) {
      const hash = fieldHash(def.read(record));
      if (row.hashes.get(def.key) === hash && hashes[def.key] !== hash) {
        hashes[def.key] = hash;
        moved = true;
      }
    }
    if (!moved) continue;
    base ??= entry.state.base.copy();
    base.set(row.id, { ...known, hashes });
  }
  return base;
}
