// The functions as deployed: registered by functions/index.ts, built from the environment by
// functions/deps.ts (config, Firestore, the sync engine over SHEETS_API_URL, SMTP mailer).
// Only the addresses differ from Cloud Run: the local emulators and a local SMTP server.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadConfig } from "../../src/config.js";
import { innovationIdForResponse } from "../../src/forms/formSubmission.js";
import { stores } from "../../src/store/kinds.js";
import { initTarget, SheetTargetStore } from "../../sheets/index.js";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";
import { sheets_v4 } from "@googleapis/sheets";
import { startTestSmtpServer, type TestSmtpServer } from "../mail/smtpServer.js";
import { testDatabase } from "../support/firestore.js";
import { testActor } from "../support/fixtures.js";
import { MAIL_OUTBOX_COLLECTION } from "../../src/forms/mailLedger.js";
import { encodeDocumentEvent } from "../../local/firestoreEvents.js";
import { cloudEventHeaders } from "./documentEvents.js";
import { postSigned, TEST_SECRET } from "./support.js";

const ADMIN_TOKEN = "token-admin-labinov-uji-0123456789abcdefgh";
const database = testDatabase();
const saved = { ...process.env };
let emulator: SheetsEmulator;
let smtp: TestSmtpServer;
let spreadsheetId: string;
const servers: Server[] = [];

async function serveRegistered(name: string): Promise<string> {
  const server = getTestServer(name);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

beforeAll(async () => {
  emulator = await startSheetsEmulator();
  smtp = await startTestSmtpServer();
  Object.assign(process.env, {
    GOOGLE_CLOUD_PROJECT: database.projectId,
    WEBHOOK_SECRET: TEST_SECRET,
    ADMIN_TOKEN,
    SHEETS_API_URL: emulator.url,
    SMTP_URL: smtp.url,
  });
  reloadConfig();
  await import("../../functions/index.js");

  const db = database.db;
  await stores(db).units.create("dinkes", { name: "Dinas Kesehatan P2KB", kind: "opd", headEmail: "dinkes@probolinggokota.go.id" }, testActor);
  const sheets = new sheets_v4.Sheets({ rootUrl: `${emulator.url}/` });
  spreadsheetId = (await sheets.spreadsheets.create({ requestBody: { properties: { title: "Inovasi Dinkes" } } })).data.spreadsheetId!;
  const target = await new SheetTargetStore(db).add({ spreadsheetId, tab: "Inovasi", kind: "innovations", units: ["dinkes"] });
  await initTarget({ db, sheets }, target.id);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  process.env = saved;
  reloadConfig();
  await emulator.stop();
  await smtp.stop();
  await database.db.terminate();
});

describe("functions/index.ts with the production deps", () => {
  it("formSubmitted, mailQueued, then reconcileSheets: a record, two emails, a row in the sheet", async () => {
    const body = JSON.stringify({
      kind: "formSubmit",
      eventId: "form-resp-prod-1",
      formId: "form-usulan",
      responseId: "resp-prod-1",
      submittedAt: new Date().toISOString(),
      respondentEmail: "pengusul@gmail.com",
      respondentEmailVerified: true,
      answers: [
        { title: "Nama inovasi", value: "Antrean daring puskesmas" },
        { title: "Unit kerja", value: "Dinas Kesehatan P2KB" },
        { title: "Jenis inovasi", value: "Digital" },
        { title: "Bentuk inovasi", value: "Inovasi pelayanan publik" },
      ],
    });
    const response = await postSigned(await serveRegistered("formSubmitted"), body);
    expect(response.status).toBe(200);
    expect(await stores(database.db).innovations.get(innovationIdForResponse("form-usulan", "resp-prod-1"))).not.toBeNull();
    const mailQueued = await serveRegistered("mailQueued");
    for (const entry of (await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).docs) {
      const delivered = await fetch(mailQueued, {
        method: "POST",
        headers: cloudEventHeaders(`evt-${entry.id}`, `documents/${MAIL_OUTBOX_COLLECTION}/${entry.id}`),
        body: Buffer.from(encodeDocumentEvent(database.projectId, MAIL_OUTBOX_COLLECTION, entry.id, null, entry.data())),
      });
      expect(delivered.status).toBe(204);
    }
    expect(smtp.received).toHaveLength(2);

    const reconcile = await fetch(await serveRegistered("reconcileSheets"), { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(reconcile.status).toBe(200);
    const values = await new sheets_v4.Sheets({ rootUrl: `${emulator.url}/` }).spreadsheets.values.get({ spreadsheetId, range: "Inovasi" });
    expect(values.data.values?.slice(1).map((row) => row.includes("Antrean daring puskesmas"))).toEqual([true]);
  });

  it("sheetEdited refuses an unsigned post and accepts a signed one for a registered sheet", async () => {
    const url = await serveRegistered("sheetEdited");
    const edit = JSON.stringify({ kind: "sheetEdit", eventId: "edit-prod-0001", spreadsheetId, sheetName: "Inovasi", range: "A2", user: "", editedAt: new Date().toISOString() });
    expect((await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: edit })).status).toBe(401);
    expect((await postSigned(url, edit)).status).toBe(202);
  });
});
