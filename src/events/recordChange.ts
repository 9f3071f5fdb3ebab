// Decides which spreadsheets a record change must reach, and asks the engine to sync them.
// Pure planning first (planRecordSync), so the loop rules can be read and tested alone:
// - a write that did not change the version changed nothing we show: skip;
// - a change the sync made from spreadsheet X need not go back to X (it came from there),
//   but still reaches the other spreadsheets that show the record;
// - a record moved between units leaves one unit's sheet and joins the other's.
// Delivery twice or out of order is harmless: the engine reads current state, not the event.
import type { RecordChange } from "./firestoreEvent.js";
import type { SheetSync } from "../ports/sheetSync.js";

export const SYNCED_COLLECTIONS = new Set(["innovations", "programs", "iidEvidence"]);

export type SyncPlan =
  | { skip: true; reason: "not_synced" | "no_record" | "same_version" }
  | { skip: false; unitIds: string[]; exceptSpreadsheetId: string | null; changedAt: string };

function stringField(fields: Record<string, unknown> | null, key: string): string | null {
  const value = fields?.[key];
  return typeof value === "string" && value !== "" ? value : null;
}

export function planRecordSync(change: RecordChange, now = new Date()): SyncPlan {
  if (!SYNCED_COLLECTIONS.has(change.collection)) return { skip: true, reason: "not_synced" };
  if (!change.before && !change.after) return { skip: true, reason: "no_record" };
  const beforeVersion = change.before?.version;
  if (change.before && change.after && beforeVersion !== undefined && beforeVersion === change.after.version) {
    return { skip: true, reason: "same_version" };
  }
  const unitIds = [...new Set([stringField(change.before, "unitId"), stringField(change.after, "unitId")].filter((id) => id !== null))];
  const latest = change.after ?? change.before;
  const updatedBy = stringField(latest, "updatedBy") ?? "";
  const exceptSpreadsheetId = stringField(latest, "source") === "sheet" && updatedBy.startsWith("sheet:") ? updatedBy.slice("sheet:".length) : null;
  // Coverage is judged on Firestore's clock (the write's commit time), never the writer's.
  const changedAt = stringField(latest, "committedAt") ?? stringField(latest, "updatedAt") ?? now.toISOString();
  return { skip: false, unitIds, exceptSpreadsheetId, changedAt };
}

export interface RecordSyncResult {
  plan: SyncPlan;
  spreadsheetIds: string[];
}

/** Plans and requests the syncs; an engine failure propagates so the event is retried. */
export async function syncForRecordChange(sync: SheetSync, change: RecordChange, now = new Date()): Promise<RecordSyncResult> {
  const plan = planRecordSync(change, now);
  if (plan.skip) return { plan, spreadsheetIds: [] };
  const targets = await sync.targetsForUnits(plan.unitIds);
  const spreadsheetIds = targets.filter((id) => id !== plan.exceptSpreadsheetId);
  for (const spreadsheetId of spreadsheetIds) await sync.syncCovering(spreadsheetId, plan.changedAt);
  return { plan, spreadsheetIds };
}
