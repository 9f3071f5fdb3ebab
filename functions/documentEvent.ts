// The one way the Firestore-triggered functions read their CloudEvent: the document change it
// carries, or null after logging an event that cannot be read (a retry would not make it
// readable, so it is acknowledged, loudly, instead of looping).
import type { CloudEvent } from "@google-cloud/functions-framework";
import { EventDecodeError, decodeDocumentEvent, type RecordChange } from "../src/events/firestoreEvent.js";
import { log } from "../src/log.js";

export function readDocumentEvent(functionName: string, event: CloudEvent<unknown>): RecordChange | null {
  try {
    return decodeDocumentEvent(event.data);
  } catch (error) {
    if (!(error instanceof EventDecodeError)) throw error;
    log.error(`${functionName}: event tidak bisa dibaca`, { eventId: event.id, type: event.type, subject: event.subject, error });
    return null;
  }
}
