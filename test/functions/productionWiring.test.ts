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
import { postSigned, TEST_SECRET } from "./support.js";
import { deliverOutbox, formSubmitBody, rowsNamingProposal } from "./formJourney.js";

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
    const body = formSubmitBody("resp-prod-1");
    const response = await postSigned(await serveRegistered("formSubmitted"), body);
    expect(response.status).toBe(200);
    expect(await stores(database.db).innovations.get(innovationIdForResponse("form-usulan", "resp-prod-1"))).not.toBeNull();
    const mailQueued = await serveRegistered("mailQueued");
    const delivered = await deliverOutbox(database.db, database.projectId, mailQueued);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((status) => status === 204)).toBe(true);
    expect(smtp.received).toHaveLength(2);

    const reconcile = await fetch(await serveRegistered("reconcileSheets"), { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(reconcile.status).toBe(200);
    expect(await rowsNamingProposal(emulator.url, spreadsheetId)).toEqual([true]);
  });

  it("sheetEdited refuses an unsigned post and accepts a signed one for a registered sheet", async () => {
    const url = await serveRegistered("sheetEdited");
    const edit = JSON.stringify({ kind: "sheetEdit", eventId: "edit-prod-0001", spreadsheetId, sheetName: "Inovasi", range: "A2", user: "", editedAt: new Date().toISOString() });
    expect((await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: edit })).status).toBe(401);
    expect((await postSigned(url, edit)).status).toBe(202);
  });
});
