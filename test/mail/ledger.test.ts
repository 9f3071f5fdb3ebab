// The mail ledger's "send once" when the send fails and freeing the claim fails too: the caller
// sees the send's error, and the claim left behind expires so that a later retry sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { setLogSink } from "../../src/log.js";
import { MAIL_LEDGER_COLLECTION, sendOnce } from "../../src/forms/mailLedger.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { testDatabase } from "../support/firestore.js";
import { startTestSmtpServer, type TestSmtpServer } from "./smtpServer.js";

const database = testDatabase();
let smtp: TestSmtpServer;
let mailer: Mailer;

beforeAll(async () => {
  await database.clear();
  smtp = await startTestSmtpServer();
  mailer = createMailer(parseConfig({ SMTP_URL: smtp.url }));
});
afterAll(async () => {
  mailer.close?.();
  await smtp.stop();
  await database.db.terminate();
});

const message = { to: ["dinkes@probolinggokota.go.id"], subject: "Usulan inovasi diterima", text: "Terima kasih.", html: "<p>Terima kasih.</p>" };

describe("sendOnce when the send fails", () => {
  it("throws the send's error even when the claim cannot be freed; the claim expires and a later retry sends", async () => {
    const at = new Date("2026-11-23T01:00:00Z");
    // A client of its own, closed right after the SMTP server refuses: the claim's delete then fails for real.
    const closing = getFirestore(initializeApp({ projectId: database.projectId }, `${database.projectId}-closing`));
    smtp.refuseOnce.add("dinkes@probolinggokota.go.id");
    const refusing = { send: (mail: typeof message) => mailer.send(mail).finally(() => closing.terminate()) };
    // The log is read here (and kept out of the run's output); the claim that stays is said there.
    const lines: string[] = [];
    const restoreLog = setLogSink((line) => lines.push(line));
    const failure = await sendOnce(closing, refusing, "form-resp-1", message, at).catch((error: unknown) => error);
    restoreLog();
    const warnings = lines.map((line) => JSON.parse(line) as { severity: string; key?: string });
    expect((failure as Error).message).toContain("451 Mailbox sementara tidak tersedia");
    expect(warnings).toEqual([expect.objectContaining({ severity: "WARNING", key: "form-resp-1" })]);

    const claim = (await database.db.collection(MAIL_LEDGER_COLLECTION).doc("form-resp-1").get()).data();
    expect(claim).toMatchObject({ status: "sending", claimedAt: at.toISOString() });
    expect(await sendOnce(database.db, mailer, "form-resp-1", message, new Date(at.getTime() + 60_000))).toBe("in_progress");
    expect(await sendOnce(database.db, mailer, "form-resp-1", message, new Date(at.getTime() + 11 * 60_000))).toBe("sent");
    expect(smtp.received.map((mail) => mail.to)).toEqual([["dinkes@probolinggokota.go.id"]]);
  });
});
