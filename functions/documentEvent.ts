// The one way the Firestore-triggered functions read their CloudEvent: the document change it
// carries, or null for an event that cannot be read. A retry would not make it readable, so it
// is acknowledged, but kept first in deadLetters/ (src/events/deadLetters.ts) with an ERROR log
// saying where; if it cannot be kept the error is thrown and Eventarc delivers it again.
import type { CloudEvent } from "@google-cloud/functions-framework";
import type { Firestore } from "firebase-admin/firestore";
import { keepDeadLetter } from "../src/events/deadLetters.js";
import { EventDecodeError, decodeDocumentEvent, type RecordChange } from "../src/events/firestoreEvent.js";
import { log } from "../src/log.js";

export async function readDocumentEvent(functionName: string, event: CloudEvent<unknown>, db: Firestore): Promise<RecordChange | null> {
  try {
    return decodeDocumentEvent(event.data);
  } catch (error) {
    if (!(error instanceof EventDecodeError)) throw error;
    const kept = await keepDeadLetter(db, { eventId: event.id, functionName, type: event.type, subject: event.subject ?? null, reason: error.message, data: event.data });
    log.error(`${functionName}: event tidak bisa dibaca; disimpan di ${kept}`, { eventId: event.id, type: event.type, subject: event.subject, error });
    return null;
  }
}
