// At most one summary per period and recipient, even when the scheduler fires twice or a run
// dies halfway. Each email has a ledger doc: claimed (pending) in a transaction before sending,
// marked sent after. Its Message-ID is derived from the same key, so a resend is the same email.
//
// Crash between send and "sent": the SMTP server may or may not have accepted the message and
// we cannot ask it. We resend once the claim's lease has run out, with the same Message-ID.
// Why: a missed weekly summary is silent and permanent, a duplicate is visible, harmless and
// collapsed by clients that key on Message-ID (Gmail drops a second copy it already holds).
// The entry counts its attempts, and a resend of an unknown outcome is logged as a warning.
import { createHash, randomUUID } from "node:crypto";
import type { Firestore } from "firebase-admin/firestore";
import type { SummaryKind } from "./period.js";

export const SUMMARY_LEDGER_COLLECTION = "summaryLedger";
/** A pending claim younger than this belongs to a run that may still be sending. */
export const CLAIM_LEASE_MS = 15 * 60 * 1000;
const MESSAGE_ID_DOMAIN = "labinov.probolinggokota.go.id";

export type LedgerState = "pending" | "sent" | "failed";

export interface LedgerEntry {
  kind: SummaryKind;
  periodKey: string;
  periodStart: string;
  audience: string; // "unit:<id>" or "city"
  recipient: string;
  messageId: string;
  state: LedgerState;
  attempts: number;
  attemptId: string;
  claimedAt: string;
  sentAt: string | null;
  lastError: string | null;
  /** Times we resent after an attempt whose outcome we could not know. */
  uncertainResends: number;
}

export interface LedgerKey {
  kind: SummaryKind;
  periodKey: string;
  periodStart: string;
  audience: string;
  recipient: string;
}

function digest(key: LedgerKey): string {
  return createHash("sha256").update(`${key.periodKey}|${key.audience}|${key.recipient.toLowerCase()}`).digest("hex").slice(0, 24);
}

export function ledgerId(key: LedgerKey): string {
  return `${key.periodKey}_${digest(key)}`;
}

/** The stable Message-ID of one summary email: the same on every attempt. */
export function summaryMessageId(key: LedgerKey): string {
  return `${key.periodKey}.${digest(key)}@${MESSAGE_ID_DOMAIN}`;
}

export type Claim =
  | { claimed: true; attemptId: string; entry: LedgerEntry; resendOfUnknown: boolean }
  | { claimed: false; reason: "already_sent" | "in_progress" };

export async function claim(db: Firestore, key: LedgerKey, now: Date): Promise<Claim> {
  const ref = db.collection(SUMMARY_LEDGER_COLLECTION).doc(ledgerId(key));
  return db.runTransaction(async (transaction) => {
    const snapshot = await transaction.get(ref);
    const current = snapshot.exists ? (snapshot.data() as LedgerEntry) : null;
    if (current?.state === "sent") return { claimed: false, reason: "already_sent" } as const;
    if (current?.state === "pending" && now.getTime() - Date.parse(current.claimedAt) < CLAIM_LEASE_MS) {
      return { claimed: false, reason: "in_progress" } as const;
    }
    const resendOfUnknown = current?.state === "pending";
    const attemptId = randomUUID();
    const entry: LedgerEntry = {
      ...key,
      recipient: key.recipient.toLowerCase(),
      messageId: summaryMessageId(key),
      state: "pending",
      attempts: (current?.attempts ?? 0) + 1,
      attemptId,
      claimedAt: now.toISOString(),
      sentAt: null,
      lastError: current?.lastError ?? null,
      uncertainResends: (current?.uncertainResends ?? 0) + (resendOfUnknown ? 1 : 0),
    };
    transaction.set(ref, entry);
    return { claimed: true, attemptId, entry, resendOfUnknown } as const;
  });
}

/** Marks an email sent; whoever delivered it, it has been delivered, so this always wins. */
export async function markSent(db: Firestore, key: LedgerKey, now: Date): Promise<void> {
  await db.collection(SUMMARY_LEDGER_COLLECTION).doc(ledgerId(key)).update({ state: "sent", sentAt: now.toISOString() });
}

/** Records a send the carrier refused; the next run claims it again at once (no lease to wait for). */
export async function markFailed(db: Firestore, key: LedgerKey, attemptId: string, error: string): Promise<void> {
  const ref = db.collection(SUMMARY_LEDGER_COLLECTION).doc(ledgerId(key));
  await db.runTransaction(async (transaction) => {
    const current = (await transaction.get(ref)).data() as LedgerEntry | undefined;
    // Another run took over, or it went out after all: leave its record alone.
    if (!current || current.state === "sent" || current.attemptId !== attemptId) return;
    transaction.update(ref, { state: "failed", lastError: error.slice(0, 500) });
  });
}

/** Entries of a kind not yet sent: earlier periods a run must finish before they are forgotten. */
export async function unfinishedEntries(db: Firestore, kind: SummaryKind): Promise<LedgerEntry[]> {
  const snapshot = await db.collection(SUMMARY_LEDGER_COLLECTION).where("state", "in", ["pending", "failed"]).get();
  return snapshot.docs.map((doc) => doc.data() as LedgerEntry).filter((entry) => entry.kind === kind);
}
