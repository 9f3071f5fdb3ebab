// `labinov doctor` names the outbox emails that keep failing: entries the real sweep could not
// send (an SMTP server that refuses connections, a real failure of a real transport) through
// the Firestore emulator, with an injected clock.
import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { failingMail, outboxLine } from "../../cli/doctorOutbox.js";
import { parseConfig } from "../../src/config.js";
import { deliverQueuedMail, queueMailIn } from "../../src/forms/mailLedger.js";
import { sweepQueuedMail } from "../../src/forms/mailSweep.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { testDatabase } from "../support/firestore.js";
import { startTestSmtpServer, type TestSmtpServer } from "./smtpServer.js";

const database = testDatabase();
const queuedAt = new Date("2026-11-28T01:00:00.000Z");
const minutesAfter = (minutes: number) => new Date(queuedAt.getTime() + minutes * 60_000);
let refusing: Mailer;
let smtp: TestSmtpServer;
let working: Mailer;

async function queue(key: string, subject: string, at = queuedAt): Promise<void> {
  const message = { to: ["pengusul@probolinggokota.go.id"], subject, text: "Terima kasih", html: "<p>Terima kasih</p>" };
  await database.db.runTransaction(async (transaction) => queueMailIn(transaction, database.db, key, message, at));
}

/** A port nobody listens on: taken, then let go, so connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  refusing = createMailer(parseConfig({ SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` }));
  smtp = await startTestSmtpServer();
  working = createMailer(parseConfig({ SMTP_URL: smtp.url }));
});
beforeEach(() => database.clear());
afterAll(async () => {
  await smtp.stop();
});

describe("the doctor's outbox line", () => {
  it("names each email the sweep keeps failing to send: to whom, since when, how often, the last error", async () => {
    await queue("u1-confirmation", "Usulan diterima");
    await queue("u1-unit-head", "Usulan baru untuk unit Anda");
    await queue("u2-confirmation", "Usulan kedua diterima", minutesAfter(30)); // fresh: its trigger still has it
    await sweepQueuedMail(database.db, refusing, minutesAfter(16));
    await sweepQueuedMail(database.db, refusing, minutesAfter(32));
    await deliverQueuedMail(database.db, working, "u1-unit-head", minutesAfter(33)); // sent after all: not listed

    const failing = await failingMail(database.db, minutesAfter(40));
    expect(failing.map((mail) => [mail.id, mail.attempts])).toEqual([["u1-confirmation", 2]]);
    expect(failing[0]!.lastError).toMatch(/ECONNREFUSED/);

    const line = outboxLine(failing);
    expect(line.ok).toBe(false);
    expect(line.detail).toContain("1 email terus gagal dikirim dan masih menunggu (dicoba lagi setiap 15 menit; tidak ada yang hilang)");
    expect(line.detail).toContain("mailOutbox/u1-confirmation ke pengusul@probolinggokota.go.id («Usulan diterima»), menunggu sejak 28 November 2026 08.00 WIB, gagal 2 kali, galat terakhir: ");
    expect(line.detail).toContain("Perbaiki penyebabnya (mis. SMTP_URL atau izin Gmail)");
  });

  it("is a ✓ when nothing keeps failing", async () => {
    await queue("u3-confirmation", "Usulan diterima");
    expect(await failingMail(database.db, minutesAfter(5))).toEqual([]);
    expect(outboxLine([])).toEqual({ name: "Antrean email", ok: true, detail: "tidak ada email yang tertahan lebih dari 15 menit dengan galat" });
  });

  it("names ten and counts the rest", () => {
    const many = Array.from({ length: 12 }, (_, index) => ({ id: `u${index}`, to: ["a@probolinggokota.go.id"], subject: "s", queuedAt: queuedAt.toISOString(), attempts: 1, lastError: "x" }));
    const line = outboxLine(many);
    expect(line.detail).toContain("12 email terus gagal");
    expect(line.detail).toContain("mailOutbox/u9 ");
    expect(line.detail).not.toContain("mailOutbox/u10 ");
    expect(line.detail).toContain("dan 2 email lain");
  });
});
