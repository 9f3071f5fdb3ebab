// Cold start of each function: a fresh `node` process running the Functions Framework on a
// function's folder, timed from spawn to its first answered request. Three side by side, each
// function's runs interleaved so machine noise falls on all alike:
// - floor: a bare Functions Framework process that only imports firebase-admin/firestore and
//   @googleapis/sheets (what any function of this kind pays before its own code);
// - labinov: the folder deploy/deploy.sh ships, built by the same `node deploy/bundle.mjs` and
//   primed by the same `gcp-build` step (prime-cache.mjs) Cloud Build runs;
// - monolith: the unbundled build (tsc, every function in one entry, no compile cache) with
//   @googleapis/sheets and @googleapis/gmail swapped for the monolithic `googleapis` package
//   (a devDependency for this comparison only; deployed code never imports it, lint enforces it).
// Each row also gives the CPU ms each process used until it answered (from /proc), which a busy
// shared machine sways far less than wall time; the goals stay on wall time, the CPU ratios are
// in the figure's note.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { freePort } from "../local/firestoreEmulator.js";
import { figure, type Figure } from "./figures.js";

const ROOT = new URL("../", import.meta.url).pathname;
const FRAMEWORK_MAIN = join(ROOT, "node_modules/@google-cloud/functions-framework/build/src/main.js");
const FUNCTIONS = ["sheetEdited", "formSubmitted", "recordChanged", "syncRequested", "mailQueued", "reconcileSheets", "initSheets", "sendSummaries"] as const;
const ENV = { GOOGLE_CLOUD_PROJECT: "demo-bench", METADATA_SERVER_DETECTION: "none", LOG_LEVEL: "error", FIRESTORE_EMULATOR_HOST: "127.0.0.1:1" };

export interface ColdStartRow {
  name: string;
  /** Median ms from spawn to the first answered request: the floor process. */
  floorMs: number;
  /** The same for the deployed bundle of this function. */
  labinovMs: number;
  /** The same for the monolith variant. */
  monolithMs: number;
  /**
   * Median CPU ms (user + system) each process spent until it answered: floor, labinov,
   * monolith. Less swayed than wall time by what else runs on a shared machine; absent where
   * /proc is not (Linux only).
   */
  cpuMs?: { floor: number; labinov: number; monolith: number };
}

export interface ColdStartReport {
  runs: number;
  rows: ColdStartRow[];
  /** Whether Node wrote the compile cache in the gcp-build step (per function). */
  compileCache: Record<string, boolean>;
  notes: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function linkNodeModules(dir: string): void {
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
}

/** The deployed folders: the same command deploy.sh runs, then each folder's gcp-build step. */
function buildDeployed(out: string): Record<string, boolean> {
  const bundle = spawnSync(process.execPath, [join(ROOT, "deploy/bundle.mjs"), ROOT, out], { encoding: "utf8" });
  if (bundle.status !== 0) throw new Error(`deploy/bundle.mjs failed:\n${bundle.stdout}${bundle.stderr}`);
  linkNodeModules(out);
  const primed: Record<string, boolean> = {};
  for (const name of FUNCTIONS) {
    const prime = spawnSync(process.execPath, ["prime-cache.mjs"], { cwd: join(out, name), encoding: "utf8", env: { ...process.env, ...ENV } });
    primed[name] = prime.status === 0 && prime.stdout.includes("compile cache primed");
  }
  return primed;
}

/** The floor: a bare Functions Framework process that imports only the two Google clients. */
function buildFloor(out: string): string {
  const dir = join(out, "floor");
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", main: "index.js" }));
  writeFileSync(
    join(dir, "index.js"),
    'import "firebase-admin/firestore";\nimport "@googleapis/sheets";\nimport { http } from "@google-cloud/functions-framework";\n' +
      `for (const name of ${JSON.stringify(FUNCTIONS)}) http(name, (req, res) => { res.send("ok"); });\n`,
  );
  linkNodeModules(dir);
  return dir;
}

/** The unbundled build (tsconfig.build.json), as deployed before bundling. */
function buildUnbundled(): string {
  const dir = mkdtempSync(join(tmpdir(), "labinov-coldstart-tsc-"));
  const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", dir], { encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`build failed:\n${tsc.stdout}${tsc.stderr}`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", main: "functions/index.js" }));
  linkNodeModules(dir);
  return dir;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith(".js") ? [path] : [];
  });
}

