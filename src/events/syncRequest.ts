// An edit notice becomes one durable request per spreadsheet (sheetSyncRequests/{id}); its
// Firestore trigger runs the sync where nobody waits. Many notices merge into one document,
// and a run that started after the request's commit time covers every notice before it.
import { FieldValue, type Firestore } from "firebase-admin/firestore";
import type { SheetEditPayload } from "../http/sheetEditPayload.js";
import type { RecordChange } from "./firestoreEvent.js";
import type { SheetSync } from "../ports/sheetSync.js";

export const SYNC_REQUESTS_COLLECTION = "sheetSyncRequests";

/** Merged, so a burst of notices for one spreadsheet stays one document; requestedAt is Firestore's commit time. */
export async function recordSyncRequest(db: Firestore, edit: SheetEditPayload): Promise<void> {
  await db.collection(SYNC_REQUESTS_COLLECTION).doc(edit.spreadsheetId).set(
    {
      spreadsheetId: edit.spreadsheetId,
      requestedAt: FieldValue.serverTimestamp(),
      lastEventId: edit.eventId,
      changeType: edit.changeType,
      sheetName: edit.sheetName,
      notices: FieldValue.increment(1),
    },
    { merge: true },
  );
}

export class SyncNotCoveredError extends Error {
  override name = "SyncNotCoveredError";
}

export type SyncRequestOutcome =
  | { skipped: "not_a_request" | "deleted" | "no_time" }
  | { spreadsheetId: string; requestedAt: string; result: unknown };

/**
 * Runs (or finds) a sync that covers the request. A run that does not complete throws, so
 * Eventarc delivers the event again; a second delivery of a covered request starts nothing.
 */
export async function runSyncRequest(sync: Pick<SheetSync, "syncCovering">, change: RecordChange): Promise<SyncRequestOutcome> {
  if (change.collection !== SYNC_REQUESTS_COLLECTION) return { skipped: "not_a_request" };
  if (!change.after) return { skipped: "deleted" };
  const requestedAt = change.after.requestedAt;
  if (typeof requestedAt !== "string" || requestedAt === "") return { skipped: "no_time" };
  const result = await sync.syncCovering(change.id, requestedAt, "sheet");
  if (result && typeof result === "object" && (result as { covered?: unknown }).covered === false) {
    throw new SyncNotCoveredError(`sinkron ${change.id} belum selesai untuk permintaan ${requestedAt}`);
  }
  return { spreadsheetId: change.id, requestedAt, result };
}
