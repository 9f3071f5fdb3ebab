// Adapts the sync engine (sheets/, owned by the sync engineer) to the SheetSync port the
// functions use. Both kinds of trigger go through the engine's syncAfterChange: it waits
// until a run that started after the change has completed, sharing one debounced run among
// the calls in this process and the lease among processes, so bursts cost few API calls.
import type { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { SheetTargetStore, initTarget, reconcileAll, sheetsClient, syncAfterChange, targetsForRecord, type SyncDeps, type SyncReport } from "../../sheets/index.js";
import type { Config } from "../config.js";
import type { SheetSync } from "./sheetSync.js";

/** A person's edit: short wait, so quick successive edits share a run and the sheet still answers at once. */
export const EDIT_DEBOUNCE_MS = 300;
/**
 * How long an edit notice waits for a run that covers it. Apps Script gives up on a request
 * after about a minute; past this the sheet is still read by the next run or the reconcile.
 */
export const EDIT_WAIT_MS = 45_000;
/** Record changes come in bursts (imports, CLI, many form posts): wait longer to share one run. */
export const CHANGE_DEBOUNCE_MS = 2_000;

/** What we log and answer about a run: counts, not cell contents. */
export function summariseReport(report: SyncReport | undefined): Record<string, unknown> | null {
  if (!report) return null;
  return {
    spreadsheetId: report.spreadsheetId,
    status: report.status,
    sheetsRequests: report.sheetsRequests,
    recordWrites: report.recordWrites,
    cellsWritten: report.cellsWritten,
    paused: report.targets.filter((target) => target.paused).map((target) => ({ tab: target.tab, reason: target.paused })),
  };
}

export function sheetSyncFromEngine(deps: SyncDeps, options: { editDebounceMs?: number; changeDebounceMs?: number } = {}): SheetSync {
  const targets = new SheetTargetStore(deps.db);
  const now = deps.now ?? (() => new Date());
  return {
    isTarget: async (spreadsheetId) => (await targets.listBySpreadsheet(spreadsheetId)).length > 0,
    async syncSpreadsheet(spreadsheetId) {
      const result = await syncAfterChange(deps, spreadsheetId, now().toISOString(), { debounceMs: options.editDebounceMs ?? EDIT_DEBOUNCE_MS, timeoutMs: EDIT_WAIT_MS });
      return { covered: result.covered, run: summariseReport(result.report) };
    },
    async targetsForUnits(unitIds) {
      const all = await Promise.all(unitIds.map((unitId) => targetsForRecord(deps.db, unitId)));
      return [...new Set(all.flat())].sort();
    },
    async syncAfterChange(spreadsheetId, changedAtIso) {
      const result = await syncAfterChange(deps, spreadsheetId, changedAtIso, { debounceMs: options.changeDebounceMs ?? CHANGE_DEBOUNCE_MS });
      return { covered: result.covered, run: summariseReport(result.report) };
    },
    async initTarget(targetId) {
      if (!(await targets.get(targetId))) return null;
      return initTarget(deps, targetId);
    },
    async reconcileAll() {
      const reports = await reconcileAll(deps);
      return { runs: reports.length, sheetsRequests: reports.reduce((sum, report) => sum + report.sheetsRequests, 0), reports: reports.map(summariseReport) };
    },
  };
}

/** Production: the configured Sheets API (Google, or the local emulator when SHEETS_API_URL is set). */
export function engineSheetSync(db: Firestore, config: Config, sheets: sheets_v4.Sheets = sheetsClient(config)): SheetSync {
  return sheetSyncFromEngine({ db, sheets });
}
