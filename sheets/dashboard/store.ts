// Where labinov keeps what it knows of a spreadsheet's "Dasbor" tab: one document per
// spreadsheet in `sheetDashboards`, made by `sheets init`: the tab's sheetId, each chart's id
// and the fingerprint of the spec last sent (so a second init sends nothing), and the
// fingerprint of the values last written (so a run writes only when a figure changed).
import type { Firestore } from "firebase-admin/firestore";
import type { ChartKey } from "./layout.js";

export const SHEET_DASHBOARDS = "sheetDashboards";

export interface DashboardState {
  tab: string;
  sheetId: number;
  charts: Partial<Record<ChartKey, { chartId: number; specHash: string }>>;
  /** Fingerprint of the values last written; null until the first write. */
  dataHash: string | null;
  /** Why the last refresh could not write (e.g. the tab was deleted); null when it could. */
  pausedReason: string | null;
  /**
   * The day (WIB) the figures were last worked out for, set by that refresh's own write: the
   * document's update time is then when they were worked out (Firestore's clock). Any other write
   * of the document leaves it out, so the next refresh works them out afresh.
   */
  figuresDay?: string | null;
}

export class DashboardStore {
  constructor(readonly db: Firestore) {}

  private doc(spreadsheetId: string) {
    return this.db.collection(SHEET_DASHBOARDS).doc(spreadsheetId);
  }

  /** The state, and when the document was last written (Firestore's clock). */
  async get(spreadsheetId: string): Promise<(DashboardState & { updatedAt: string }) | null> {
    const snapshot = await this.doc(spreadsheetId).get();
    if (!snapshot.exists) return null;
    return { ...(snapshot.data() as DashboardState), updatedAt: snapshot.updateTime!.toDate().toISOString() };
  }

  async save(spreadsheetId: string, state: DashboardState): Promise<void> {
    await this.doc(spreadsheetId).set(state);
  }

  async setWritten(spreadsheetId: string, dataHash: string | null, pausedReason: string | null): Promise<void> {
    await this.doc(spreadsheetId).update({ dataHash, pausedReason, figuresDay: null });
  }

  /** Notes that the figures of `day` were worked out (and written, when `dataHash` is given) just now. */
  async setChecked(spreadsheetId: string, day: string, dataHash?: string): Promise<void> {
    await this.doc(spreadsheetId).update({ figuresDay: day, pausedReason: null, ...(dataHash === undefined ? {} : { dataHash }) });
  }
}
