// The outbox sweep: real Firestore emulator, real SMTP sink, injected clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { MAIL_OUTBOX_COLLECTION, deliverQueuedMail, queueMailIn } from "../../src/forms/mailLedger.js";
import { sweepQueuedMail } from "../../src/forms/mailSweep.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { testDatabase } from "../support/firestore.js";
import { startTestSmtpServer, type TestSmtpServer } from "./smtpServer.js";

const database = testDatabase();
let smtp: TestSmtpServer;
let mailer: Mailer;
const queuedAt = new Date("2026-11-28T01:00:00.000Z");
const message = { to: ["pengusul@probolinggokota.go.id"], subject: "Usulan diterima", text: "Terima kasih", html: "<p>Terima kasih</p>" };

async function queue(key: string, at = queuedAt): Promise<void> {
  await database.db.runTransaction(async (transaction) => queueMailIn(transaction, database.db, key, message, at));
}
const minutesAfter = (minutes: number) => new Date(queuedAt.getTime() + minutes * 60_000);

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  mailer = createMailer(parseConfig({ SMTP_URL: smtp.url }));
});
beforeEach(async () => {
  await database.clear();
  smtp.received.length = 0;
});
afterAll(async () => {
  await smtp.stop();
});

describe("sweepQueuedMail", () => {
  it("sends an entry whose trigger never came, once", async () => {
    await queue("u1-confirmation");
    expect(await sweepQueuedMail(database.db, mailer, minutesAfter(16))).toMatchObject({ found: 1, sent: 1 });
    expect(smtp.received).toHaveLength(1);
    expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).doc("u1-confirmation").get()).data()?.status).toBe("sent");
    expect(await sweepQueuedMail(database.db, mailer, minutesAfter(40))).toMatchObject({ found: 0, sent: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it("does not send again an entry the trigger already sent", async () => {
    await queue("u2-confirmation");
    await deliverQueuedMail(database.db, mailer, "u2-confirmation", minutesAfter(1));
    await sweepQueuedMail(database.db, mailer, minutesAfter(60));
    expect(smtp.received).toHaveLength(1);
  });

  it("sends once when the outbox mark was lost after the ledger recorded the send", async () => {
    await queue("u3-confirmation");
    await deliverQueuedMail(database.db, mailer, "u3-confirmation", minutesAfter(1));
    await database.db.collection(MAIL_OUTBOX_COLLECTION).doc("u3-confirmation").set({ status: "pending" }, { merge: true });
    expect(await sweepQueuedMail(database.db, mailer, minutesAfter(60))).toMatchObject({ alreadySent: 1, sent: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it("leaves a fresh entry to its trigger", async () => {
    await queue("u4-confirmation");
    expect(await sweepQueuedMail(database.db, mailer, minutesAfter(5))).toMatchObject({ found: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it("two sweeps at once send one email", async () => {
    await queue("u5-confirmation");
    const results = await Promise.all([sweepQueuedMail(database.db, mailer, minutesAfter(20)), sweepQueuedMail(database.db, mailer, minutesAfter(20))]);
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    expect(smtp.received).toHaveLength(1);
  });

  it("keeps a failing entry pending with its last error", async () => {
    await queue("u6-confirmation");
    const failing = { send: () => Promise.reject(new Error("server email mati")) };
    expect(await sweepQueuedMail(database.db, failing, minutesAfter(20))).toMatchObject({ failed: 1 });
    const entry = (await database.db.collection(MAIL_OUTBOX_COLLECTION).doc("u6-confirmation").get()).data();
    expect(entry).toMatchObject({ status: "pending", sweepAttempts: 1, lastError: "server email mati" });
    expect(await sweepQueuedMail(database.db, mailer, minutesAfter(25))).toMatchObject({ found: 0 });
    expect(await sweepQueuedMail(database.db, mailer, minutesAfter(36))).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
  });
});
