// Events that can never be handled (bytes that are not a DocumentEventData, a document name we
// do not know) are acknowledged, so Eventarc does not retry them for a day, but never dropped:
// each is kept in `deadLetters/{eventId}` with what was wrong and its raw data, for a person
// to look at (`labinov` operators, the Firestore console). Keeping it is the handling: if it
// cannot be stored the error is thrown and Eventarc delivers the event again.
import type { Firestore } from "firebase-admin/firestore";

export const DEAD_LETTERS_COLLECTION = "deadLetters";

/** Firestore keeps at most 1 MiB per document; the data beyond this is cut (and said so). */
export const DEAD_LETTER_MAX_BYTES = 512 * 1024;

export interface DeadLetter {
  eventId: string;
  functionName: string;
  type: string;
  subject: string | null;
  reason: string;
  data: unknown;
}

function rawBytes(data: unknown): Buffer {
  if (data instanceof Uint8Array) return Buffer.from(data);
  return Buffer.from(JSON.stringify(data ?? null) ?? "null", "utf8");
}

/** The document id for an event id: "/" is not allowed in an id, and ids are not always short. */
function letterId(functionName: string, eventId: string): string {
  const safe = eventId.replace(/[^\w.-]/g, "_").slice(0, 200) || "_";
  return `${functionName}_${safe}`;
}

/** Stores the event (again on a redelivery: same id, same content). Returns the document path. */
export async function keepDeadLetter(db: Firestore, letter: DeadLetter, now = new Date()): Promise<string> {
  const bytes = rawBytes(letter.data);
  const ref = db.collection(DEAD_LETTERS_COLLECTION).doc(letterId(letter.functionName, letter.eventId));
  await ref.set({
    eventId: letter.eventId,
    functionName: letter.functionName,
    type: letter.type,
    subject: letter.subject,
    reason: letter.reason,
    data: bytes.subarray(0, DEAD_LETTER_MAX_BYTES),
    dataBytes: bytes.length,
    truncated: bytes.length > DEAD_LETTER_MAX_BYTES,
    receivedAt: now.toISOString(),
  });
  return ref.path;
}
