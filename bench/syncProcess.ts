// The sync bench's own process: one sync run (or a bare read of the same records, for the first
// run's yardstick) apart from the Sheets emulator and the Firestore emulator, which run in the
// bench's process and in Java. Reports its figures as one JSON line on stdout, with the peak RSS
// of this process (`process.resourceUsage().maxRSS`), so memory is what a function instance
// running the same sync would hold, not a sampled heap.
// The process runs this file bundled by esbuild with deploy/bundle.mjs's options (as a deployed
// function runs), not through tsx, whose compiler would add its own memory to the figure:
//   [NODE_OPTIONS=<deploy's>] node [--max-old-space-size=200] test-output/bench/syncProcess.mjs '<SyncJob JSON>'
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sheets_v4 } from "@googleapis/sheets";
import { COLLECTIONS, firestore } from "../src/store/db.js";

export interface SyncJob {
  mode: "sync" | "bareRead";
  projectId: string;
  firestoreHost: string;
  sheetsUrl: string;
  spreadsheetId: string;
}

export interface SyncProcessResult {
  wallMs: number;
  cpuMs: number;
  /** Peak resident set size of the syncing process, MB (maxRSS). */
  peakRssMb: number;
  /** The run's own report (mode "sync"), or the number of documents read (mode "bareRead"). */
  report?: {
    status: string;
    sheetsRequests: number;
    firestore: { reads: number; writes: number };
    recordWrites: number;
    cellsWritten: number;
    appended: number;
    planning: { cpuMs: number; heapPeakMb: number };
  };
  documents?: number;
}

export interface SyncProcessOptions {
  /** V8 heap limit in MB (`--max-old-space-size`); 0 for Node's default. */
  heapLimitMb?: number;
  /** NODE_OPTIONS of the process, as deploy sets it for the syncing functions (see deployedSyncInstance). */
  nodeOptions?: string;
  /** Writes a V8 CPU profile (`--cpu-prof`) into this folder. */
  cpuProfileDir?: string;
  /** Writes a V8 heap profile (`--heap-prof`) into this folder. */
  heapProfileDir?: string;
}

/** The syncing functions' instance as deploy/deploy.sh deploys it: the settings of deploy/sync-instance.env. */
export function deployedSyncInstance(): { memory: string; nodeOptions: string } {
  const text = readFileSync(new URL("../deploy/sync-instance.env", import.meta.url), "utf8");
  const value = (name: string): string => {
    const line = new RegExp(`^${name}=(?:"([^"]*)"|(\\S*))$`, "m").exec(text);
    if (!line) throw new Error(`deploy/sync-instance.env: ${name} tidak ditemukan`);
    return line[1] ?? line[2]!;
  };
  return { memory: value("SYNC_MEMORY"), nodeOptions: value("SYNC_NODE_OPTIONS") };
}

/** Runs a job in a fresh Node process and answers its figures; a failed or killed process rejects with its output. */
export async function runSyncProcess(job: SyncJob, options: SyncProcessOptions = {}): Promise<SyncProcessResult> {
  const flags: string[] = [];
  if (options.heapLimitMb) flags.push(`--max-old-space-size=${options.heapLimitMb}`);
  if (options.cpuProfileDir) flags.push("--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`);
  if (options.heapProfileDir) flags.push("--heap-prof", `--heap-prof-dir=${options.heapProfileDir}`);
  // Imported here, not at the top: the child would otherwise load esbuild with this file.
  const { bundledEntry } = await import("./bundleEntry.js");
  const entry = await bundledEntry(import.meta.url, { deployed: true });
  const child = spawn(process.execPath, [...flags, entry, JSON.stringify(job)], {
    env: { ...process.env, NODE_OPTIONS: options.nodeOptions ?? "", FIRESTORE_EMULATOR_HOST: job.firestoreHost, GOOGLE_CLOUD_PROJECT: job.projectId, LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line) as SyncProcessResult);
      else reject(new Error(`sync process (${job.mode}) ended with ${signal ?? `code ${code}`}: ${stderr.trim().split("\n").slice(-8).join("\n")}`));
    });
  });
}

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function runJob(job: SyncJob): Promise<SyncProcessResult> {
  const db = firestore(job.projectId);
  // Loaded only for a sync, so that the bare read's memory is not the engine's; before the clock starts.
  const { syncSpreadsheet } = job.mode === "sync" ? await import("../sheets/sync/run.js") : { syncSpreadsheet: null };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result: Partial<SyncProcessResult> = {};
  if (!syncSpreadsheet) {
    const snapshot = await db.collection(COLLECTIONS.innovations).get();
    result.documents = snapshot.size;
  } else {
    const sheets = new sheets_v4.Sheets({ rootUrl: `${job.sheetsUrl}/`, auth: "bench-api-key", retry: false, timeout: 600_000 });
    const report = await syncSpreadsheet({ db, sheets, log: quiet }, job.spreadsheetId, { leaseMs: 3_600_000 });
    result.report = {
      status: report.status,
      sheetsRequests: report.sheetsRequests,
      firestore: report.firestore,
      recordWrites: report.recordWrites,
      cellsWritten: report.cellsWritten,
      appended: report.targets.reduce((sum, target) => sum + target.appended, 0),
      planning: report.planning,
    };
  }
  const cpu = process.cpuUsage(cpuBefore);
  await db.terminate();
  return {
    ...result,
    wallMs: Math.round(performance.now() - started),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const job = JSON.parse(process.argv[2] ?? "{}") as SyncJob;
  const result = await runJob(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
