// The payloads Code.gs builds and signs, posted over real HTTP to the real functions, and how
// the script behaves with many staff: one installer, one pending notice per spreadsheet, a
// full property store reported. Why Code.gs runs under shims: see runAppsScript.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formSubmittedHandler } from "../../functions/formSubmitted.js";
import { sheetEditedHandler } from "../../functions/sheetEdited.js";
import { parseConfig } from "../../src/config.js";
import { SYNC_REQUESTS_COLLECTION } from "../../src/events/syncRequest.js";
import { innovationIdForResponse } from "../../src/forms/formSubmission.js";
import { MAIL_OUTBOX_COLLECTION } from "../../src/forms/mailLedger.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { stores } from "../../src/store/kinds.js";
import { startTestSmtpServer, type TestSmtpServer } from "../mail/smtpServer.js";
import { testDatabase } from "../support/firestore.js";
import { createUnit } from "../support/fixtures.js";
import { recordingSync, serveHttp, TEST_SECRET, type Served } from "../functions/support.js";
import { runAppsScript, scriptServices, type EditEventData, type FormResponseData, type ScriptRun } from "./runAppsScript.js";

const database = testDatabase();
const sync = recordingSync({ dinkes: ["1AbCdEfGhIjKlMnOpQrStUvWxYz_dinkes"] });
let smtp: TestSmtpServer;
let mailer: Mailer;
let edits: Served;
let forms: Served;
let brokenEdits: Served;

const edit: EditEventData = { spreadsheetId: "1AbCdEfGhIjKlMnOpQrStUvWxYz_dinkes", sheetName: "Inovasi", row: 5, column: 3, numRows: 1, numColumns: 1, user: "staf@probolinggokota.go.id" };

function settings(overrides: Record<string, string> = {}) {
  return { LABINOV_SECRET: TEST_SECRET, LABINOV_SHEET_EDITED_URL: edits.url, LABINOV_FORM_SUBMITTED_URL: forms.url, ...overrides };
}

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  mailer = createMailer(parseConfig({ SMTP_URL: smtp.url }));
  edits = await serveHttp(sheetEditedHandler(() => ({ db: database.db, sync, webhookSecret: TEST_SECRET })));
  forms = await serveHttp(formSubmittedHandler(() => ({ db: database.db, webhookSecret: TEST_SECRET })));
  const failingSync = { ...recordingSync({ dinkes: [edit.spreadsheetId] }), isTarget: () => Promise.reject(new Error("Firestore 503")) };
  brokenEdits = await serveHttp(sheetEditedHandler(() => ({ db: database.db, sync: failingSync, webhookSecret: TEST_SECRET })));
});
beforeEach(async () => {
  await database.clear();
  sync.calls.length = 0;
  smtp.received.length = 0;
  await createUnit(stores(database.db));
});
/** The sync requests the server holds: spreadsheet id -> notices received. */
async function syncRequests(): Promise<Record<string, number>> {
  const all = await database.db.collection(SYNC_REQUESTS_COLLECTION).get();
  return Object.fromEntries(all.docs.map((doc) => [doc.id, doc.get("notices") as number]));
}

const queueKeys = (run: ScriptRun) => Object.keys(run.properties).filter((key) => key.startsWith("LABINOV_ANTREAN_"));

afterAll(async () => {
  await Promise.all([edits.stop(), forms.stop(), brokenEdits.stop()]);
  mailer.close?.();
  await smtp.stop();
  await database.db.terminate();
});

