// Writes today's figures to a spreadsheet's "Dasbor" tab: read the records the figures need,
// build the tab's values, and send them in one values.batchUpdate (RAW), only when they differ
// from what was last written. The charts read those cells, so they follow by themselves. On a
// day whose figures were already worked out, only what was committed since is read first.
import type { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { IID_INDICATORS_COLLECTION } from "../../src/iid/indicators.js";
import { loadReadinessData } from "../../src/iid/load.js";
import { log as defaultLog } from "../../src/log.js";
import { todayWib } from "../../src/model/time.js";
import { stores } from "../../src/store/kinds.js";
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
}

export interface DashboardRefresh {
  /** none: the spreadsheet has no dashboard; unchanged: nothing to write; missingTab: staff deleted the tab. */
  status: "none" | "unchanged" | "written" | "missingTab";
  firestoreReads: number;
  firestoreWrites: number;
}

/** Everything the figures are built from: units, innovations, IID evidence and indicators (four reads); a broken indicator override is logged, the shipped guide used. */
async function loadInput(db: Firestore, today: string, stalledAfterDays: number, log: typeof defaultLog): Promise<{ input: DashboardInput; reads: number }> {
  const { units, innovations, evidence, indicators } = await loadReadinessData(db, Number(today.slice(0, 4)), { keepGoingWith: { log, who: "dashboard" } });
  const reads = Math.max(1, units.length) + Math.max(1, innovations.length) + Math.max(1, evidence.length) + 1;
  return { input: { today, units, innovations, evidence, indicators, stalledAfterDays }, reads };
}

const DEFAULT_CHECK_MARGIN_MS = 60_000;

/**
 * Whether anything the figures are built from was committed since the last check: units,
 * innovations and IID evidence by their commit time, the year's indicator override by its
 * update time. A handful of reads instead of every record.
 */
async function changedSince(db: Firestore, checkedAt: string, marginMs: number, year: number): Promise<{ changed: boolean; reads: number }> {
  const after = new Date(Date.parse(checkedAt) - marginMs).toISOString();
  const all = stores(db);
  const [units, innovations, evidence, override] = await Promise.all([
    all.units.listCommittedAfter(after),
    all.innovations.listCommittedAfter(after),
    all.iidEvidence.listCommittedAfter(after),
    db.collection(IID_INDICATORS_COLLECTION).doc(String(year)).get(),
  ]);
  const overrideChanged = override.exists && override.updateTime!.toDate().toISOString() > after;
  const reads = Math.max(1, units.length) + Math.max(1, innovations.length) + Math.max(1, evidence.length) + 1;
  return { changed: units.length + innovations.length + evidence.length > 0 || overrideChanged, reads };
}

export async function refreshDashboard(deps: DashboardDeps, spreadsheetId: string): Promise<DashboardRefresh> {
  const log = deps.log ?? defaultLog;
  const store = new DashboardStore(deps.db);
  const state = await store.get(spreadsheetId);
  const result: DashboardRefresh = { status: "none", firestoreReads: 1, firestoreWrites: 0 };
  if (!state) return result;
  const today = todayWib((deps.now ?? (() => new Date()))());
  if (state.figuresDay === today && state.pausedReason === null) {
    const check = await changedSince(deps.db, state.updatedAt, deps.checkMarginMs ?? DEFAULT_CHECK_MARGIN_MS, Number(today.slice(0, 4)));
    result.firestoreReads += check.reads;
    if (!check.changed) return { ...result, status: "unchanged" };
  }
  const { input, reads } = await loadInput(deps.db, today, deps.stalledAfterDays ?? DEFAULT_RULES.stalledAfterDays, log);
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
