import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formSubmittedHandler } from "../../functions/formSubmitted.js";
import { mailQueuedHandler } from "../../functions/mailQueued.js";
import { parseConfig } from "../../src/config.js";
import { innovationIdForResponse } from "../../src/forms/formSubmission.js";
import { MAIL_OUTBOX_COLLECTION, deliverQueuedMail } from "../../src/forms/mailLedger.js";
import { FORM_MAPPINGS_COLLECTION } from "../../src/forms/mapping.js";
import { encodeDocumentEvent } from "../../local/firestoreEvents.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { COLLECTIONS } from "../../src/store/db.js";
import { stores } from "../../src/store/kinds.js";
import { startTestSmtpServer, type TestSmtpServer } from "../mail/smtpServer.js";
import { testDatabase } from "../support/firestore.js";
import { createUnit } from "../support/fixtures.js";
import { cloudEventHeaders } from "./documentEvents.js";
import { postSigned, serveCloudEvent, serveHttp, TEST_SECRET, type Served } from "./support.js";

const database = testDatabase();
let smtp: TestSmtpServer;
let mailer: Mailer;
let served: Served;
let mailQueued: Served;

/** What Eventarc does with the outbox: every entry's write, as a CloudEvent, to mailQueued. */
async function deliverOutbox(url = mailQueued.url): Promise<number[]> {
  const entries = await database.db.collection(MAIL_OUTBOX_COLLECTION).get();
  const statuses: number[] = [];
  for (const entry of entries.docs) {
    const response = await fetch(url, {
      method: "POST",
      headers: cloudEventHeaders(`evt-${entry.id}`, `documents/${MAIL_OUTBOX_COLLECTION}/${entry.id}`),
      body: Buffer.from(encodeDocumentEvent("demo-labinov", MAIL_OUTBOX_COLLECTION, entry.id, null, entry.data())),
    });
    statuses.push(response.status);
  }
  return statuses;
}

function submission(answers: Record<string, string | string[]>, overrides: Record<string, unknown> = {}): string {
  const responseId = (overrides.responseId as string | undefined) ?? `resp-${Math.random().toString(36).slice(2, 12)}`;
  return JSON.stringify({
    kind: "formSubmit",
    eventId: `form-${responseId}`,
    formId: "form-usulan-2026",
    responseId,
    submittedAt: "2026-11-27T03:00:00.000Z",
    respondentEmail: "pengusul@gmail.com",
    // The form collects verified emails (the respondent signed in with Google).
    respondentEmailVerified: true,
    answers: Object.entries(answers).map(([title, value]) => ({ title, value })),
    ...overrides,
  });
}

const goodAnswers = {
  "Nama inovasi": "Si-Pintar: antrean puskesmas daring",
  "Unit kerja": "dinas kesehatan p2kb", // matched whatever the case
  "Jenis inovasi": "Digital",
  "Bentuk inovasi": "Inovasi pelayanan publik",
  "Urusan pemerintahan": "kesehatan",
  Permasalahan: "Antrean panjang sejak subuh",
  "Tautan bukti dukung": "https://probolinggokota.go.id/a\nhttps://probolinggokota.go.id/b",
};

async function innovationCount(): Promise<number> {
  return (await database.db.collection(COLLECTIONS.innovations).count().get()).data().count;
}

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  mailer = createMailer(parseConfig({ SMTP_URL: smtp.url }));
  served = await serveHttp(formSubmittedHandler(() => ({ db: database.db, webhookSecret: TEST_SECRET })));
  mailQueued = await serveCloudEvent(mailQueuedHandler(() => ({ db: database.db, mailer })) as never);
});
beforeEach(async () => {
  await database.clear();
  smtp.received.length = 0;
  await createUnit(stores(database.db));
});
afterAll(async () => {
  await served.stop();
  await mailQueued.stop();
  mailer.close?.();
  await smtp.stop();
  await database.db.terminate();
});

