// CloudEvent function `recordChanged`: Eventarc delivers every write to innovations/{id},
// programs/{id} and iidEvidence/{id} (google.cloud.firestore.document.v1.written, protobuf
// data); changes made outside the sheets reach them. Path onward: src/events/firestoreEvent.ts (decode) ->
// src/events/recordChange.ts (plan, coalesced sync). A thrown error makes Eventarc retry.
import { cloudEvent, type CloudEvent } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import { syncForRecordChange } from "../src/events/recordChange.js";
import type { SheetSync } from "../src/ports/sheetSync.js";
import { log } from "../src/log.js";
import { productionDeps } from "./deps.js";
import { readDocumentEvent } from "./documentEvent.js";

export interface RecordChangedDeps {
  /** Where an unreadable event is kept (deadLetters/). */
  db: Firestore;
  sync: SheetSync;
  now?: () => Date;
}

export function recordChangedHandler(getDeps: () => RecordChangedDeps) {
  return async (event: CloudEvent<unknown>): Promise<void> => {
    const deps = getDeps();
    const change = await readDocumentEvent("recordChanged", event, deps.db);
    if (!change) return;
    const result = await syncForRecordChange(deps.sync, change, deps.now?.());
    log.info("recordChanged", { eventId: event.id, collection: change.collection, id: change.id, plan: result.plan, spreadsheetIds: result.spreadsheetIds });
  };
}

cloudEvent("recordChanged", recordChangedHandler(productionDeps));
