// What the functions need from the sync engine, as one small port. The engine (sheets/) is
// adapted to it in sheets/port.ts; tests may pass any object of this shape.
//
// The port never runs "a sync now": every door asks for a run that covers a moment
// (syncCovering), and the engine decides whether to start one or wait for one already going.
export interface SheetSync {
  /** Is this spreadsheet one labinov syncs (a registered target)? */
  isTarget(spreadsheetId: string): Promise<boolean>;
  /** Spreadsheet ids that show records of any of these units. */
  targetsForUnits(unitIds: string[]): Promise<string[]>;
  /**
   * Returns once a run of this spreadsheet that started after `changedAtIso` has completed,
   * starting one or sharing one already going (bursts share a run). `covered: false` when
   * none completed in time; the caller retries.
   */
  syncCovering(spreadsheetId: string, changedAtIso: string, origin?: ChangeOrigin): Promise<SyncCoverage>;
  /** `sheets init` for one target: lays out or repairs its tab; null when no such target exists. */
  initTarget(targetId: string): Promise<unknown>;
  /** The safety net: every target, whether or not a webhook or event arrived. */
  reconcileAll(): Promise<unknown>;
}

/**
 * Where the change came from: a staff edit in the sheet (one notice document already merges a
 * burst, and staff wait for the record) or a record change (imports and form bursts: worth
 * waiting a little so that they share one run). Default "record".
 */
export type ChangeOrigin = "sheet" | "record";

/** What a covering run reports: whether it covered the moment, and the run's counts for the log. */
export interface SyncCoverage {
  covered: boolean;
  run: Record<string, unknown> | null;
}
