// CloudEvent function `syncRequested`: Eventarc delivers every write to sheetSyncRequests/{id}
// (google.cloud.firestore.document.v1.written, protobuf data), made by sheetEdited. Runs the
// sync that covers the request; a run that does not complete throws, so Eventarc retries.
// Path onward: src/events/firestoreEvent.ts (decode) -> src/events/syncRequest.ts.
import { cloudEvent, type CloudEvent } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import type { SheetSync } from "../src/ports/sheetSync.js";
import { runSyncRequest } from "../src/events/syncRequest.js";
import { log } from "../src/log.js";
import { productionDeps } from "./deps.js";
import { readDocumentEvent } from "./documentEvent.js";

export interface SyncRequestedDeps {
  /** Where an unreadable event is kept (deadLetters/). */
  db: Firestore;
  sync: Pick<SheetSync, "syncCovering">;
}

export function syncRequestedHandler(getDeps: () => SyncRequestedDeps) {
  return async (event: CloudEvent<unknown>): Promise<void> => {
    const deps = getDeps();
    const change = await readDocumentEvent("syncRequested", event, deps.db);
    if (!change) return;
    const outcome = await runSyncRequest(deps.sync, change);
    log.info("syncRequested", { eventId: event.id, id: change.id, outcome });
  };
}

cloudEvent("syncRequested", syncRequestedHandler(productionDeps));
