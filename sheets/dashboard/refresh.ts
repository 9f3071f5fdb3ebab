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
import { keptFields } from "../sync/records.js";
import { isMissingTab } from "../sync/sheetIo.js";
import { dashboardFigures, type DashboardInput } from "./figures.js";
import { dashboardValues } from "./layout.js";
import { DashboardStore } from "./store.js";
import { DASHBOARD_WORDS } from "./words.js";

/**
 * The fields the figures read of an innovation (standings: stage, its history, status, the
 * action plan, creation; readiness: tahapan, unit, name) and of an IID evidence record, with the
 * commit time the check for changes reads. The dashboard's read keeps only these: 50,000 whole
 * innovations (~1.6 KB each as Firestore's client hands them over) do not fit the syncing
 * functions' heap.
 */
export const FIGURE_FIELDS = {
  innovations: ["id", "name", "unitId", "status", "stage", "stageHistory", "createdAt", "actionPlan", "tahapan", COMMITTED_AT],
  iidEvidence: ["innovationId", "indicator", "option", "link", "status", COMMITTED_AT],
} as const;

/** Units a caller already read and holds up to date. */
export type HeldUnits = Pick<ReadinessHave, "units">;

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
  /** The units the caller (a sync run) already read and holds up to date: not read again. */
  have?: HeldUnits;
}

export interface DashboardRefresh {
  /** none: the spreadsheet has no dashboard; unchanged: nothing to write; missingTab: staff deleted the tab. */
  status: "none" | "unchanged" | "written" | "missingTab";
  firestoreReads: number;
  firestoreWrites: number;
}

/**
 * Everything the figures are built from: units (unless held), innovations and IID evidence
 * (streamed, each kept as only FIGURE_FIELDS) and indicators; a broken indicator override is
 * logged, the shipped guide used.
 */
async function loadInput(db: Firestore, today: string, stalledAfterDays: number, log: typeof defaultLog, have: HeldUnits = {}): Promise<{ input: DashboardInput; reads: number }> {
  const all = stores(db);
  const [innovations, evidence] = await Promise.all([readKept(all.innovations, FIGURE_FIELDS.innovations), readKept(all.iidEvidence, FIGURE_FIELDS.iidEvidence)]);
  const given = { units: have.units, innovations: innovations.records, evidence: evidence.records };
  const { units, indicators } = await loadReadinessData(db, Number(today.slice(0, 4)), { keepGoingWith: { log, who: "dashboard" }, have: given });
  const reads = (have.units ? 0 : Math.max(1, units.length)) + innovations.reads + evidence.reads + 1;
  return { input: { today, units, innovations: innovations.records, evidence: evidence.records, indicators, stalledAfterDays }, reads };
}

/** Every record of a collection as it streams in, each kept as only the fields the figures read. */
async function readKept<R extends object>(store: { each(visit: (record: R) => void): Promise<number> }, fields: readonly string[]): Promise<{ records: R[]; reads: number }> {
  const keep = keptFields<R>(fields);
  const records: R[] = [];
  const count = await store.each((record) => records.push(keep(record)));
  return { records, reads: Math.max(1, count) };
}

const DEFAULT_CHECK_MARGIN_MS = 60_000;

/** Whether a record was committed after an instant; one written in this run (no commit time read back) was. */
function committedAfter(record: object, after: string): boolean {
  const committedAt = (record as Record<string, unknown>)[COMMITTED_AT];
  return typeof committedAt !== "string" || committedAt > after;
}

/**
 * Whether anything the figures are built from was committed since the last check: units,
 * innovations and IID evidence by their commit time (one document each), the year's indicator
 * override by its update time. Four reads at most instead of every record, none for collections
 * at hand.
 */
async function changedSince(db: Firestore, checkedAt: string, marginMs: number, year: number, have: HeldUnits): Promise<{ changed: boolean; reads: number }> {
  const after = new Date(Date.parse(checkedAt) - marginMs).toISOString();
  const all = stores(db);
  // Held units are looked at in memory (one without committedAt was written just now).
  const [units, innovations, evidence, override] = await Promise.all([
    have.units ? have.units.some((unit) => committedAfter(unit, after)) : all.units.anyCommittedAfter(after),
    all.innovations.anyCommittedAfter(after),
    all.iidEvidence.anyCommittedAfter(after),
    db.collection(IID_INDICATORS_COLLECTION).doc(String(year)).get(),
  ]);
  const overrideChanged = override.exists && override.updateTime!.toDate().toISOString() > after;
  const reads = (have.units ? 0 : 1) + 3;
  return { changed: units || innovations || evidence || overrideChanged, reads };
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
