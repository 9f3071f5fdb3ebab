// The scheduled function through the Functions Framework's own HTTP pipeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendSummariesHandler } from "../../functions/sendSummaries.js";
import { parseConfig } from "../../src/config.js";
import { queueMailIn } from "../../src/forms/mailLedger.js";
import type { MailSweepResult } from "../../src/forms/mailSweep.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { stores } from "../../src/store/kinds.js";
import { testDatabase } from "../support/firestore.js";
import { serveHttp, type Served } from "../functions/support.js";
import { startTestSmtpServer, type TestSmtpServer } from "../mail/smtpServer.js";
import { RUN_AT, seedScenario } from "./scenario.js";

const ADMIN_TOKEN = "token-admin-uji-labinov-0123456789abcdef";
const database = testDatabase();
let smtp: TestSmtpServer;
let mailer: Mailer;
let served: Served;

beforeAll(async () => {
  await database.clear();
  await seedScenario(stores(database.db));
  smtp = await startTestSmtpServer();
  mailer = createMailer(parseConfig({ SMTP_URL: smtp.url }));
  served = await serveHttp(
    sendSummariesHandler(() => ({
      db: database.db,
      mailer,
      schedulerAuth: { adminToken: ADMIN_TOKEN },
      config: { SUMMARY_RECIPIENTS: ["koordinator@probolinggokota.go.id"], STALLED_AFTER_DAYS: 30 },
      now: () => RUN_AT,
    })),
  );
});
afterAll(async () => {
  await served.stop();
  mailer.close?.();
  await smtp.stop();
  await database.db.terminate();
});

const post = (body: unknown, token: string | null = ADMIN_TOKEN, method = "POST") =>
  fetch(served.url, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: method === "GET" ? undefined : JSON.stringify(body),
  });

describe("sendSummaries over HTTP", () => {
  it.each([
    ["no token", { kind: "weekly" }, null, "POST", 401],
    ["a wrong token", { kind: "weekly" }, "salah-salah-salah-salah-salah-salah-00", "POST", 401],
    ["GET", {}, ADMIN_TOKEN, "GET", 405],
    ["an unknown kind", { kind: "daily" }, ADMIN_TOKEN, "POST", 400],
    ["a date that does not exist", { kind: "weekly", period: "2026-02-30" }, ADMIN_TOKEN, "POST", 400],
  ] as [string, unknown, string | null, string, number][])("refuses %s without sending anything", async (_case, body, token, method, status) => {
    const response = await post(body, token, method);
    expect(response.status).toBe(status);
    expect(smtp.received).toHaveLength(0);
  });

  it("explains a bad body in Bahasa Indonesia", async () => {
    const answer = (await (await post({ kind: "daily" })).json()) as { message: string; details: string[] };
    expect(answer.message).toBe("Isi permintaan tidak sesuai format.");
    expect(answer.details).toEqual(['kind: kind harus "weekly", "monthly" atau "outbox"']);
  });

  it("refuses a week that has not ended (409, in Bahasa Indonesia) and sends nothing", async () => {
    const response = await post({ kind: "weekly", period: "2026-11-25" });
    expect(response.status).toBe(409);
    const answer = (await response.json()) as { reason: string; message: string };
    expect(answer.reason).toBe("period_not_ended");
    expect(answer.message).toMatch(/^Periode 23–29 November 2026 belum selesai/);
    expect(smtp.received).toHaveLength(0);
  });

  it("sends the week's summaries once, however often Scheduler calls", async () => {
    const first = await post({ kind: "weekly" });
    expect(first.status).toBe(200);
    const report = ((await first.json()) as { report: { sent: string[]; unitsWithoutEmail: { id: string; name: string }[] } }).report;
    expect(report.sent).toHaveLength(2);
    expect(report.unitsWithoutEmail).toEqual([{ id: "kanigaran", name: "Kecamatan Kanigaran" }]);
    const again = await post({ kind: "weekly" });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { report: { sent: string[] } }).report.sent).toEqual([]);
    expect(smtp.received).toHaveLength(2);
  });

  it("answers 500 when a send fails, so Scheduler retries, and the retry delivers it", async () => {
    smtp.refuseOnce.add("koordinator@probolinggokota.go.id");
    const failed = await post({ kind: "monthly", period: "2026-10-01" });
    expect(failed.status).toBe(500);
    const retried = await post({ kind: "monthly", period: "2026-10-01" });
    expect(retried.status).toBe(200);
    expect(smtp.received.filter((mail) => mail.to[0] === "koordinator@probolinggokota.go.id")).toHaveLength(2); // weekly + monthly
  });

  it('{"kind":"outbox"} sends a form email whose trigger never came, once, however often Scheduler calls', async () => {
    const message = { to: ["pengusul@probolinggokota.go.id"], subject: "Usulan inovasi diterima", text: "Terima kasih", html: "<p>Terima kasih</p>" };
    const queuedAt = new Date(RUN_AT.getTime() - 60 * 60_000);
    await database.db.runTransaction(async (transaction) => queueMailIn(transaction, database.db, "INO-F-SAPU-confirmation", message, queuedAt));
    const before = smtp.received.length;
    const first = await post({ kind: "outbox" });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { outbox: MailSweepResult }).outbox).toMatchObject({ found: 1, sent: 1, failed: 0 });
    expect((await post({ kind: "outbox" })).status).toBe(200);
    expect(smtp.received.slice(before).map((mail) => mail.to)).toEqual([["pengusul@probolinggokota.go.id"]]);
  });
});
