// One sync run in a process of its own, for the crash tests: the test kills this process
// (SIGKILL) at a Sheets request boundary, so the run dies as a real one would, holding its lease
// and leaving whatever it had written. Run with tsx:
//   node --import tsx test/sync/syncProcess.ts <firestore projectId> <sheets emulator url> <spreadsheetId> <leaseMs>
// FIRESTORE_EMULATOR_HOST comes from the environment (the test run's emulator).
import { sheets_v4 } from "@googleapis/sheets";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { firestore } from "../../src/store/db.js";

const [projectId, sheetsUrl, spreadsheetId, leaseMs] = process.argv.slice(2);
if (!projectId || !sheetsUrl || !spreadsheetId || !leaseMs) throw new Error("usage: syncProcess.ts <projectId> <sheetsUrl> <spreadsheetId> <leaseMs>");
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const db = firestore(projectId);
const sheets = new sheets_v4.Sheets({ rootUrl: `${sheetsUrl}/`, auth: "test-api-key", retry: false });
const report = await syncSpreadsheet({ db, sheets, log: quiet, retry: { baseMs: 1, maxMs: 5 } }, spreadsheetId, { leaseMs: Number(leaseMs) });
process.stdout.write(`${JSON.stringify({ status: report.status })}\n`);
await db.terminate();
