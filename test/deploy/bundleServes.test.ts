// The deployed bundles serve: each folder deploy/bundle.mjs builds (firebase-admin, the
// Firestore client with its gRPC protos, the Sheets client, google-auth-library and nodemailer
// all inside the bundle) runs in its own Functions Framework process, as on Cloud Run, against
// the Firestore emulator, our Sheets emulator and an SMTP sink, and answers real requests.
// Only the addresses differ from Cloud Run. Nothing here is timed (the bench measures speed).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local/firestoreEmulator.js";
import { initTarget, SheetTargetStore } from "../../sheets/index.js";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";
import { innovationIdForResponse } from "../../src/forms/formSubmission.js";
import { SYNC_REQUESTS_COLLECTION } from "../../src/events/syncRequest.js";
import { stores } from "../../src/store/kinds.js";
import { postSigned, TEST_SECRET } from "../functions/support.js";
import { deliverOutbox, formSubmitBody, rowsNamingProposal } from "../functions/formJourney.js";
import { startTestSmtpServer, type TestSmtpServer } from "../mail/smtpServer.js";
import { testDatabase } from "../support/firestore.js";
import { testActor } from "../support/fixtures.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const FRAMEWORK_MAIN = join(ROOT, "node_modules/@google-cloud/functions-framework/build/src/main.js");
const NAMES = ["formSubmitted", "mailQueued", "reconcileSheets", "sheetEdited"] as const;
const ADMIN_TOKEN = "token-admin-labinov-uji-0123456789abcdefgh";

const database = testDatabase();
const out = mkdtempSync(join(tmpdir(), "labinov-bundle-serves-"));
const children: ChildProcess[] = [];
const urls: Partial<Record<(typeof NAMES)[number], string>> = {};
let emulator: SheetsEmulator;
let smtp: TestSmtpServer;
let spreadsheetId: string;

/** Starts one bundled folder under the Functions Framework; resolves with its URL once it serves. */
async function startBundled(name: string, env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [FRAMEWORK_MAIN, `--target=${name}`, `--port=${port}`, `--source=${join(out, name)}`], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  // The Functions Framework prints "Serving function..." once the function is loaded and the port listens.
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`URL: http://localhost:${port}/`)) resolve();
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.on("exit", (code) => reject(new Error(`${name} stopped (${code}) before serving:\n${output}`)));
  });
  return `http://127.0.0.1:${port}/`;
}

beforeAll(async () => {
  const bundle = spawnSync(process.execPath, [join(ROOT, "deploy/bundle.mjs"), ROOT, out, ...NAMES], { encoding: "utf8" });
  if (bundle.status !== 0) throw new Error(`deploy/bundle.mjs failed:\n${bundle.stdout}${bundle.stderr}`);
  // Only the Functions Framework is installed beside the bundle on Cloud Run; here the repo's.
  symlinkSync(join(ROOT, "node_modules"), join(out, "node_modules"), "dir");
  emulator = await startSheetsEmulator();
  smtp = await startTestSmtpServer();

  const db = database.db;
  await stores(db).units.create("dinkes", { name: "Dinas Kesehatan P2KB", kind: "opd", headEmail: "dinkes@probolinggokota.go.id" }, testActor);
  const sheets = new sheets_v4.Sheets({ rootUrl: `${emulator.url}/` });
  spreadsheetId = (await sheets.spreadsheets.create({ requestBody: { properties: { title: "Inovasi Dinkes" } } })).data.spreadsheetId!;
  const target = await new SheetTargetStore(db).add({ spreadsheetId, tab: "Inovasi", kind: "innovations", units: ["dinkes"] });
  await initTarget({ db, sheets }, target.id);

  const env = {
    GOOGLE_CLOUD_PROJECT: database.projectId,
    METADATA_SERVER_DETECTION: "none",
    LOG_LEVEL: "error",
    WEBHOOK_SECRET: TEST_SECRET,
    ADMIN_TOKEN,
    SHEETS_API_URL: emulator.url,
    SMTP_URL: smtp.url,
  };
  for (const name of NAMES) urls[name] = await startBundled(name, env);
}, 120_000);

/** Resolves once the process has exited (Node writes its module compile cache on the way out). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

afterAll(async () => {
  for (const child of children) child.kill();
  // Removing the folder while a stopping process still writes its compile cache fails (ENOTEMPTY).
  await Promise.all(children.map(exited));
  rmSync(out, { recursive: true, force: true });
  await emulator?.stop();
  await smtp?.stop();
  await database.db.terminate();
});

describe("the deployed bundles, each in its own Functions Framework process", () => {
  it("formSubmitted keeps the proposal, mailQueued sends its two emails, reconcileSheets writes its row", async () => {
    const body = formSubmitBody("resp-bundle-1");
    const submitted = await postSigned(urls.formSubmitted!, body);
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    expect(await stores(database.db).innovations.get(innovationIdForResponse("form-usulan", "resp-bundle-1"))).not.toBeNull();

    // The mail transport is a lazily loaded chunk of the bundle: this loads and uses it.
    const delivered = await deliverOutbox(database.db, database.projectId, urls.mailQueued!);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((status) => status === 204)).toBe(true);
    expect(smtp.received).toHaveLength(2);

    const reconcile = await fetch(urls.reconcileSheets!, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(reconcile.status, await reconcile.clone().text()).toBe(200);
    expect(await rowsNamingProposal(emulator.url, spreadsheetId)).toEqual([true]);
  });

  it("sheetEdited refuses an unsigned post and keeps a signed one as a sync request in Firestore", async () => {
    const edit = JSON.stringify({ kind: "sheetEdit", eventId: "edit-bundle-0001", spreadsheetId, sheetName: "Inovasi", range: "A2", user: "", editedAt: new Date().toISOString() });
    expect((await fetch(urls.sheetEdited!, { method: "POST", headers: { "content-type": "application/json" }, body: edit })).status).toBe(401);
    expect((await postSigned(urls.sheetEdited!, edit)).status).toBe(202);
    expect((await database.db.collection(SYNC_REQUESTS_COLLECTION).doc(spreadsheetId).get()).exists).toBe(true);
  });
});