describe("formSubmitted", () => {
  it("a response becomes one drum-up innovation, one confirmation and one unit-head notice, even when posted and delivered twice", async () => {
    const body = submission(goodAnswers, { responseId: "resp-001" });
    const first = await postSigned(served.url, body);
    expect(first.status).toBe(200);
    // The Apps Script's retry is a new signature over the same event: answered 200 as the first
    // time (marked replayed). A new event for the same response changes nothing either.
    expect((await postSigned(served.url, body, { now: Date.now() + 1 })).status).toBe(200);
    const second = await postSigned(served.url, submission(goodAnswers, { responseId: "resp-001", eventId: "form-resp-001-lagi" }));
    expect(second.status).toBe(200);
    const id = innovationIdForResponse("form-usulan-2026", "resp-001");
    expect(await first.json()).toMatchObject({ ok: true, innovationId: id, created: true });
    expect(await second.json()).toMatchObject({ ok: true, innovationId: id, created: false });

    expect(await innovationCount()).toBe(1);
    const record = await stores(database.db).innovations.require(id);
    expect(record).toMatchObject({
      stage: "drum_up",
      unitId: "dinkes",
      jenis: "digital",
      bentuk: "pelayanan_publik",
      initiator: "opd",
      source: "form",
      updatedBy: "form:form-usulan-2026",
      proposerEmail: "pengusul@gmail.com",
      evidenceLinks: ["https://probolinggokota.go.id/a", "https://probolinggokota.go.id/b"],
      version: 1,
    });

    // Answered before any mail went out: the emails wait in the outbox for mailQueued.
    expect(smtp.received).toHaveLength(0);
    const outbox = await database.db.collection(MAIL_OUTBOX_COLLECTION).get();
    expect(outbox.docs.map((doc) => [doc.id, doc.get("status")]).sort()).toEqual([[`${id}-confirmation`, "pending"], [`${id}-unit-head`, "pending"]]);
    expect(await deliverOutbox()).toEqual([204, 204]);
    // Eventarc delivers at least once: the same events again (and the "sent" writes) send nothing.
    expect(await deliverOutbox()).toEqual([204, 204]);
    expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).docs.map((doc) => doc.get("status"))).toEqual(["sent", "sent"]);

    expect(smtp.received.map((mail) => mail.to).sort()).toEqual([["dinkes@probolinggokota.go.id"], ["pengusul@gmail.com"]]);
    const confirmation = await simpleParser(smtp.received.find((mail) => mail.to[0] === "pengusul@gmail.com")!.raw);
    // Subjects never carry the respondent's words.
    expect(confirmation.subject).toBe(`Usulan inovasi diterima (nomor ${id})`);
    expect(confirmation.text).toContain("Si-Pintar: antrean puskesmas daring");
    expect(confirmation.text).toContain("27 November 2026");
    expect(confirmation.text).toContain(id);
    const notice = await simpleParser(smtp.received.find((mail) => mail.to[0] === "dinkes@probolinggokota.go.id")!.raw);
    expect(notice.text).toContain("Yth. dr. Nur Aini");
    expect(notice.subject).toBe(`Usulan inovasi baru untuk Dinas Kesehatan P2KB (nomor ${id})`);
  });

  it("a retry after a network time-out (the server had stored it) gets the first answer again: two 200s, one record, one outbox entry", async () => {
    // An unverified gmail address: no confirmation, so the unit head's notice is the one entry.
    const body = submission(goodAnswers, { responseId: "resp-timeout", respondentEmailVerified: false });
    // The first answer is lost on the way back (the script's UrlFetchApp timed out); the server had applied it.
    const lost = await postSigned(served.url, body);
    const firstAnswer = (await lost.json()) as Record<string, unknown>;
    // The script's retry is the same body, signed again a minute later.
    const retry = await postSigned(served.url, body, { now: Date.now() + 60_000 });
    expect([lost.status, retry.status]).toEqual([200, 200]);
    const id = innovationIdForResponse("form-usulan-2026", "resp-timeout");
    expect(firstAnswer).toEqual({ ok: true, innovationId: id, created: true, confirmation: "not_allowed" });
    expect(await retry.json()).toEqual({ ...firstAnswer, replayed: true });
    expect(await innovationCount()).toBe(1);
    expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).docs.map((doc) => doc.id)).toEqual([`${id}-unit-head`]);
    expect(await deliverOutbox()).toEqual([204]);
    expect(smtp.received.map((mail) => mail.to)).toEqual([["dinkes@probolinggokota.go.id"]]);
    const record = await stores(database.db).innovations.require(id);
    expect(record.version).toBe(1);
  });

  it("the same event posted twice at once: both answered 200 with one proposal id, one record, its emails queued once", async () => {
    const body = submission(goodAnswers, { responseId: "resp-twice" });
    const answers = await Promise.all([postSigned(served.url, body), postSigned(served.url, body, { now: Date.now() + 1 })]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as { innovationId: string; created: boolean; replayed?: boolean }[];
    const id = innovationIdForResponse("form-usulan-2026", "resp-twice");
    expect(bodies.map((answer) => answer.innovationId)).toEqual([id, id]);
    expect(bodies.map((answer) => answer.created)).toEqual([true, true]);
    expect(bodies.filter((answer) => answer.replayed).length).toBe(1);
    expect(await innovationCount()).toBe(1);
    expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).size).toBe(2);
  });

  it("a resent event is answered as the first time even when its answers would be refused now (the unit closed since)", async () => {
    const body = submission(goodAnswers, { responseId: "resp-closed" });
    const first = await postSigned(served.url, body);
    expect(first.status).toBe(200);
    await stores(database.db).units.archive("dinkes", { by: "test", source: "cli" });
    const retry = await postSigned(served.url, body, { now: Date.now() + 1 });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ ...((await first.json()) as object), replayed: true });
    // A new response naming the closed unit is refused as ever.
    expect((await postSigned(served.url, submission(goodAnswers, { responseId: "resp-closed-2" }))).status).toBe(422);
    expect(await innovationCount()).toBe(1);
  });

  it("two concurrent posts of one response still make one record and one email each", async () => {
    // Two events for one response (the replay guard alone would stop a second copy of one event).
    const bodies = ["form-resp-002", "form-resp-002-lagi"].map((eventId) => submission(goodAnswers, { responseId: "resp-002", eventId }));
    const statuses = await Promise.all(bodies.map((body) => postSigned(served.url, body)));
    expect(statuses.map((response) => response.status)).toEqual([200, 200]);
    expect(await innovationCount()).toBe(1);
    await Promise.all([deliverOutbox(), deliverOutbox()]);
    expect(smtp.received).toHaveLength(2);
  });

  it("answers that look like formulas stay text in the record", async () => {
    const risky = { ...goodAnswers, "Nama inovasi": '=HYPERLINK("http://jahat.example";"klik")', Permasalahan: "+62 812", Tujuan: "-1", Manfaat: "@ semua" };
    const response = await postSigned(served.url, submission(risky, { responseId: "resp-003" }));
    expect(response.status).toBe(200);
    const record = await stores(database.db).innovations.require(innovationIdForResponse("form-usulan-2026", "resp-003"));
    expect([record.name, record.problem, record.goal, record.benefits]).toEqual(['=HYPERLINK("http://jahat.example";"klik")', "+62 812", "-1", "@ semua"]);
  });

  const invalid: { name: string; answers: Record<string, string | string[]>; question: string; message: RegExp }[] = [
    { name: "no innovation name", answers: { ...goodAnswers, "Nama inovasi": "  " }, question: "Nama inovasi", message: /"Nama inovasi" wajib dijawab/ },
    { name: "unknown unit", answers: { ...goodAnswers, "Unit kerja": "Dinas Pariwisata Mars" }, question: "Unit kerja", message: /Unit kerja "Dinas Pariwisata Mars" tidak dikenal/ },
    {
      name: "unknown jenis",
      answers: { ...goodAnswers, "Jenis inovasi": "Analog" },
      question: "Jenis inovasi",
      message: /"Analog" untuk "Jenis inovasi" tidak dikenal; pilih salah satu: Digital, Non-digital/,
    },
    {
      name: "bad evidence link",
      answers: { ...goodAnswers, "Tautan bukti dukung": "bukan-tautan" },
      question: "Tautan bukti dukung",
      message: /"Tautan bukti dukung" tidak valid: tautan tidak dikenali dalam "bukan-tautan"/,
    },
    { name: "bad proposer email", answers: { ...goodAnswers, "Email pengusul": "bukan email" }, question: "Email pengusul", message: /"Email pengusul" tidak valid/ },
    { name: "no bentuk", answers: { ...goodAnswers, "Bentuk inovasi": "" }, question: "Bentuk inovasi", message: /"Bentuk inovasi" wajib dijawab/ },
  ];

  it.each(invalid)("refuses $name with 422, a message in Bahasa Indonesia per question, no record and no email", async ({ answers, question, message }) => {
    const response = await postSigned(served.url, submission(answers));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { message: string; details: string[]; problems: { question: string; message: string }[] };
    expect(body.message).toMatch(/tidak bisa diterima/);
    expect(body.details.join("\n")).toMatch(message);
    expect(body.problems).toEqual([{ question, message: expect.stringMatching(message) as string }]);
    expect(await innovationCount()).toBe(0);
    expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).size).toBe(0);
  });

  it("a refused response, put right, may come again as the same event: the refusal does not hold its event id", async () => {
    const refused = await postSigned(served.url, submission({ ...goodAnswers, "Unit kerja": "" }, { responseId: "resp-ulang" }));
    expect(refused.status).toBe(422);
    const corrected = await postSigned(served.url, submission(goodAnswers, { responseId: "resp-ulang" }), { now: Date.now() + 1 });
    expect(corrected.status).toBe(200);
    expect(await innovationCount()).toBe(1);
  });

  it("question titles follow the per-form mapping in Firestore", async () => {
    await database.db.collection(FORM_MAPPINGS_COLLECTION).doc("form-kelurahan").set({
      questions: { "Judul ide perubahan": "name", "Kantor Anda": "unit" },
      defaults: { jenis: "non_digital", bentuk: "tata_kelola" },
    });
    const response = await postSigned(
      served.url,
      submission({ "Judul ide perubahan": "Arsip surat tanpa kertas", "Kantor Anda": "Dinas Kesehatan P2KB" }, { formId: "form-kelurahan", responseId: "resp-004" }),
    );
    expect(response.status).toBe(200);
    const record = await stores(database.db).innovations.require(innovationIdForResponse("form-kelurahan", "resp-004"));
    expect(record).toMatchObject({ name: "Arsip surat tanpa kertas", jenis: "non_digital", bentuk: "tata_kelola", unitId: "dinkes" });
  });

  it("a mail server that is down does not hold the answer; mailQueued fails (500, retried) and the retry sends each email once", async () => {
    const offline = createMailer(parseConfig({ SMTP_URL: "smtp://127.0.0.1:1" }));
    const down = await serveCloudEvent(mailQueuedHandler(() => ({ db: database.db, mailer: offline })) as never);
    try {
      const body = submission(goodAnswers, { responseId: "resp-005" });
      expect((await postSigned(served.url, body)).status).toBe(200);
      expect(await deliverOutbox(down.url)).toEqual([500, 500]);
      expect(smtp.received).toHaveLength(0);
      expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).docs.map((doc) => doc.get("status"))).toEqual(["pending", "pending"]);
      expect(await deliverOutbox()).toEqual([204, 204]);
      expect(await innovationCount()).toBe(1);
      expect(smtp.received).toHaveLength(2);
    } finally {
      offline.close?.();
      await down.stop();
    }
  });

  const recipients: { name: string; overrides: Record<string, unknown>; answers?: Record<string, string>; confirmationTo: string[] }[] = [
    { name: "an unverified gmail address gets nothing", overrides: { respondentEmailVerified: false }, confirmationTo: [] },
    { name: "an older script (no verified flag) counts as unverified", overrides: { respondentEmailVerified: undefined }, confirmationTo: [] },
    {
      name: "a typed stranger's address gets nothing",
      overrides: { respondentEmail: "", respondentEmailVerified: false },
      answers: { "Email pengusul": "korban@example.com" },
      confirmationTo: [],
    },
    {
      name: "a typed city address (subdomain of go.id) gets it",
      overrides: { respondentEmail: "", respondentEmailVerified: false },
      answers: { "Email pengusul": "staf.inovasi@probolinggokota.go.id" },
      confirmationTo: ["staf.inovasi@probolinggokota.go.id"],
    },
    {
      name: "a verified respondent gets it, not the address typed",
      overrides: { respondentEmailVerified: true },
      answers: { "Email pengusul": "korban@example.com" },
      confirmationTo: ["pengusul@gmail.com"],
    },
  ];

  it.each(recipients)("confirmation: $name; the unit head is told either way", async ({ overrides, answers, confirmationTo }) => {
    const body = submission({ ...goodAnswers, ...answers }, overrides);
    expect((await postSigned(served.url, body)).status).toBe(200);
    expect(await deliverOutbox()).toEqual(confirmationTo.length ? [204, 204] : [204]);
    const to = smtp.received.map((mail) => mail.to[0]);
    expect(to.filter((address) => address !== "dinkes@probolinggokota.go.id")).toEqual(confirmationTo);
    expect(to).toContain("dinkes@probolinggokota.go.id");
  });

  it("the outbox entry is written in the record's transaction: if it cannot be written, neither is the record, and the retry stores both", async () => {
    const id = innovationIdForResponse("form-usulan-2026", "resp-008");
    // An entry already under the key makes the transaction's create fail, as any failed write would.
    await database.db.collection(MAIL_OUTBOX_COLLECTION).doc(`${id}-unit-head`).set({ status: "sent", queuedAt: "2026-11-01T00:00:00.000Z" });
    const body = submission(goodAnswers, { responseId: "resp-008" });
    expect((await postSigned(served.url, body)).status).toBe(500);
    expect(await innovationCount()).toBe(0);
    expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).doc(`${id}-confirmation`).get()).exists).toBe(false);

    await database.db.collection(MAIL_OUTBOX_COLLECTION).doc(`${id}-unit-head`).delete();
    expect((await postSigned(served.url, body, { now: Date.now() + 1 })).status).toBe(200);
    expect(await innovationCount()).toBe(1);
    expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).size).toBe(2);
  });

  it("a send that died after claiming the ledger: retries refuse while the claim is fresh, then exactly one email goes out", async () => {
    const body = submission(goodAnswers, { responseId: "resp-009", respondentEmailVerified: false });
    expect((await postSigned(served.url, body)).status).toBe(200);
    const [entry] = (await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).docs;
    expect(entry!.id).toMatch(/-unit-head$/);

    // No real part can die mid-send on cue: a send that never returns stands in for the
    // instance that crashed after taking the claim (nothing after the claim ever runs).
    const claimedAt = new Date("2026-11-27T03:00:05.000Z");
    let claimed!: () => void;
    const claimTaken = new Promise<void>((resolve) => (claimed = resolve));
    const dying = { send: () => (claimed(), new Promise<never>(() => {})) };
    void deliverQueuedMail(database.db, dying, entry!.id, claimedAt);
    await claimTaken;

    const at = (minutes: number) => new Date(claimedAt.getTime() + minutes * 60_000);
    let clock = at(3);
    const retrying = await serveCloudEvent(mailQueuedHandler(() => ({ db: database.db, mailer, now: () => clock })) as never);
    try {
      // Eventarc's retry 3 minutes later: the claim is fresh, so nothing is sent and the event fails (retried again).
      expect(await deliverOutbox(retrying.url)).toEqual([500]);
      expect(smtp.received).toHaveLength(0);
      // Once the claim is stale (10 minutes), a retry sends, and every later delivery sends nothing.
      clock = at(11);
      expect(await deliverOutbox(retrying.url)).toEqual([204]);
      clock = at(30);
      expect(await deliverOutbox(retrying.url)).toEqual([204]);
    } finally {
      await retrying.stop();
    }
    expect(smtp.received.map((mail) => mail.to)).toEqual([["dinkes@probolinggokota.go.id"]]);
    expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).doc(entry!.id).get()).get("status")).toBe("sent");
  });

  it("accepts a response signed with this form's script key, refuses one signed with another form's", async () => {
    const { scriptKey } = await import("../../src/http/signature.js");
    const own = await postSigned(served.url, submission(goodAnswers, { responseId: "resp-006" }), { secret: scriptKey(TEST_SECRET, "form:form-usulan-2026") });
    expect(own.status).toBe(200);
    const other = await postSigned(served.url, submission(goodAnswers, { responseId: "resp-007" }), { secret: scriptKey(TEST_SECRET, "form:form-lain") });
    expect(other.status).toBe(401);
    expect(await innovationCount()).toBe(1);
  });

  it("refuses an unsigned post without touching anything", async () => {
    const response = await fetch(served.url, { method: "POST", headers: { "content-type": "application/json" }, body: submission(goodAnswers) });
    expect(response.status).toBe(401);
    expect(await innovationCount()).toBe(0);
  });
});
