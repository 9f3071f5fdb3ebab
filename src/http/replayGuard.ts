// Remembers every accepted request by the event id its body carries, in Firestore, so that a
// request sent again is refused, even when it comes with a fresh timestamp and signature (what
// a captured or resent request repeats is its payload, not its signature). create() fails when
// the doc exists, so two concurrent copies cannot both pass. `expiresAt` feeds a Firestore TTL
// policy (deploy/); the collection keeps its first name so that policy stays in place.
import { createHash } from "node:crypto";
import type { DocumentData, DocumentReference, Firestore } from "firebase-admin/firestore";
import { MAX_SIGNATURE_AGE_MS } from "./signature.js";
import { ALREADY_EXISTS, hasGrpcCode } from "../store/errors.js";

export const REPLAY_COLLECTION = "webhookSignatures";


/** How long a claim is kept: well past the time a sender retries the same event. */
const CLAIM_KEPT_MS = 24 * 60 * 60 * 1000 + 2 * MAX_SIGNATURE_AGE_MS;

export interface SeenRequest {
  eventId: string;
  kind: string;
  /** Whose script sent it ("sheet:<id>", "form:<id>"), so one script cannot claim another's ids. */
  scope: string;
}

/** The claim's document id: the event id may hold any character, a document id may not. */
function claimId(seen: SeenRequest): string {
  const digest = createHash("sha256").update(`${seen.kind}\u0000${seen.scope}\u0000${seen.eventId}`).digest("hex");
  return `${seen.kind}_${digest.slice(0, 40)}`;
}

/** The claim's document, for a handler that claims the event in its own transaction (formSubmitted). */
export function claimRef(db: Firestore, seen: SeenRequest): DocumentReference {
  return db.collection(REPLAY_COLLECTION).doc(claimId(seen));
}

/** A claim's fields; `answer` is what the first handling answered, given again to a replay. */
export function claimFields(seen: SeenRequest, now: Date, answer?: Record<string, unknown>): DocumentData {
  return { ...seen, receivedAt: now.toISOString(), expiresAt: new Date(now.getTime() + CLAIM_KEPT_MS), ...(answer ? { answer } : {}) };
}

/** True when this event was not seen before (and is now claimed); false for a replay. */
export async function claimEvent(db: Firestore, seen: SeenRequest, now = new Date()): Promise<boolean> {
  try {
    await claimRef(db, seen).create(claimFields(seen, now));
    return true;
  } catch (error) {
    if (hasGrpcCode(error, ALREADY_EXISTS)) return false;
    throw error;
  }
}

/** Frees a claim when handling failed, so that the sender's retry of the same event is not taken for a replay. */
export async function releaseEvent(db: Firestore, seen: SeenRequest): Promise<void> {
  await claimRef(db, seen).delete();
}
