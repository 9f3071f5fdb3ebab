// `labinov doctor`'s look at the mail outbox: emails that keep failing. An entry still pending
// longer than the sweep interval with a last error (written by the sweep, src/forms/mailSweep.ts)
// has failed at least once after its trigger's own retries; staff read here which, to whom, since
// when and why, in Bahasa Indonesia.
import type { Firestore } from "firebase-admin/firestore";
import { MAIL_OUTBOX_COLLECTION } from "../src/forms/mailLedger.js";
import { SWEEP_AFTER_MS, type SweptEntry } from "../src/forms/mailSweep.js";
import { displayDateTime } from "../src/model/time.js";

/** How many failing entries are named one by one; the rest are counted. */
const SHOWN = 10;

export interface FailingMail {
  id: string;
  to: string[];
  subject: string;
  queuedAt: string;
  attempts: number;
  lastError: string;
}

/** Pending entries with a last error, queued longer ago than the sweep interval, oldest first. */
export async function failingMail(db: Firestore, now: Date): Promise<FailingMail[]> {
  // Equality only: no composite index needed; the outbox holds few pending entries.
  const pending = await db.collection(MAIL_OUTBOX_COLLECTION).where("status", "==", "pending").get();
  return pending.docs
    .map((doc) => ({ id: doc.id, entry: doc.data() as SweptEntry }))
    .filter(({ entry }) => Boolean(entry.lastError) && now.getTime() - Date.parse(entry.queuedAt) > SWEEP_AFTER_MS)
    .sort((a, b) => a.entry.queuedAt.localeCompare(b.entry.queuedAt))
    .map(({ id, entry }) => ({ id, to: entry.message.to, subject: entry.message.subject, queuedAt: entry.queuedAt, attempts: entry.sweepAttempts ?? 1, lastError: entry.lastError! }));
}

/** The doctor's line: ✓ when nothing keeps failing, else each failing email and what to do. */
export function outboxLine(failing: FailingMail[]): { name: string; ok: boolean; detail: string } {
  const name = "Antrean email";
  const minutes = SWEEP_AFTER_MS / 60_000;
  if (failing.length === 0) return { name, ok: true, detail: `tidak ada email yang tertahan lebih dari ${minutes} menit dengan galat` };
  const lines = failing
    .slice(0, SHOWN)
    .map((mail) => `${MAIL_OUTBOX_COLLECTION}/${mail.id} ke ${mail.to.join(", ")} («${mail.subject}»), menunggu sejak ${displayDateTime(mail.queuedAt)}, gagal ${mail.attempts} kali, galat terakhir: ${mail.lastError}`);
  if (failing.length > SHOWN) lines.push(`dan ${failing.length - SHOWN} email lain`);
  return {
    name,
    ok: false,
    detail: `${failing.length} email terus gagal dikirim dan masih menunggu (dicoba lagi setiap ${minutes} menit; tidak ada yang hilang): ${lines.join("; ")}. Perbaiki penyebabnya (mis. SMTP_URL atau izin Gmail); sapuan berikutnya mengirimnya.`,
  };
}
