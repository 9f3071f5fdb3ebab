// "Send this email exactly once" for emails keyed by an event: a ledger doc per email is
// claimed in a transaction before sending and marked sent after. A second delivery of the
// same event finds it claimed or sent and does not send again; a failed send frees the claim
// so the sender's retry sends it. A claim left by a crashed attempt expires after a while.
// Form mail is queued first (mailOutbox/{key}, in the proposal's own transaction) and sent by
// the mailQueued trigger, so the form's answer never waits for a mail server.
import type { Firestore } from "firebase-admin/firestore";
import { log } from "../log.js";
import type { MailMessage, Mailer } from "../mail/transport.js";
import type { DocumentWrites } from "../store/records.js";

export const MAIL_LEDGER_COLLECTION = "mailLedger";
const STALE_CLAIM_MS = 10 * 60 * 1000;

export type LedgerOutcome = "sent" | "already_sent" | "in_progress";

export async function sendOnce(
  db: Firestore,
  mailer: Pick<Mailer, "send">,
  key: string,
  message: MailMessage,
  now = new Date(),
): Promise<LedgerOutcome> {
  const ref = db.collection(MAIL_LEDGER_COLLECTION).doc(key);
  const claim = await db.runTransaction(async (transaction) => {
    const snapshot = await transaction.get(ref);
    const entry = snapshot.data() as { status: "sending" | "sent"; claimedAt: string } | undefined;
    if (entry?.status === "sent") return "already_sent" as const;
    if (entry?.status === "sending" && now.getTime() - Date.parse(entry.claimedAt) < STALE_CLAIM_MS) return "in_progress" as const;
    transaction.set(ref, { status: "sending", claimedAt: now.toISOString(), to: message.to, subject: message.subject });
    return "claimed" as const;
  });
  if (claim !== "claimed") return claim;
  try {
    const { messageId } = await mailer.send(message);
    await ref.set({ status: "sent", sentAt: new Date().toISOString(), messageId }, { merge: true });
    return "sent";
  } catch (error) {
    // The send's failure is the one the caller must see. If the claim cannot be freed it
    // expires (STALE_CLAIM_MS) and a later retry sends; that is said in the log, not thrown.
    await ref.delete().catch((freeing: unknown) => {
      log.warn("klaim email tidak dapat dilepas; dicoba lagi setelah klaim kedaluwarsa", { key, error: freeing });
    });
    throw error;
  }
}

export const MAIL_OUTBOX_COLLECTION = "mailOutbox";

/** What an outbox entry keeps: only plain fields (Firestore stores no undefined). */
export interface QueuedMail {
  status: "pending" | "sent";
  message: { to: string[]; subject: string; text: string; html: string; messageId: string | null };
  queuedAt: string;
  sentAt?: string;
}

/**
 * Stores the email for the mailQueued trigger inside the caller's transaction or batch (the
 * record it belongs to is written in the same commit): both are kept or neither, so no crash between two
 * writes can leave a proposal whose email is never sent.
 */
export function queueMailIn(transaction: DocumentWrites, db: Firestore, key: string, message: MailMessage, now = new Date()): void {
  const entry: QueuedMail = {
    status: "pending",
    message: { to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId ?? null },
    queuedAt: now.toISOString(),
  };
  transaction.create(db.collection(MAIL_OUTBOX_COLLECTION).doc(key), entry);
}

export class MailInProgressError extends Error {
  override name = "MailInProgressError";
}

export type QueuedMailOutcome = LedgerOutcome | "not_found";

/**
 * Sends one queued email through the ledger and marks the entry sent. Another attempt still
 * holding the ledger's claim throws, so the event comes again once that claim is done or stale.
 */
export async function deliverQueuedMail(db: Firestore, mailer: Pick<Mailer, "send">, key: string, now = new Date()): Promise<QueuedMailOutcome> {
  const ref = db.collection(MAIL_OUTBOX_COLLECTION).doc(key);
  const entry = (await ref.get()).data() as QueuedMail | undefined;
  if (!entry) return "not_found";
  if (entry.status === "sent") return "already_sent";
  const { messageId, ...rest } = entry.message;
  const outcome = await sendOnce(db, mailer, key, { ...rest, ...(messageId ? { messageId } : {}) }, now);
  if (outcome === "in_progress") throw new MailInProgressError(`email ${key} sedang dikirim oleh percobaan lain`);
  await ref.set({ status: "sent", sentAt: now.toISOString() }, { merge: true });
  return outcome;
}
