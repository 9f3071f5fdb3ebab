// The outbox's safety net: an entry still pending after Eventarc stopped retrying (about a
// day), or whose trigger never came, is sent here through the same ledger as mailQueued, so
// an email already sent is never sent again and a claim held by a live sender is respected.
// A failed send stays pending with its last error and attempt count on the entry.
import type { Firestore } from "firebase-admin/firestore";
import { log } from "../log.js";
import type { Mailer } from "../mail/transport.js";
import { MAIL_OUTBOX_COLLECTION, MailInProgressError, deliverQueuedMail, type QueuedMail } from "./mailLedger.js";

/** Eventarc's own retries come first: only entries this old since queueing or the last sweep are taken. */
export const SWEEP_AFTER_MS = 15 * 60 * 1000;
export const SWEEP_CAP = 50;
/** After this many failed sweeps an entry is logged as ERROR each time, for a person to look at. */
export const SWEEP_ALERT_ATTEMPTS = 5;

export interface SweptEntry extends QueuedMail {
  sweepAttempts?: number;
  lastAttemptAt?: string;
  lastError?: string;
}

export interface MailSweepResult {
  found: number;
  sent: number;
  alreadySent: number;
  busy: number;
  failed: number;
}

export async function sweepQueuedMail(db: Firestore, mailer: Pick<Mailer, "send">, now = new Date(), cap = SWEEP_CAP): Promise<MailSweepResult> {
  const cutoff = now.getTime() - SWEEP_AFTER_MS;
  // Pending entries oldest first; the attempt filter is applied here so a fresh entry is left to its trigger.
  const pending = await db.collection(MAIL_OUTBOX_COLLECTION).where("status", "==", "pending").orderBy("queuedAt").limit(cap * 4).get();
  const due = pending.docs
    .filter((doc) => {
      const entry = doc.data() as SweptEntry;
      return Date.parse(entry.lastAttemptAt ?? entry.queuedAt) <= cutoff;
    })
    .slice(0, cap);
  const result: MailSweepResult = { found: due.length, sent: 0, alreadySent: 0, busy: 0, failed: 0 };
  for (const doc of due) await sweepOne(db, mailer, doc.id, doc.data() as SweptEntry, now, result);
  log.info("sapu antrean email selesai", { ...result });
  return result;
}

async function sweepOne(db: Firestore, mailer: Pick<Mailer, "send">, id: string, entry: SweptEntry, now: Date, result: MailSweepResult): Promise<void> {
  try {
    const outcome = await deliverQueuedMail(db, mailer, id, now);
    if (outcome === "sent") result.sent += 1;
    else result.alreadySent += 1;
  } catch (error) {
    if (error instanceof MailInProgressError) {
      result.busy += 1;
      return;
    }
    result.failed += 1;
    const attempts = (entry.sweepAttempts ?? 0) + 1;
    const lastError = error instanceof Error ? error.message : String(error);
    await db.collection(MAIL_OUTBOX_COLLECTION).doc(id).set({ sweepAttempts: attempts, lastAttemptAt: now.toISOString(), lastError }, { merge: true });
    const fields = { id, attempts, error: lastError };
    if (attempts >= SWEEP_ALERT_ATTEMPTS) log.error("email antrean terus gagal dikirim; tetap menunggu", fields);
    else log.warn("email antrean gagal dikirim; dicoba lagi nanti", fields);
  }
}