/** The unbundled build with its imports of the per-API packages sent to the monolithic one. */
function buildMonolith(): string {
  const dir = buildUnbundled();
  const shim = join(dir, "googleapis-shim.js");
  writeFileSync(
    shim,
    'import googleapis from "googleapis";\n' +
      "export const sheets_v4 = googleapis.sheets_v4;\nexport const auth = googleapis.google.auth;\nexport const gmail = googleapis.google.gmail;\n",
  );
  for (const file of jsFiles(dir)) {
    const source = readFileSync(file, "utf8");
    const swapped = source.replace(/from "@googleapis\/(sheets|gmail)"/g, `from ${JSON.stringify(shim)}`);
    if (swapped !== source) writeFileSync(file, swapped);
  }
  return dir;
}

const EVENT_FUNCTIONS = new Set(["recordChanged", "syncRequested", "mailQueued"]);

/**
 * The Firestore-triggered functions' first event: a readable DocumentEventData (protobuf:
 * field 1 `value`, a Document whose field 1 is its name) for a collection none of them works
 * on, so each answers after decoding it without any Firestore or Sheets call. An unreadable
 * event would be kept in deadLetters/ first, a Firestore write the bench's unreachable
 * Firestore never answers.
 */
function unsyncedDocumentEvent(): Buffer {
  const field = (bytes: Buffer) => Buffer.concat([Buffer.from([0x0a, bytes.length]), bytes]);
  return field(field(Buffer.from("projects/demo-bench/databases/(default)/documents/benchColdStart/first")));
}

function firstRequest(port: number, name: string): Promise<boolean> {
  const event = EVENT_FUNCTIONS.has(name);
  const headers: Record<string, string> = event
    ? { "content-type": "application/protobuf", "ce-specversion": "1.0", "ce-type": "google.cloud.firestore.document.v1.written", "ce-source": "//bench", "ce-id": "bench-1" }
    : { "content-type": "application/json" };
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(true));
    });
    req.on("error", () => resolve(false));
    // A first request that waits on I/O would hang the bench (Firestore is unreachable here).
    req.setTimeout(10_000, () => {
      reject(new Error(`${name}: no answer to its first request within 10 s`));
      req.destroy();
    });
    req.end(event ? unsyncedDocumentEvent() : "{}");
  });
}

const CLOCK_TICKS_PER_SECOND = 100; // Linux's USER_HZ for /proc/<pid>/stat, 100 on every current platform

/** CPU ms (user + system) a live process has used so far, from /proc/<pid>/stat; undefined off Linux. */
function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

interface StartTime {
  ms: number;
  cpuMs: number | undefined;
}

/** Spawns the function's process and polls until it answers; returns the ms it took and the CPU it used. */
async function coldStart(entry: string, name: string): Promise<StartTime> {
  const port = await freePort();
  const env = { ...process.env, ...ENV };
  const started = performance.now();
  const child = spawn(process.execPath, [FRAMEWORK_MAIN, `--target=${name}`, `--port=${port}`, `--source=${entry}`], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let exited = false;
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.on("exit", () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`${name} exited before answering:\n${stderr}`);
      if (await firstRequest(port, name)) return { ms: performance.now() - started, cpuMs: cpuMsOf(child.pid!) };
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    child.kill();
  }
}

