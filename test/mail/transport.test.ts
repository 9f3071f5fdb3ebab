import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { startTestSmtpServer, type TestSmtpServer } from "./smtpServer.js";

let smtp: TestSmtpServer;
let mailer: Mailer;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  mailer = createMailer(parseConfig({ SMTP_URL: smtp.url, MAIL_FROM: "Labinov <labinov@probolinggokota.go.id>" }));
});
afterAll(async () => {
  mailer.close?.();
  await smtp.stop();
});

describe("SMTP mail transport", () => {
  it("delivers a text + HTML message that parses back with the same subject, parts, recipients and Message-ID", async () => {
    const result = await mailer.send({
      to: ["kepala@dinkes.probolinggokota.go.id"],
      cc: ["koordinator@probolinggokota.go.id"],
      subject: "Ringkasan mingguan: 3 inovasi, 1 macet",
      text: "Yth. Kepala Dinas Kesehatan P2KB,\nInovasi Si-Pintar ada di tahap Design.",
      html: "<p>Yth. Kepala Dinas Kesehatan P2KB,</p><p>Inovasi <b>Si-Pintar</b> ada di tahap Design.</p>",
      messageId: "weekly.2026-11-23.abc123@labinov.probolinggokota.go.id",
      headers: { "X-Labinov-Kind": "weekly" },
    });
    expect(result.messageId).toBe("<weekly.2026-11-23.abc123@labinov.probolinggokota.go.id>");
    expect(smtp.received).toHaveLength(1);
    const [delivered] = smtp.received;
    expect(delivered!.from).toBe("labinov@probolinggokota.go.id");
    expect(delivered!.to.sort()).toEqual(["kepala@dinkes.probolinggokota.go.id", "koordinator@probolinggokota.go.id"]);

    const parsed = await simpleParser(delivered!.raw);
    expect(parsed.subject).toBe("Ringkasan mingguan: 3 inovasi, 1 macet");
    expect(parsed.messageId).toBe(result.messageId);
    expect(parsed.text).toContain("Inovasi Si-Pintar ada di tahap Design.");
    expect(parsed.html).toContain("<b>Si-Pintar</b>");
    expect(parsed.from?.text).toContain("Labinov");
    expect(parsed.headers.get("x-labinov-kind")).toBe("weekly");
  });

  it("gives every message without a stable id a fresh Message-ID", async () => {
    const message = { to: ["a@probolinggokota.go.id"], subject: "Uji", text: "isi", html: "<p>isi</p>" };
    const first = await mailer.send(message);
    const second = await mailer.send(message);
    expect(first.messageId).not.toBe(second.messageId);
  });

  it("refuses a message with no recipient instead of sending it nowhere", async () => {
    await expect(mailer.send({ to: [], subject: "x", text: "x", html: "x" })).rejects.toThrow(/tanpa penerima/);
  });

  it("rejects when the SMTP server is not there, so a caller can retry later", async () => {
    const offline = createMailer(parseConfig({ SMTP_URL: "smtp://127.0.0.1:1" }));
    await expect(offline.send({ to: ["a@probolinggokota.go.id"], subject: "x", text: "x", html: "x" })).rejects.toThrow();
    offline.close?.();
  });
});