describe("Code.gs against the real functions", () => {
  it("an edit posts a signed sheetEdit the function accepts and records", async () => {
    const run = await runAppsScript(settings(), [{ fn: "labinovOnEdit", edit }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([202]);
    const sent = JSON.parse(run.fetches[0]!.body) as Record<string, unknown>;
    expect(sent).toMatchObject({ kind: "sheetEdit", spreadsheetId: edit.spreadsheetId, sheetName: "Inovasi", range: "C5", changeType: "EDIT", user: edit.user });
    expect(run.fetches[0]!.headers["x-labinov-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(await syncRequests()).toEqual({ [edit.spreadsheetId]: 1 });
  });

  it("an edit carries its cells with the row's ID and the column's header, and the function keeps them in the edit journal", async () => {
    const grid = [["ID", "Nama Inovasi", "Tujuan"], [], [], [], ["INO-JURNAL0001", "Si-Pintar", "tujuan baru"]];
    const run = await runAppsScript(settings(), [{ fn: "labinovOnEdit", edit: { ...edit, row: 5, column: 2, numColumns: 2, grid } }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([202]);
    const sent = JSON.parse(run.fetches[0]!.body) as { eventId: string; cells: unknown };
    const cells = [
      { rowId: "INO-JURNAL0001", header: "Nama Inovasi", value: "Si-Pintar" },
      { rowId: "INO-JURNAL0001", header: "Tujuan", value: "tujuan baru" },
    ];
    expect(sent.cells).toEqual(cells);
    const journal = await database.db.collection("sheetEditJournal").doc(sent.eventId).get();
    expect(journal.get("cells")).toEqual(cells);
    expect(journal.get("consumed")).toBe(false);
  });

  it("a new row (no ID yet), a header edit and a large paste carry no cells", async () => {
    const grid = [["ID", "Nama Inovasi"], ["", "baris baru"]];
    const run = await runAppsScript(settings(), [
      { fn: "labinovOnEdit", edit: { ...edit, row: 2, column: 2, grid } },
      { fn: "labinovOnEdit", edit: { ...edit, row: 1, column: 2, grid } },
      { fn: "labinovOnEdit", edit: { ...edit, row: 2, column: 1, numRows: 60, numColumns: 1, grid } },
    ]);
    expect(run.fetches.map((seen) => (JSON.parse(seen.body) as { cells?: unknown }).cells)).toEqual([undefined, undefined, undefined]);
  });

  const structural = ["INSERT_ROW", "REMOVE_ROW", "INSERT_COLUMN", "REMOVE_COLUMN", "OTHER"];
  it.each(structural)("onChange %s posts its changeType without a range, and the function accepts it", async (changeType) => {
    const run = await runAppsScript(settings(), [{ fn: "labinovOnChange", change: { spreadsheetId: edit.spreadsheetId, sheetName: "Inovasi", changeType } }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([202]);
    const sent = JSON.parse(run.fetches[0]!.body) as Record<string, unknown>;
    expect(sent).toMatchObject({ kind: "sheetEdit", changeType, sheetName: "Inovasi" });
    expect(sent).not.toHaveProperty("range");
  });

  it.each([
    ["EDIT", "onEdit already sent it, with its range"],
    ["FORMAT", "formatting changes no value the sync reads"],
  ])("onChange %s sends nothing: %s", async (changeType) => {
    const run = await runAppsScript(settings(), [{ fn: "labinovOnChange", change: { spreadsheetId: edit.spreadsheetId, sheetName: "Inovasi", changeType } }]);
    expect(run.fetches).toEqual([]);
  });

  const ranges: { name: string; at: Partial<EditEventData>; range: string }[] = [
    { name: "one cell", at: { row: 5, column: 3 }, range: "C5" },
    { name: "a block", at: { row: 2, column: 2, numRows: 8, numColumns: 3 }, range: "B2:D9" },
    { name: "a whole column (Apps Script would say C:C)", at: { row: 1, column: 3, numRows: 1000, numColumns: 1 }, range: "C1:C1000" },
    { name: "beyond column Z", at: { row: 7, column: 28, numRows: 1, numColumns: 26 }, range: "AB7:BA7" },
  ];
  it.each(ranges)("the range of $name is sent as $range and accepted", async ({ at, range }) => {
    const run = await runAppsScript(settings(), [{ fn: "labinovOnEdit", edit: { ...edit, ...at } }]);
    expect(run.fetches[0]!.status).toBe(202);
    expect((JSON.parse(run.fetches[0]!.body) as { range: string }).range).toBe(range);
  });

  it("a form submission becomes one innovation; formula-looking answers and non-ASCII text arrive as text", async () => {
    const form: FormResponseData = {
      formId: "1FAIpQLSf_formulir-usulan",
      responseId: "2_ABaOnudk3Lrm",
      timestamp: "2026-11-27T03:15:00.000Z",
      respondentEmail: "pengusul@gmail.com",
      emailCollection: "VERIFIED",
      items: [
        { title: "Nama inovasi", response: "=IMPORTXML(\"http://jahat.example\";\"//a\") — Layanan “Ceria”" },
        { title: "Unit kerja", response: "Dinas Kesehatan P2KB" },
        { title: "Jenis inovasi", response: "Digital" },
        { title: "Bentuk inovasi", response: "Inovasi pelayanan publik" },
        { title: "Tautan bukti dukung", response: ["https://probolinggokota.go.id/a", "https://probolinggokota.go.id/b"] },
      ],
    };
    const run = await runAppsScript(settings(), [{ fn: "labinovOnFormSubmit", form }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([200]);
    const record = await stores(database.db).innovations.require(innovationIdForResponse(form.formId, form.responseId));
    expect(record.name).toBe("=IMPORTXML(\"http://jahat.example\";\"//a\") — Layanan “Ceria”");
    expect(record.evidenceLinks).toEqual(["https://probolinggokota.go.id/a", "https://probolinggokota.go.id/b"]);
    // Answered once stored: the two emails wait in the outbox for mailQueued.
    expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).size).toBe(2);
  });

  it.each([
    { emailCollection: "VERIFIED" as const, verified: true, outbox: 2 },
    { emailCollection: "RESPONDER_INPUT" as const, verified: false, outbox: 1 },
    { emailCollection: undefined, verified: false, outbox: 1 },
  ])("a form whose email setting is $emailCollection sends respondentEmailVerified $verified; a gmail address gets a confirmation only when verified", async ({ emailCollection, verified, outbox }) => {
    const form: FormResponseData = {
      formId: "1FAIpQLSf_formulir-usulan",
      responseId: `2_verifikasi_${String(emailCollection)}`,
      timestamp: "2026-11-27T03:15:00.000Z",
      respondentEmail: "siapa.saja@gmail.com",
      ...(emailCollection ? { emailCollection } : {}),
      items: [
        { title: "Nama inovasi", response: "Posyandu keliling" },
        { title: "Unit kerja", response: "Dinas Kesehatan P2KB" },
        { title: "Jenis inovasi", response: "Non-digital" },
        { title: "Bentuk inovasi", response: "Inovasi pelayanan publik" },
      ],
    };
    const run = await runAppsScript(settings(), [{ fn: "labinovOnFormSubmit", form }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([200]);
    expect(JSON.parse(run.fetches[0]!.body)).toMatchObject({ respondentEmail: "siapa.saja@gmail.com", respondentEmailVerified: verified });
    const id = innovationIdForResponse(form.formId, form.responseId);
    const entries = (await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).docs.filter((doc) => doc.id.startsWith(id));
    expect(entries).toHaveLength(outbox);
  });

  it("when the server fails, edits keep one pending notice per spreadsheet and the retry timer delivers it", async () => {
    const first = await runAppsScript(settings({ LABINOV_SHEET_EDITED_URL: brokenEdits.url }), [
      { fn: "labinovOnEdit", edit },
      { fn: "labinovOnEdit", edit: { ...edit, row: 9 } },
      { fn: "labinovOnChange", change: { spreadsheetId: edit.spreadsheetId, sheetName: "Inovasi", changeType: "INSERT_ROW" } },
    ]);
    expect(first.fetches.map((seen) => seen.status)).toEqual([500, 500, 500]);
    expect(queueKeys(first)).toEqual([`LABINOV_ANTREAN_sheet_${edit.spreadsheetId}`]);

    const retry = await runAppsScript({ ...first.properties, LABINOV_SHEET_EDITED_URL: edits.url }, [{ fn: "labinovKirimUlangAntrean" }]);
    expect(retry.fetches.map((seen) => seen.status)).toEqual([202]);
    expect(queueKeys(retry)).toEqual([]);
    expect(await syncRequests()).toEqual({ [edit.spreadsheetId]: 1 });
  });

  it("the retry timer drops a queued form response that was deleted from the form, and sends the rest", async () => {
    const form: FormResponseData = {
      formId: "1FAIpQLSf_formulir-usulan",
      responseId: "2_masih-ada",
      timestamp: "2026-11-27T03:15:00.000Z",
      respondentEmail: "",
      items: [
        { title: "Nama inovasi", response: "Posyandu keliling" },
        { title: "Unit kerja", response: "Dinas Kesehatan P2KB" },
        { title: "Jenis inovasi", response: "Non-digital" },
        { title: "Bentuk inovasi", response: "Inovasi pelayanan publik" },
      ],
    };
    const queued = {
      LABINOV_ANTREAN_form_2_sudah_dihapus: JSON.stringify({ type: "form", responseId: "2_sudah_dihapus", eventId: "form-2_sudah_dihapus" }),
      LABINOV_ANTREAN_form_2_masih_ada: JSON.stringify({ type: "form", responseId: "2_masih-ada", eventId: "form-2_masih-ada" }),
    };
    const run = await runAppsScript({ ...settings(), ...queued }, [{ fn: "labinovKirimUlangAntrean", form }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([200]);
    expect(queueKeys(run)).toEqual([]);
    expect(run.logs.some(([level, text]) => level === "error" && text.includes("sudah dihapus") && text.includes("2_sudah_dihapus"))).toBe(true);
  });

  it("a full property store is reported in the log and by Periksa format's cache note, and nothing is thrown", async () => {
    const services = scriptServices();
    const run = await runAppsScript(settings({ LABINOV_SHEET_EDITED_URL: brokenEdits.url }), [{ fn: "labinovOnEdit", edit }], {
      services,
      propertyStoreBytes: 400, // the settings fill it: the way Google's 500 KB fills with old entries
    });
    expect(run.fetches.map((seen) => seen.status)).toEqual([500]);
    expect(run.results).toEqual([expect.objectContaining({ status: "hilang" })]);
    expect(queueKeys(run)).toEqual([]);
    expect(run.logs.some(([level, text]) => level === "error" && /Antrean kirim ulang penuh/.test(text) && /property storage quota/.test(text))).toBe(true);
    expect(services.cache.get("LABINOV_ANTREAN_PENUH")?.value).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("thirty edits at once: one notice in flight, the other executions end at once, one follow-up covers them", async () => {
    const services = scriptServices();
    let releaseFirst!: () => void;
    const othersDone = new Promise<void>((resolve) => (releaseFirst = resolve));
    let held = false;
    // The first request is held in flight until every other execution has ended (Google's latency, made certain).
    const beforeFetch = () => {
      if (held) return Promise.resolve();
      held = true;
      return othersDone;
    };
    let ended = 0;
    const grid = [["ID", "Tujuan"], ...Array.from({ length: 30 }, (_, index) => [`INO-BURST${String(index).padStart(5, "0")}`, `tujuan ${index}`])];
    const runs = Array.from({ length: 30 }, (_, index) =>
      runAppsScript(settings(), [{ fn: "labinovOnEdit", edit: { ...edit, row: index + 2, column: 2, grid } }], { services, beforeFetch }).then((run) => {
        if (++ended === 29) releaseFirst();
        return run;
      }),
    );
    const all = await Promise.all(runs);
    const outcomes = all.map((run) => (run.results[0] as { status: string }).status);
    expect(outcomes.filter((status) => status === "digabung")).toHaveLength(29);
    expect(outcomes.filter((status) => status === "terkirim")).toHaveLength(1);
    const posts = all.flatMap((run) => run.fetches);
    expect(posts.map((seen) => seen.status)).toEqual([202, 202]);
    expect(JSON.parse(posts[1]!.body)).toMatchObject({ changeType: "OTHER", spreadsheetId: edit.spreadsheetId });
    // Every edit's cell reaches the journal: the first with its own notice, the 29 others on the follow-up.
    const journalled = posts.flatMap((post) => (JSON.parse(post.body) as { cells?: { value: string }[] }).cells ?? []).map((cell) => cell.value);
    expect(journalled.sort()).toEqual(Array.from({ length: 30 }, (_, index) => `tujuan ${index}`).sort());
    expect(await syncRequests()).toEqual({ [edit.spreadsheetId]: 2 });
    // Nothing left pending: the next edit is sent at once.
    expect(services.cache.get("LABINOV_SEDANG_MENGIRIM")).toBeUndefined();
    const next = await runAppsScript(settings(), [{ fn: "labinovOnEdit", edit }], { services });
    expect(next.fetches.map((seen) => seen.status)).toEqual([202]);
  });

  const spreadsheet = { id: edit.spreadsheetId, sheetName: "Inovasi" };
  it("Pasang pemicu installs edit, change and the retry timer once, and records the installer", async () => {
    const first = await runAppsScript(settings(), [{ fn: "call", name: "labinovPasangPemicu" }, { fn: "call", name: "labinovPasangPemicu" }], { user: "koordinator@probolinggokota.go.id", spreadsheet });
    expect(first.results).toEqual([{ installed: true, installer: "koordinator@probolinggokota.go.id" }, { installed: true, installer: "koordinator@probolinggokota.go.id" }]);
    expect(first.triggers["koordinator@probolinggokota.go.id"]!.map((trigger) => `${trigger.handler}:${trigger.kind}`).sort()).toEqual([
      "labinovKirimUlangAntrean:every10min",
      "labinovOnChange:change",
      "labinovOnEdit:edit",
    ]);
    expect(first.properties.LABINOV_PEMASANG).toBe("koordinator@probolinggokota.go.id");
  });

  it("a second account is refused, installs nothing, and Periksa format tells it who installed", async () => {
    const installed = await runAppsScript(settings(), [{ fn: "call", name: "labinovPasangPemicu" }], { user: "koordinator@probolinggokota.go.id", spreadsheet });
    const other = await runAppsScript(installed.properties, [{ fn: "call", name: "labinovPasangPemicu" }, { fn: "call", name: "labinovTriggerCheck_" }], {
      user: "staf.lain@probolinggokota.go.id",
      spreadsheet,
      triggers: installed.triggers,
    });
    expect(other.results[0]).toEqual({ installed: false, installer: "koordinator@probolinggokota.go.id" });
    expect(other.triggers["staf.lain@probolinggokota.go.id"] ?? []).toEqual([]);
    expect(other.logs.some(([, text]) => text.includes("Pemicu sudah dipasang oleh akun lain: koordinator@probolinggokota.go.id"))).toBe(true);
    expect(other.results[1]).toEqual({ ok: true, message: "Pemicu dipasang oleh koordinator@probolinggokota.go.id." });
  });

  const checks: { name: string; installer?: string; handlers: string[]; ok: boolean }[] = [
    { name: "nobody installed", handlers: [], ok: false },
    { name: "the installer, with both triggers", installer: "koordinator@probolinggokota.go.id", handlers: ["labinovOnEdit", "labinovOnChange"], ok: true },
    { name: "the installer, without the change trigger (installed by an older script)", installer: "koordinator@probolinggokota.go.id", handlers: ["labinovOnEdit"], ok: false },
  ];
  it.each(checks)("Periksa format's trigger check: $name", async ({ installer, handlers, ok }) => {
    const run = await runAppsScript(settings(installer ? { LABINOV_PEMASANG: installer } : {}), [{ fn: "call", name: "labinovTriggerCheck_" }], {
      user: "koordinator@probolinggokota.go.id",
      triggers: { "koordinator@probolinggokota.go.id": handlers.map((handler) => ({ handler, kind: "edit" })) },
    });
    expect((run.results[0] as { ok: boolean }).ok).toBe(ok);
  });

  it("a script holding its spreadsheet's script key (not the webhook secret) is accepted", async () => {
    const { scriptKey } = await import("../../src/http/signature.js");
    const run = await runAppsScript(settings({ LABINOV_SECRET: scriptKey(TEST_SECRET, `sheet:${edit.spreadsheetId}`) }), [{ fn: "labinovOnEdit", edit }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([202]);
  });

  it("another spreadsheet's script key is refused (401): a leaked key opens its own spreadsheet only", async () => {
    const { scriptKey } = await import("../../src/http/signature.js");
    const run = await runAppsScript(settings({ LABINOV_SECRET: scriptKey(TEST_SECRET, "sheet:1LainLainLainLain") }), [{ fn: "labinovOnEdit", edit }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([401]);
  });

  it("a wrong secret is refused (401), logged, and not queued: a retry would not help", async () => {
    const run = await runAppsScript(settings({ LABINOV_SECRET: "kunci-yang-salah-tetapi-cukup-panjang-123456" }), [{ fn: "labinovOnEdit", edit }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([401]);
    expect(run.logs.some(([level, text]) => level === "error" && /ditolak server Labinov: 401/.test(text))).toBe(true);
    expect(Object.keys(run.properties).some((key) => key.startsWith("LABINOV_ANTREAN_"))).toBe(false);
    expect(await syncRequests()).toEqual({});
  });

  it("with no secret set it sends nothing and says which setting is missing", async () => {
    const { LABINOV_SECRET: _omitted, ...withoutSecret } = settings();
    const run = await runAppsScript(withoutSecret, [{ fn: "labinovOnEdit", edit }]);
    expect(run.fetches).toEqual([]);
    expect(run.logs.some(([, text]) => text.includes("LABINOV_SECRET"))).toBe(true);
  });
});