export async function measureColdStarts(options: { runs?: number; log?: (line: string) => void } = {}): Promise<ColdStartReport> {
  const runs = options.runs ?? 5;
  const print = options.log ?? ((line: string) => console.log(line));
  const notes: string[] = [];
  const out = mkdtempSync(join(tmpdir(), "labinov-coldstart-"));
  let monolith: string | undefined;
  const rows: ColdStartRow[] = [];
  try {
    const compileCache = buildDeployed(out);
    const floor = buildFloor(out);
    monolith = buildMonolith();
    for (const name of FUNCTIONS) {
      const times = { floor: [] as StartTime[], labinov: [] as StartTime[], monolith: [] as StartTime[] };
      for (let run = 0; run < runs; run++) {
        times.floor.push(await coldStart(floor, name));
        times.labinov.push(await coldStart(join(out, name), name));
        times.monolith.push(await coldStart(monolith, name));
      }
      const wall = (variant: StartTime[]) => median(variant.map((time) => time.ms));
      const cpu = (variant: StartTime[]) => median(variant.map((time) => time.cpuMs ?? Number.NaN));
      const cpuMs = { floor: cpu(times.floor), labinov: cpu(times.labinov), monolith: cpu(times.monolith) };
      rows.push({ name, floorMs: wall(times.floor), labinovMs: wall(times.labinov), monolithMs: wall(times.monolith), ...(Number.isNaN(cpuMs.labinov) ? {} : { cpuMs }) });
    }
    if (Object.values(compileCache).some((primed) => !primed)) notes.push(`compile cache not primed for: ${Object.keys(compileCache).filter((name) => !compileCache[name]).join(", ")}`);
    const report = { runs, rows, compileCache, notes };
    print(formatColdStarts(report));
    return report;
  } finally {
    rmSync(out, { recursive: true, force: true, maxRetries: 5 }); // a killed child may still be writing its compile cache
    if (monolith) rmSync(monolith, { recursive: true, force: true });
  }
}

/** The issue's goals: the slowest function within 1.5× the floor, and ≥ 3× faster than the monolith. */
export function coldStartFigures({ rows }: ColdStartReport): Figure[] {
  const worstVsFloor = Math.max(...rows.map((row) => row.labinovMs / row.floorMs));
  const leastVsMonolith = Math.min(...rows.map((row) => row.monolithMs / row.labinovMs));
  const slowest = rows.reduce((a, b) => (b.labinovMs > a.labinovMs ? b : a));
  const cpu = rows.every((row) => row.cpuMs)
    ? `; by CPU ms: worst ÷ floor ${Math.max(...rows.map((row) => row.cpuMs!.labinov / row.cpuMs!.floor)).toFixed(2)}×, least monolith ÷ ${Math.min(...rows.map((row) => row.cpuMs!.monolith / row.cpuMs!.labinov)).toFixed(2)}×`
    : "";
  return [
    figure("cold-start-ms", "cold start, slowest function (ms)", slowest.labinovMs, "ms", {}, `${slowest.name}; floor ${slowest.floorMs.toFixed(0)} ms, monolith ${slowest.monolithMs.toFixed(0)} ms`),
    figure("cold-start-vs-floor", "cold start ÷ floor, worst function", worstVsFloor, "×", { max: 1.5 }, `medians per function, spawn → first answer${cpu}`),
    figure("cold-start-vs-monolith", "monolith ÷ cold start, least function", leastVsMonolith, "×", { min: 3 }),
  ];
}

export function formatColdStarts({ runs, rows, notes }: ColdStartReport): string {
  const lines = [
    `Cold start, spawn -> first answered request, median of ${runs} runs (node ${process.version}):`,
    `${"function".padEnd(16)} ${"floor ms".padStart(9)} ${"labinov ms".padStart(11)} ${"monolith ms".padStart(12)} ${"÷ floor".padStart(8)} ${"monolith ÷".padStart(11)}   CPU ms floor/labinov/monolith`,
    ...rows.map(
      (row) =>
        `${row.name.padEnd(16)} ${row.floorMs.toFixed(0).padStart(9)} ${row.labinovMs.toFixed(0).padStart(11)} ${row.monolithMs.toFixed(0).padStart(12)} ${`${(row.labinovMs / row.floorMs).toFixed(2)}x`.padStart(8)} ${`${(row.monolithMs / row.labinovMs).toFixed(2)}x`.padStart(11)}` +
        (row.cpuMs ? `   ${row.cpuMs.floor.toFixed(0)}/${row.cpuMs.labinov.toFixed(0)}/${row.cpuMs.monolith.toFixed(0)}` : ""),
    ),
    ...notes.map((note) => `note: ${note}`),
  ];
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").at(-1)!)) {
  await measureColdStarts({ runs: Number(process.env.COLD_START_RUNS ?? 5) });
}
