// Remembers every accepted signature for the signature's lifetime, in Firestore, so that a
// captured request sent again is refused. create() fails when the doc exists, so two
// concurrent replays cannot both pass. `expiresAt` feeds a Firestore TTL policy (deploy/).
import type { Firestore } from "firebase-admin/firestore";
import { MAX_SIGNATURE_AGE_MS } from "./signature.js";

export const REPLAY_COLLECTION = "webhookSignatures";

const ALREADY_EXISTS = 6; // gRPC status code Firestore raises on create() of an existing doc

export interface SeenRequest {
  eventId: string;
  kind: string;
}

/** True when this signature was not seen before (and is now claimed); false for a replay. */
export async function claimSignature(db: Firestore, signature: string, seen: SeenRequest, now = new Date()): Promise<boolean> {
  try {
    await db
      .collection(REPLAY_COLLECTION)
      .doc(signature)
      .create({ ...seen, receivedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 2 * MAX_SIGNATURE_AGE_MS) });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === ALREADY_EXISTS) return false;
    throw error;
  }
}

/** Frees a claim when handling failed, so that the caller's identical retry is not taken for a replay. */
export async function releaseSignature(db: Firestore, signature: string): Promise<void> {
  await db.collection(REPLAY_COLLECTION).doc(signature).delete();
}
