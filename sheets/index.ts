// The sync engine's public entry points, for functions/ and the CLI.
export { sheetsClient, GoogleApiError } from "./client.js";
export { initTarget, type InitReport } from "./init.js";
export { syncSpreadsheet, type SyncDeps, type SyncOptions, type SyncReport } from "./sync/run.js";
export { reconcileAll, syncAfterChange, ReconcileIncompleteError, type AfterChangeOptions, type AfterChangeResult, type ReconcileOptions } from "./sync/schedule.js";
export { SheetsBudget } from "./sync/budget.js";
export { SheetTargetStore, targetIdSchema, targetsForRecord, type SheetTarget } from "./targets/store.js";
export { recordSheetEdits, type JournalNotice } from "./sync/journal.js";
export { writeIidTabs, type IidTabsReport } from "./iidTabs.js";
