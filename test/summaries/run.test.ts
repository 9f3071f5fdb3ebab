import { randomUUID } from "node:crypto";
import { initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { stores } from "../../src/store/kinds.js";
import { SUMMARY_LEDGER_COLLECTION, type LedgerEntry } from "../../src/summaries/ledger.js";
import { runSummaries, type RunSummariesInput } from "../../src/summaries/run.js";
import { testDatabase } from "../support/firestore.js";
import { startTestSmtpServer, type TestSmtpServer } from "../mail/smtpServer.js";
import { RUN_AT, seedScenario } from "./scenario.js";

const database = testDatabase();
let smtp: TestSmtpServer;
let mailer: Mailer;
const summaryConfig = { SUMMARY_RECIPIENTS: ["walikota@probolinggokota.go.id", "koordinator@probolinggokota.go.id"], STALLED_AFTER_DAYS: 30 };
const minutes = (count: number) => new Date(RUN_AT.getTime() + count * 60_000);
const run = (overrides: Partial<RunSummariesInput> = {}) =>
  runSummaries({ db: database.db, mailer, now: RUN_AT, kind: "weekly", config: summaryConfig, ...overrides });

async function ledger(): Promise<LedgerEntry[]> {
  const snapshot = await database.db.collection(SUMMARY_LEDGER_COLLECTION).get();
  return snapshot.docs.map((doc) => doc.data() as LedgerEntry);
}

async function deliveredMessageIds(): Promise<string[]> {
  return Promise.all(smtp.received.map(async (mail) => (await simpleParser(mail.raw)).messageId ?? ""));
}

beforeAll(async () => {
  await database.clear();
  await seedScenario(stores(database.db));
  smtp = await startTestSmtpServer();
  mailer = createMailer(parseConfig({ SMTP_URL: smtp.url }));
});
beforeEach(async () => {
  const entries = await database.db.collection(SUMMARY_LEDGER_COLLECTION).get();
  await Promise.all(entries.docs.map((doc) => doc.ref.delete()));
  smtp.received.length = 0;
});
afterAll(async () => {
  mailer.close?.();
  await smtp.stop();
  await database.db.terminate();
});

describe("runSummaries", () => {
  it("sends the unit head and each coordinator one email, and a second run sends nothing", async () => {
    const first = await run();
    expect(first.periods).toEqual(["weekly-2026-11-16"]);
    expect(first.sent).toHaveLength(3);
    expect(first.unitsWithoutEmail).toEqual([{ id: "kanigaran", name: "Kecamatan Kanigaran" }]);
    expect(smtp.received.map((mail) => mail.to[0]).sort()).toEqual([
      "kadinkes@probolinggokota.go.id",
      "koordinator@probolinggokota.go.id",
      "walikota@probolinggokota.go.id",
    ]);
    const headMail = await simpleParser(smtp.received.find((mail) => mail.to[0] === "kadinkes@probolinggokota.go.id")!.raw);
    expect(headMail.subject).toBe("Ringkasan inovasi Dinas Kesehatan P2KB, minggu 16–22 November 2026");
    expect(headMail.text).toContain("Kampung KB Digital: Diagnose sejak 24 Oktober 2026 (30 hari)");

    const second = await run({ now: minutes(5) });
    expect(second.sent).toEqual([]);
    expect(second.skipped.map((entry) => entry.reason)).toEqual(["already_sent", "already_sent", "already_sent"]);
    expect(smtp.received).toHaveLength(3);
    expect((await ledger()).every((entry) => entry.state === "sent" && entry.attempts === 1)).toBe(true);
  });

  it("sends coordinators their copy, with what to do, and leadership theirs, without; someone in both lists gets one", async () => {
    const report = await run({
      config: { ...summaryConfig, SUMMARY_COORDINATORS: ["Koordinator@probolinggokota.go.id", "sekretariat@probolinggokota.go.id"] },
    });
    expect(report.sent).toHaveLength(4);
    const mails = await Promise.all(smtp.received.map(async (mail) => ({ to: mail.to[0], text: (await simpleParser(mail.raw)).text ?? "" })));
    const cityText = (to: string) => mails.filter((mail) => mail.to === to).map((mail) => mail.text);
    expect(cityText("walikota@probolinggokota.go.id")).toHaveLength(1);
    expect(cityText("walikota@probolinggokota.go.id")[0]).not.toContain("Untuk koordinator");
    expect(cityText("walikota@probolinggokota.go.id")[0]).toContain("Yth. Bapak/Ibu Pimpinan Laboratorium Inovasi,");
    for (const coordinator of ["koordinator@probolinggokota.go.id", "sekretariat@probolinggokota.go.id"]) {
      expect(cityText(coordinator)).toHaveLength(1);
      expect(cityText(coordinator)[0]).toContain("Untuk koordinator: bila MoU sudah diperpanjang");
    }
  });

  it("sends once when the scheduler fires twice at the same moment", async () => {
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.sent.length + b.sent.length).toBe(3);
    expect(smtp.received).toHaveLength(3);
    expect(new Set(await deliveredMessageIds()).size).toBe(3);
  });

  it("keeps a refused send and delivers it on the next run, exactly once", async () => {
    smtp.refuseOnce.add("kadinkes@probolinggokota.go.id");
    const first = await run();
    expect(first.failed).toHaveLength(1);
    expect(first.sent).toHaveLength(2);
    expect((await ledger()).find((entry) => entry.recipient === "kadinkes@probolinggokota.go.id")).toMatchObject({ state: "failed", attempts: 1 });

    const second = await run({ now: minutes(1) });
    expect(second.sent).toHaveLength(1);
    expect(second.failed).toEqual([]);
    const third = await run({ now: minutes(2) });
    expect(third.sent).toEqual([]);
    expect(smtp.received.filter((mail) => mail.to[0] === "kadinkes@probolinggokota.go.id")).toHaveLength(1);
    expect(smtp.received).toHaveLength(3);
  });

  it("a failure left from last week is finished by this week's run, for that recipient only", async () => {
    smtp.refuseOnce.add("walikota@probolinggokota.go.id");
    expect((await run()).failed).toHaveLength(1);
    const nextMonday = new Date("2026-11-30T00:00:00Z");
    const next = await run({ now: nextMonday });
    expect(next.periods).toEqual(["weekly-2026-11-16", "weekly-2026-11-23"]);
    const subjects = await Promise.all(smtp.received.map(async (mail) => `${mail.to[0]} ${(await simpleParser(mail.raw)).subject}`));
    expect(subjects.filter((subject) => subject.includes("16–22 November"))).toHaveLength(3);
    expect(subjects.filter((subject) => subject.includes("23–29 November"))).toHaveLength(3);
  });

  it("after a crash between send and ledger, resends once with the same Message-ID when the claim expires", async () => {
    // A real crash: the run's own Firestore client goes away right after the SMTP server has
    // accepted the message, so "sent" can never be written, exactly as when the instance dies.
    // A mailer that merely threw would be recorded as a refused send, which is a different path.
    const crashingDb: Firestore = getFirestore(initializeApp({ projectId: database.projectId }, `crash-${randomUUID()}`));
    let sends = 0;
    const crashAfterFirstSend: Mailer = {
      async send(message) {
        const result = await mailer.send(message);
        if (++sends === 1) await crashingDb.terminate();
        return result;
      },
    };
    await expect(run({ db: crashingDb, mailer: crashAfterFirstSend })).rejects.toThrow();
    expect(smtp.received).toHaveLength(1);
    const [crashedId] = await deliveredMessageIds();
    expect((await ledger()).find((entry) => `<${entry.messageId}>` === crashedId)).toMatchObject({ state: "pending", attempts: 1 });

    // Minutes later the claim may still belong to a live run: leave it, send the rest.
    const soon = await run({ now: minutes(1) });
    expect(soon.sent).toHaveLength(2);
    expect(soon.skipped.map((entry) => entry.reason)).toEqual(["in_progress"]);

    // Past the lease nobody is sending it: resend the same email, same Message-ID.
    const later = await run({ now: minutes(20) });
    expect(later.sent).toHaveLength(1);
    const ids = await deliveredMessageIds();
    expect(ids.filter((id) => id === crashedId)).toHaveLength(2);
    expect(new Set(ids).size).toBe(3);
    expect((await ledger()).find((entry) => `<${entry.messageId}>` === crashedId)).toMatchObject({ state: "sent", attempts: 2, uncertainResends: 1 });

    expect((await run({ now: minutes(40) })).sent).toEqual([]);
    expect(smtp.received).toHaveLength(4);
  });

  it.each([
    ["the week of Friday 27 November on Saturday 28 November", "weekly", "2026-11-27", "2026-11-28T03:00:00Z", /Periode 23–29 November 2026 belum selesai: ringkasannya baru dapat dikirim mulai 30 November 2026/],
    ["the week on its last evening (Sunday 23:59 WIB)", "weekly", "2026-11-22", "2026-11-22T16:59:59Z", /Periode 16–22 November 2026 belum selesai/],
    ["November on 30 November", "monthly", "2026-11-15", "2026-11-30T10:00:00Z", /Periode November 2026 belum selesai: .* mulai 1 Desember 2026/],
  ] as const)("refuses %s, sending nothing and keeping nothing in the ledger", async (_case, kind, day, now, message) => {
    await expect(run({ kind, periodDay: day, now: new Date(now) })).rejects.toThrow(message);
    expect(smtp.received).toHaveLength(0);
    expect(await ledger()).toEqual([]);
  });

  it("sends a named week from the moment it has ended (Monday 00:00 WIB)", async () => {
    const report = await run({ periodDay: "2026-11-22", now: new Date("2026-11-22T17:00:00Z") });
    expect(report.periods).toEqual(["weekly-2026-11-16"]);
    expect(report.sent).toHaveLength(3);
  });

  it("sends only the coordinators' summary for a month", async () => {
    const report = await run({ kind: "monthly", now: new Date("2026-12-01T00:00:00Z") });
    expect(report.periods).toEqual(["monthly-2026-11-01"]);
    expect(report.sent).toHaveLength(2);
    const subjects = await Promise.all(smtp.received.map(async (mail) => (await simpleParser(mail.raw)).subject));
    expect(subjects).toEqual(["Ringkasan bulanan Laboratorium Inovasi, November 2026", "Ringkasan bulanan Laboratorium Inovasi, November 2026"]);
  });
});
