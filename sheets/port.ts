// Adapts the sync engine to the SheetSync port the functions use (src/ports/sheetSync.ts).
// Both kinds of trigger go through the engine's syncAfterChange: it waits until a run that
// started after the change has completed, sharing one debounced run among the calls in this
// process and the lease among processes, so bursts cost few API calls.
import type { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { SheetTargetStore, SheetsBudget, initTarget, reconcileAll, sheetsClient, syncAfterChange, targetsForRecord, type SyncDeps, type SyncReport } from "./index.js";
import type { Config } from "../src/config.js";
import type { SheetSync } from "../src/ports/sheetSync.js";

/** Record changes come in bursts (imports, CLI, many form posts): wait longer to share one run. */
export const CHANGE_DEBOUNCE_MS = 2_000;
/**
 * A staff edit starts its run at once: notices of one spreadsheet already merge into one request
 * document, and edits typed while a run goes share the next one (the lease makes them wait).
 * Waiting for that run, look often: staff are watching the status cell.
 */
export const EDIT_DEBOUNCE_MS = 0;
export const EDIT_POLL_MS = 100;

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

export function sheetSyncFromEngine(deps: SyncDeps, options: { changeDebounceMs?: number; editDebounceMs?: number; budget?: SheetsBudget } = {}): SheetSync {
  const targets = new SheetTargetStore(deps.db);
  return {
    isTarget: async (spreadsheetId) => (await targets.listBySpreadsheet(spreadsheetId)).length > 0,
    async targetsForUnits(unitIds) {
      const all = await Promise.all(unitIds.map((unitId) => targetsForRecord(deps.db, unitId)));
      return [...new Set(all.flat())].sort();
    },
    async syncCovering(spreadsheetId, changedAtIso, origin = "record") {
      const timing =
        origin === "sheet"
          ? { debounceMs: options.editDebounceMs ?? EDIT_DEBOUNCE_MS, pollMs: EDIT_POLL_MS }
          : { debounceMs: options.changeDebounceMs ?? CHANGE_DEBOUNCE_MS };
      const result = await syncAfterChange(deps, spreadsheetId, changedAtIso, { ...timing, budget: options.budget });
      return { covered: result.covered, run: summariseReport(result.report) };
    },
    async initTarget(targetId) {
      if (!(await targets.get(targetId))) return null;
      return initTarget(deps, targetId);
    },
    async reconcileAll() {
      const reports = await reconcileAll(deps, { budget: options.budget });
      return { runs: reports.length, sheetsRequests: reports.reduce((sum, report) => sum + report.sheetsRequests, 0), reports: reports.map(summariseReport) };
    },
  };
}

/** Production: the configured Sheets API (Google, or the local emulator when SHEETS_API_URL is set), under the project's budget. */
export function engineSheetSync(db: Firestore, config: Config, sheets: sheets_v4.Sheets = sheetsClient(config)): SheetSync {
  return sheetSyncFromEngine({ db, sheets, stalledAfterDays: config.STALLED_AFTER_DAYS }, { budget: new SheetsBudget(db, { perMinute: config.SHEETS_REQUESTS_PER_MINUTE }) });
}
