// "Send this email exactly once" for emails keyed by an event: a ledger doc per email is
// claimed in a transaction before sending and marked sent after. A second delivery of the
// same event finds it claimed or sent and does not send again; a failed send frees the claim
// so the sender's retry sends it. A claim left by a crashed attempt expires after a while.
import type { Firestore } from "firebase-admin/firestore";
import type { MailMessage, Mailer } from "../mail/transport.js";

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
    await ref.delete();
    throw error;
  }
}
