// `labinov summary ...` against the demo seed: what a coordinator runs to look before sending.
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { Command } from "commander";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerSummaryCommands } from "../../cli/summaryCommands.js";
import { parseConfig } from "../../src/config.js";
import { createMailer } from "../../src/mail/transport.js";
import { seedDemo } from "../../src/seed/seed.js";
import { stores } from "../../src/store/kinds.js";
import { loadMouTerm } from "../../src/summaries/load.js";
import { testDatabase } from "../support/firestore.js";
import { startTestSmtpServer, type TestSmtpServer } from "../mail/smtpServer.js";

const SEEDED_AT = new Date("2026-11-27T03:00:00Z");
const OUT = "test-output/summary-preview";
const database = testDatabase();
let smtp: TestSmtpServer;
const printed: string[] = [];

/** Monday 30 November 2026, 07:00 WIB, unless a test says otherwise. */
let now = new Date("2026-11-30T00:00:00Z");

function cli(...args: string[]) {
  const program = new Command("labinov").exitOverride();
  registerSummaryCommands(program, {
    db: () => database.db,
    mailer: () => createMailer(parseConfig({ SMTP_URL: smtp.url })),
    now: () => now,
    print: (line) => printed.push(line),
  });
  return program.parseAsync(["node", "labinov", ...args]);
}

beforeAll(async () => {
  await database.clear();
  await seedDemo(stores(database.db), { now: SEEDED_AT });
  smtp = await startTestSmtpServer();
  await rm(OUT, { recursive: true, force: true });
});
afterAll(async () => {
  await smtp.stop();
  await database.db.terminate();
});

describe("summary commands", () => {
  it("preview writes the HTML and text of every email of the week for the demo data", async () => {
    await cli("summary", "preview", "--period", "2026-11-27", "--kind", "weekly", "--out", OUT);
    const files = await readdir(OUT);
    const html = files.filter((name) => name.endsWith(".html"));
    expect(html).toContain("weekly-2026-11-23-kota.html");
    expect(html.filter((name) => name.includes("-unit-")).length).toBeGreaterThan(3);
    for (const name of html) {
      const content = await readFile(join(OUT, name), "utf8");
      expect(content).toMatch(/^<!DOCTYPE html>/);
      expect(content).toContain("23–29 November 2026");
    }
    const text = await readFile(join(OUT, "weekly-2026-11-23-kota.txt"), "utf8");
    expect(text).toContain("INOVASI PER UNIT DAN TAHAP");
    expect(html).toContain("weekly-2026-11-23-kota-koordinator.html");
    expect(printed.join("\n")).toMatch(/Periode 23–29 November 2026: \d+ email ditulis/);
  });

  it("preview names units by their names and says plainly when no city recipients are set", async () => {
    printed.length = 0;
    await cli("summary", "preview", "--period", "2026-11-27", "--kind", "weekly", "--out", OUT);
    const output = printed.join("\n");
    expect(output).not.toContain("((");
    expect(output).toMatch(/-kota\.html {2}\(kepada: belum ada penerima: SUMMARY_RECIPIENTS kosong \(isi dengan alamat email, dipisah koma\)\)/);
    expect(output).toMatch(/-kota-koordinator\.html {2}\(kepada: belum ada penerima: SUMMARY_COORDINATORS kosong/);
    expect(output).toContain("Kepala unit tanpa email (ringkasan unitnya tidak dikirim): ");
    expect(output).toContain("Dinas Sosial P3A");
    expect(await readFile(join(OUT, "weekly-2026-11-23-kota.txt"), "utf8")).toMatch(/^Kepada: belum ada penerima: SUMMARY_RECIPIENTS kosong/);
  });

  it("preview of a week still running says its figures can still change", async () => {
    printed.length = 0;
    now = new Date("2026-11-28T03:00:00Z");
    await cli("summary", "preview", "--period", "2026-11-27", "--kind", "weekly", "--out", OUT);
    now = new Date("2026-11-30T00:00:00Z");
    expect(printed).toContain(
      "Catatan: periode 23–29 November 2026 belum selesai; pratinjau ini memakai data sampai saat ini dan dapat berubah. Ringkasannya dikirim mulai 30 November 2026.",
    );
  });

  it("refuses a date that is not in the calendar, naming it", async () => {
    await expect(cli("summary", "preview", "--period", "2026-11-31", "--out", OUT)).rejects.toThrow(/2026-11-31/);
  });

  it("send refuses a week that has not ended, then sends it once it has", async () => {
    now = new Date("2026-11-28T03:00:00Z"); // Saturday 28 November, 10:00 WIB
    await expect(cli("summary", "send", "--kind", "weekly", "--period", "2026-11-27")).rejects.toThrow(
      /^Periode 23–29 November 2026 belum selesai: ringkasannya baru dapat dikirim mulai 30 November 2026/,
    );
    expect(smtp.received).toHaveLength(0);
    now = new Date("2026-11-30T00:00:00Z");
  });

  it("send delivers the week's unit summaries, and a second send delivers nothing", async () => {
    await cli("summary", "send", "--kind", "weekly");
    const count = smtp.received.length;
    expect(count).toBeGreaterThan(3);
    const first = await simpleParser(smtp.received[0]!.raw);
    expect(first.subject).toMatch(/^Ringkasan inovasi .+, minggu 23–29 November 2026$/);
    await cli("summary", "send", "--kind", "weekly");
    expect(smtp.received).toHaveLength(count);
    expect(printed.filter((line) => line.startsWith("Terkirim")).at(-1)).toMatch(/^Terkirim 0, dilewati \d+/);
    // The same names the preview shows, never record ids; and the empty city list said plainly.
    const unitsLine = printed.filter((line) => line.startsWith("Kepala unit tanpa email")).at(-1) ?? "";
    expect(unitsLine).toContain("Dinas Sosial P3A");
    expect(unitsLine).not.toMatch(/dinsosp3a/);
    expect(printed).toContain("Ringkasan kota tidak dikirim kepada siapa pun: SUMMARY_RECIPIENTS (pimpinan) dan SUMMARY_COORDINATORS (koordinator) kosong.");
  });

  it("mou records a renewed term for later summaries", async () => {
    await cli("summary", "mou", "--signed", "2024-06-10", "--ends", "2029-06-10", "--by", "koordinator@probolinggokota.go.id");
    expect(await loadMouTerm(database.db)).toEqual({ signed: "2024-06-10", ends: "2029-06-10" });
  });
});
