// The sync bench's 50,000-row figures at one size, quicker than `npm run bench` while working on
// planning or memory: seed, a bare read of the records, a first run, the workload, then the
// reconcile, each in its own process with deploy's NODE_OPTIONS (SYNC_NODE_OPTIONS=none for none,
// or others to try), and CPU profiles of both runs (and a heap profile of the reconcile) when asked.
// DASHBOARD=1 makes the spreadsheet the city-wide one, whose "Dasbor" figures every run refreshes.
//   npx tsx bench/reconcileOnce.ts [rows=10000] [profile folder]
import { sheets_v4 } from "@googleapis/sheets";
import { startFirestoreEmulator } from "../local/firestoreEmulator.js";
import { sheetsCaller } from "../sheets/client.js";
import { initDashboard } from "../sheets/dashboard/init.js";
import { startSheetsEmulator } from "../sheets/emulator/index.js";
import { firestore } from "../src/store/db.js";
import { deployedSyncInstance, runSyncProcess } from "./syncProcess.js";
import { applyWorkload, seedWorld, workload } from "./syncWorkload.js";

const rows = Number(process.argv[2] ?? 10_000);
const profileDir = process.argv[3];
process.env.METADATA_SERVER_DETECTION ??= "none";
const ownFirestore = await startFirestoreEmulator();
process.env.FIRESTORE_EMULATOR_HOST = ownFirestore.host;
const sheetsEmulator = await startSheetsEmulator();
try {
  const projectId = `demo-reconcile-${rows}`;
  const db = firestore(projectId);
  const sheets = new sheets_v4.Sheets({ rootUrl: `${sheetsEmulator.url}/`, auth: "bench-api-key", retry: false, timeout: 600_000 });
  const seeded = await seedWorld(db, sheets, rows);
  if (process.env.DASHBOARD) await initDashboard({ db, sheets, caller: sheetsCaller() }, seeded.spreadsheetId);
  const job = { mode: "sync" as const, projectId, firestoreHost: ownFirestore.host, sheetsUrl: sheetsEmulator.url, spreadsheetId: seeded.spreadsheetId };
  const asked = process.env.SYNC_NODE_OPTIONS;
  const nodeOptions = asked === "none" ? "" : (asked ?? deployedSyncInstance().nodeOptions);
  const bare = await runSyncProcess({ ...job, mode: "bareRead" });
  const first = await runSyncProcess(job, { nodeOptions, cpuProfileDir: profileDir });
  await applyWorkload(db, sheets, seeded.spreadsheetId, seeded.records, workload(rows, 0.02));
  const reconcile = await runSyncProcess(job, { nodeOptions, cpuProfileDir: profileDir, heapProfileDir: profileDir });
  await db.terminate();
  const figures = (run: typeof first) => ({ planCpuMs: run.report!.planning.cpuMs, planHeapMb: run.report!.planning.heapPeakMb, cpuMs: run.cpuMs, wallMs: run.wallMs, peakRssMb: run.peakRssMb });
  console.log(JSON.stringify({ rows, bareRead: { wallMs: bare.wallMs, cpuMs: bare.cpuMs }, firstRun: { ...figures(first), ratio: Math.round((first.wallMs / bare.wallMs) * 100) / 100 }, reconcile: figures(reconcile) }));
} finally {
  await sheetsEmulator.stop();
  await ownFirestore.stop();
}
