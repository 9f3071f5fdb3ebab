// What the sync's Sheets read costs alone: a tab of N rows as the sync bench seeds it (in the Sheets
// emulator, in this process), read by the sync's own read (`readTabs`, FORMULA) in a process of
// its own, bundled as deployed. Prints RSS and heap before and after the read, the peak RSS, and
// the read's wall and CPU time. Not part of `npm run bench`; for iterating on the read:
//   npx tsx bench/readPhase.ts [rows=50000] [repeats=3]
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sheets_v4 } from "@googleapis/sheets";
import { quoteTab } from "../sheets/layout/columns.js";
import { sheetsCaller } from "../sheets/client.js";
import { readTabs } from "../sheets/sync/sheetIo.js";
import { bundledEntry } from "./bundleEntry.js";
import { HEADERS, seedRecord, sheetRow, TAB } from "./syncWorkload.js";

interface ReadJob {
  sheetsUrl: string;
  spreadsheetId: string;
}

function client(url: string): sheets_v4.Sheets {
  return new sheets_v4.Sheets({ rootUrl: `${url}/`, auth: "bench-api-key", retry: false, timeout: 600_000 });
}

const mb = (bytes: number) => Math.round(bytes / 1_048_576);

async function child(job: ReadJob): Promise<Record<string, number>> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const sheets = client(job.sheetsUrl);
  const caller = sheetsCaller({ attempts: 1 });
  // A first small read, so that the client's own code and sockets are in place before measuring.
  await sheets.spreadsheets.get({ spreadsheetId: job.spreadsheetId, fields: "properties.title" });
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const read = await readTabs(sheets, caller, job.spreadsheetId, [TAB], "reading", "FORMULA");
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - started;
  const after = process.memoryUsage();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gc();
  const kept = process.memoryUsage();
  const rows = read.tabs.get(TAB)?.length ?? 0;
  return {
    rows,
    rssBeforeMb: mb(before.rss),
    peakRssMb: mb(peakRss),
    readPeakRssMb: mb(peakRss - before.rss),
    heapAfterMb: mb(after.heapUsed - before.heapUsed),
    heapKeptMb: mb(kept.heapUsed - before.heapUsed),
    externalAfterMb: mb(after.external + after.arrayBuffers - before.external - before.arrayBuffers),
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((used.user + used.system) / 1000),
  };
}

async function seed(sheets: sheets_v4.Sheets, rows: number): Promise<string> {
  const created = await sheets.spreadsheets.create({
    requestBody: { properties: { title: `read ${rows}`, locale: "id_ID" }, sheets: [{ properties: { title: TAB, gridProperties: { rowCount: rows + 200, columnCount: HEADERS.length } } }] },
  });
  const spreadsheetId = created.data.spreadsheetId!;
  for (let start = 0; start <= rows; start += 10_000) {
    const values = Array.from({ length: Math.min(10_000, rows + 1 - start) }, (_, k) => (start + k === 0 ? HEADERS : sheetRow(seedRecord(start + k - 1), start + k + 1)));
    await sheets.spreadsheets.values.update({ spreadsheetId, range: `${quoteTab(TAB)}!A${start + 1}`, valueInputOption: "USER_ENTERED", requestBody: { values } });
  }
  return spreadsheetId;
}

function runChild(entry: string, job: ReadJob): Promise<string> {
  const process_ = spawn(process.execPath, ["--expose-gc", entry, JSON.stringify(job)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  process_.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => process_.on("close", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`read process ended with ${code}`)))));
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 50_000);
  const repeats = Number(process.argv[3] ?? 3);
  const { startSheetsEmulator } = await import("../sheets/emulator/index.js");
  const emulator = await startSheetsEmulator();
  try {
    const spreadsheetId = await seed(client(emulator.url), rows);
    const entry = await bundledEntry(import.meta.url);
    for (let k = 0; k < repeats; k++) console.log(await runChild(entry, { sheetsUrl: emulator.url, spreadsheetId }));
  } finally {
    await emulator.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2]?.startsWith("{")) process.stdout.write(`${JSON.stringify(await child(JSON.parse(process.argv[2]) as ReadJob))}\n`);
  else await main();
}
