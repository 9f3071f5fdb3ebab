// Writes today's figures to a spreadsheet's "Dasbor" tab: read the records the figures need,
// build the tab's values, and send them in one values.batchUpdate (RAW), only when they differ
// from what was last written. The charts read those cells, so they follow by themselves. On a
// day whose figures were already worked out, only what was committed since is read first.
import type { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { IID_INDICATORS_COLLECTION } from "../../src/iid/indicators.js";
import { loadReadinessData, type ReadinessHave } from "../../src/iid/load.js";
import { log as defaultLog } from "../../src/log.js";
import { todayWib } from "../../src/model/time.js";
import { stores } from "../../src/store/kinds.js";
import { COMMITTED_AT } from "../../src/store/records.js";
import { DEFAULT_RULES } from "../../src/summaries/facts.js";
import type { SheetsCaller } from "../client.js";
import { valueHash } from "../sync/hash.js";
import { isMissingTab } from "../sync/sheetIo.js";
import { dashboardFigures, type DashboardInput } from "./figures.js";
import { dashboardValues } from "./layout.js";
import { DashboardStore } from "./store.js";
import { DASHBOARD_WORDS } from "./words.js";

export interface DashboardDeps {
  db: Firestore;
  sheets: sheets_v4.Sheets;
  caller: SheetsCaller;
  now?: () => Date;
  log?: typeof defaultLog;
  /** STALLED_AFTER_DAYS; the summaries' default when not given. */
  stalledAfterDays?: number;
  /** How far before the last check commits are looked at again (slow commits, a slow load); default 60 s, as a sync run's cursor margin. */
  checkMarginMs?: number;
  /** Runs right before the write (a sync run renews its lease there). */
  beforeWrite?: () => Promise<void>;
  /** Whole collections the caller (a sync run) already read and holds up to date: not read again. */
  have?: ReadinessHave;
}

export interface DashboardRefresh {
  /** none: the spreadsheet has no dashboard; unchanged: nothing to write; missingTab: staff deleted the tab. */
  status: "none" | "unchanged" | "written" | "missingTab";
  firestoreReads: number;
  firestoreWrites: number;
}

/**
 * Everything the figures are built from: units, innovations, IID evidence and indicators (four
 * queries, fewer for the collections `have` holds); a broken indicator override is logged, the
 * shipped guide used.
 */
async function loadInput(db: Firestore, today: string, stalledAfterDays: number, log: typeof defaultLog, have: ReadinessHave = {}): Promise<{ input: DashboardInput; reads: number }> {
  const { units, innovations, evidence, indicators } = await loadReadinessData(db, Number(today.slice(0, 4)), { keepGoingWith: { log, who: "dashboard" }, have });
  const readCount = (list: unknown[], given: unknown[] | undefined) => (given ? 0 : Math.max(1, list.length));
  const reads = readCount(units, have.units) + readCount(innovations, have.innovations) + readCount(evidence, have.evidence) + 1;
  return { input: { today, units, innovations, evidence, indicators, stalledAfterDays }, reads };
}

const DEFAULT_CHECK_MARGIN_MS = 60_000;

/** Whether a record was committed after an instant; one written in this run (no commit time read back) was. */
function committedAfter(record: object, after: string): boolean {
  const committedAt = (record as Record<string, unknown>)[COMMITTED_AT];
  return typeof committedAt !== "string" || committedAt > after;
}

/**
 * Whether anything the figures are built from was committed since the last check: units,
 * innovations and IID evidence by their commit time, the year's indicator override by its
 * update time. A handful of reads instead of every record, none for collections at hand.
 */
async function changedSince(db: Firestore, checkedAt: string, marginMs: number, year: number, have: ReadinessHave): Promise<{ changed: boolean; reads: number }> {
  const after = new Date(Date.parse(checkedAt) - marginMs).toISOString();
  const all = stores(db);
  // A collection at hand is looked at in memory; one without committedAt was written just now.
  const since = (held: object[] | undefined, query: () => Promise<object[]>) =>
    held ? Promise.resolve({ found: held.filter((record) => committedAfter(record, after)).length, reads: 0 }) : query().then((found) => ({ found: found.length, reads: Math.max(1, found.length) }));
  const [units, innovations, evidence, override] = await Promise.all([
    since(have.units, () => all.units.listCommittedAfter(after)),
    since(have.innovations, () => all.innovations.listCommittedAfter(after)),
    since(have.evidence, () => all.iidEvidence.listCommittedAfter(after)),
    db.collection(IID_INDICATORS_COLLECTION).doc(String(year)).get(),
  ]);
  const overrideChanged = override.exists && override.updateTime!.toDate().toISOString() > after;
  const reads = units.reads + innovations.reads + evidence.reads + 1;
  return { changed: units.found + innovations.found + evidence.found > 0 || overrideChanged, reads };
}

export async function refreshDashboard(deps: DashboardDeps, spreadsheetId: string): Promise<DashboardRefresh> {
  const log = deps.log ?? defaultLog;
  const store = new DashboardStore(deps.db);
  const state = await store.get(spreadsheetId);
  const result: DashboardRefresh = { status: "none", firestoreReads: 1, firestoreWrites: 0 };
  if (!state) return result;
  const today = todayWib((deps.now ?? (() => new Date()))());
  if (state.figuresDay === today && state.pausedReason === null) {
    const check = await changedSince(deps.db, state.updatedAt, deps.checkMarginMs ?? DEFAULT_CHECK_MARGIN_MS, Number(today.slice(0, 4)), deps.have ?? {});
    result.firestoreReads += check.reads;
    if (!check.changed) return { ...result, status: "unchanged" };
  }
  const { input, reads } = await loadInput(deps.db, today, deps.stalledAfterDays ?? DEFAULT_RULES.stalledAfterDays, log, deps.have);
  result.firestoreReads += reads;
  const values = dashboardValues(dashboardFigures(input));
  const dataHash = valueHash(values);
  if (dataHash === state.dataHash && state.pausedReason === null) {
    await store.setChecked(spreadsheetId, today);
    result.firestoreWrites++;
    return { ...result, status: "unchanged" };
  }
  await deps.beforeWrite?.();
  try {
    await deps.caller.call("spreadsheets.values.batchUpdate", `writing the dashboard tab "${state.tab}" of spreadsheet ${spreadsheetId}`, () =>
      deps.sheets.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data: values } }),
    );
  } catch (error) {
    if (!isMissingTab(error)) throw error;
    // Staff deleted (or renamed) the tab: said where a coordinator looks, not retried forever.
    const reason = DASHBOARD_WORDS.missingTab(state.tab);
    log.warn("dashboard tab missing; `sheets init` makes it again", { spreadsheetId, tab: state.tab });
    if (state.pausedReason !== reason) {
      await store.setWritten(spreadsheetId, null, reason);
      result.firestoreWrites++;
    }
    return { ...result, status: "missingTab" };
  }
  await store.setChecked(spreadsheetId, today, dataHash);
  result.firestoreWrites++;
  return { ...result, status: "written" };
}
