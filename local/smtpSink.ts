// The local stack's mail catcher: a real SMTP server that keeps every message as an .eml file,
// and a small web page listing them and showing each (subject, from, to, date, HTML part).
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { escapeHtml } from "../src/html/escape.js";
import { displayDateTime } from "../src/model/time.js";

export interface SinkMessage {
  file: string;
  subject: string;
  from: string;
  to: string[];
  date: string;
  messageId: string;
}

export interface SmtpSink {
  smtpUrl: string;
  webUrl: string;
  stop(): Promise<void>;
  /** Every message in the folder, oldest first (earlier sessions' included). */
  messages(): Promise<SinkMessage[]>;
}


async function describe(folder: string, file: string): Promise<SinkMessage> {
  const parsed = await simpleParser(await readFile(join(folder, file)));
  const to = Array.isArray(parsed.to) ? parsed.to.flatMap((entry) => entry.value) : (parsed.to?.value ?? []);
  return {
    file,
    subject: parsed.subject ?? "(tanpa subjek)",
    from: parsed.from?.text ?? "",
    to: to.map((address) => address.address ?? "").filter(Boolean),
    date: (parsed.date ?? new Date()).toISOString(),
    messageId: parsed.messageId ?? "",
  };
}

function listPage(messages: SinkMessage[]): string {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (message) =>
        `<tr><td>${escapeHtml(displayDateTime(message.date))}</td><td><a href="/message/${encodeURIComponent(message.file)}">${escapeHtml(message.subject)}</a></td><td>${escapeHtml(message.from)}</td><td>${escapeHtml(message.to.join(", "))}</td></tr>`,
    )
    .join("");
  return `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Kotak surat lokal Labinov</title></head><body style="font-family:sans-serif;margin:24px">
<h1>Kotak surat lokal Labinov</h1><p>${messages.length} email diterima.</p>
<table cellpadding="6" style="border-collapse:collapse" border="1"><tr><th>Waktu</th><th>Subjek</th><th>Dari</th><th>Kepada</th></tr>${rows}</table></body></html>`;
}

async function messagePage(folder: string, file: string): Promise<string> {
  const parsed = await simpleParser(await readFile(join(folder, file)));
  const to = Array.isArray(parsed.to) ? parsed.to.map((entry) => entry.text).join(", ") : (parsed.to?.text ?? "");
  const body = parsed.html
    ? // Sandboxed: the email's HTML is shown as a client would, and cannot run scripts here.
      `<iframe sandbox title="Isi email" style="width:100%;height:80vh;border:1px solid #ccc" srcdoc="${escapeHtml(parsed.html)}"></iframe>`
    : `<pre>${escapeHtml(parsed.text ?? "")}</pre>`;
  return `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>${escapeHtml(parsed.subject ?? "")}</title></head><body style="font-family:sans-serif;margin:24px">
<p><a href="/">&larr; Semua email</a> · <a href="/raw/${encodeURIComponent(file)}">.eml</a></p>
<table cellpadding="4"><tr><th align="left">Subjek</th><td>${escapeHtml(parsed.subject ?? "")}</td></tr><tr><th align="left">Dari</th><td>${escapeHtml(parsed.from?.text ?? "")}</td></tr>
<tr><th align="left">Kepada</th><td>${escapeHtml(to)}</td></tr><tr><th align="left">Tanggal</th><td>${escapeHtml(displayDateTime(parsed.date ?? new Date()))}</td></tr>
<tr><th align="left">Message-ID</th><td>${escapeHtml(parsed.messageId ?? "")}</td></tr></table>${body}</body></html>`;
}

function listen(server: { listen(port: number, host: string, callback: () => void): unknown; once(event: "error", listener: (error: Error) => void): unknown }, port: number) {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

export async function startSmtpSink(options: { port: number; folder: string; webPort?: number }): Promise<SmtpSink> {
  const { folder } = options;
  await mkdir(folder, { recursive: true });
  let counter = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const file = `${new Date().toISOString().replace(/[:.]/g, "-")}-${String(++counter).padStart(4, "0")}.eml`;
        writeFile(join(folder, file), Buffer.concat(chunks)).then(() => callback(), callback);
      });
    },
  });
  const emlFiles = async () => (await readdir(folder)).filter((name) => name.endsWith(".eml")).sort();
  const messages = async () => Promise.all((await emlFiles()).map((file) => describe(folder, file)));

  const web: Server = createServer((req, res) => {
    const respond = async () => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://sink").pathname);
      const file = path.split("/")[2] ?? "";
      const known = (await emlFiles()).includes(file); // only files we wrote: no path tricks
      if (path === "/") return { type: "text/html; charset=utf-8", body: listPage(await messages()) };
      if (path.startsWith("/message/") && known) return { type: "text/html; charset=utf-8", body: await messagePage(folder, file) };
      if (path.startsWith("/raw/") && known) return { type: "message/rfc822", body: await readFile(join(folder, file)) };
      return null;
    };
    respond().then(
      (answer) => {
        if (!answer) res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Tidak ditemukan");
        else res.writeHead(200, { "content-type": answer.type }).end(answer.body);
      },
      (error: unknown) => res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(String(error)),
    );
  });

  await listen(smtp, options.port);
  await listen(web, options.webPort ?? 0);
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const webPort = (web.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://127.0.0.1:${webPort}/`,
    messages,
    stop: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
