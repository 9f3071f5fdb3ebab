// What the functions need from the sync engine, as one small port. The engine's own modules
// (sheets/sync/) are adapted to it in engineSync.ts; tests and the local stack may pass any
// object of this shape.
export interface SheetSync {
  /** Is this spreadsheet one labinov syncs (a registered target)? */
  isTarget(spreadsheetId: string): Promise<boolean>;
  /** Runs a full two-way sync of one spreadsheet now; the result is a summary for the log. */
  syncSpreadsheet(spreadsheetId: string): Promise<unknown>;
  /** Spreadsheet ids that show records of any of these units. */
  targetsForUnits(unitIds: string[]): Promise<string[]>;
  /** Asks for a sync of one spreadsheet after a record change; bursts are coalesced by the engine. */
  syncAfterChange(spreadsheetId: string, changedAtIso: string): Promise<unknown>;
  /** `sheets init` for one target: lays out or repairs its tab; null when no such target exists. */
  initTarget(targetId: string): Promise<unknown>;
  /** The safety net: every target, whether or not a webhook or event arrived. */
  reconcileAll(): Promise<unknown>;
}
