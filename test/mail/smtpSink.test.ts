import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { startSmtpSink, type SmtpSink } from "../../local/smtpSink.js";
import { createMailer } from "../../src/mail/transport.js";

let folder: string;
let sink: SmtpSink;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "labinov-sink-"));
  sink = await startSmtpSink({ port: 0, folder });
});
afterAll(async () => {
  await sink.stop();
  await rm(folder, { recursive: true, force: true });
});

describe("local SMTP sink", () => {
  it("keeps a received message as .eml and shows it on its page", async () => {
    const mailer = createMailer(parseConfig({ SMTP_URL: sink.smtpUrl }));
    await mailer.send({
      to: ["kadinkes@probolinggokota.go.id"],
      subject: "Ringkasan inovasi Dinas Kesehatan P2KB",
      text: "Kampung KB Digital macet 30 hari",
      html: "<p>Kampung KB Digital <b>macet</b> 30 hari</p>",
      messageId: "uji.sink@labinov.probolinggokota.go.id",
    });
    mailer.close?.();

    const files = (await readdir(folder)).filter((name) => name.endsWith(".eml"));
    expect(files).toHaveLength(1);
    const [message] = await sink.messages();
    expect(message).toMatchObject({ subject: "Ringkasan inovasi Dinas Kesehatan P2KB", to: ["kadinkes@probolinggokota.go.id"], messageId: "<uji.sink@labinov.probolinggokota.go.id>" });

    const list = await (await fetch(sink.webUrl)).text();
    expect(list).toContain("1 email diterima");
    expect(list).toContain("Ringkasan inovasi Dinas Kesehatan P2KB");
    const page = await (await fetch(new URL(`/message/${message!.file}`, sink.webUrl))).text();
    expect(page).toContain("kadinkes@probolinggokota.go.id");
    expect(page).toContain("sandbox");
    expect(page).toContain("&lt;b&gt;macet&lt;/b&gt;"); // the HTML part, escaped into srcdoc
    const raw = await fetch(new URL(`/raw/${message!.file}`, sink.webUrl));
    expect(raw.headers.get("content-type")).toBe("message/rfc822");
  });

  it("serves only the files it wrote", async () => {
    expect((await fetch(new URL("/raw/..%2F..%2Fetc%2Fpasswd", sink.webUrl))).status).toBe(404);
    expect((await fetch(new URL("/message/nope.eml", sink.webUrl))).status).toBe(404);
  });
});
