// Cold start of each function: a fresh `node` process that loads the compiled deploy entry
// point through the Functions Framework, timed from spawn to its first answered request.
// Next to it, the same entry point with @googleapis/sheets and @googleapis/gmail swapped for
// the monolithic `googleapis` package, to show what the per-API packages save. `googleapis`
// is never a dependency: it is installed into a temp folder outside the repo at bench time.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { freePort } from "../local/firestoreEmulator.js";

const ROOT = new URL("../", import.meta.url).pathname;
const GOOGLEAPIS_PREFIX = "/tmp/labinov-bench-googleapis";
const FRAMEWORK_MAIN = join(ROOT, "node_modules/@google-cloud/functions-framework/build/src/main.js");
const FUNCTIONS = ["sheetEdited", "formSubmitted", "recordChanged", "syncRequested", "mailQueued", "reconcileSheets", "initSheets", "sendSummaries"] as const;

export interface ColdStartRow {
  name: string;
  /** Median ms from spawn to the first answered request, with labinov's per-API packages. */
  labinovMs: number;
  /** The same with the monolithic googleapis package; null when it could not be installed. */
  googleapisMs: number | null;
  ratio: number | null;
}

export interface ColdStartReport {
  runs: number;
  rows: ColdStartRow[];
  notes: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Compiles the deploy build (tsconfig.build.json) into a folder that resolves the repo's node_modules. */
function buildEntry(): string {
  const dir = mkdtempSync(join(tmpdir(), "labinov-coldstart-"));
  const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", dir], { encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`build failed:\n${tsc.stdout}${tsc.stderr}`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", main: "functions/index.js" }));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

function googleapisEntry(): string | null {
  return existsSync(join(GOOGLEAPIS_PREFIX, "node_modules/googleapis/package.json")) ? join(GOOGLEAPIS_PREFIX, "node_modules/googleapis/build/src/index.js") : null;
}

function ensureGoogleapis(notes: string[]): string | null {
  const found = googleapisEntry();
  if (found) return found;
  const install = spawnSync("npm", ["install", "--prefix", GOOGLEAPIS_PREFIX, "googleapis", "--no-audit", "--no-fund"], { encoding: "utf8", timeout: 300_000 });
  const installed = googleapisEntry();
  if (!installed) notes.push(`googleapis column skipped: "npm install --prefix ${GOOGLEAPIS_PREFIX} googleapis" failed (${(install.stderr || install.error?.message || "").trim().split("\n").at(-1)})`);
  return installed;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith(".js") ? [path] : [];
  });
}

/** A copy of the build whose imports of the per-API packages go to the monolithic one instead. */
function googleapisVariant(build: string, googleapisIndex: string): string {
  const dir = mkdtempSync(join(tmpdir(), "labinov-coldstart-googleapis-"));
  spawnSync("cp", ["-R", `${build}/.`, dir]);
  rmSync(join(dir, "node_modules"));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const shim = join(dir, "googleapis-shim.js");
  writeFileSync(
    shim,
    `import googleapis from ${JSON.stringify(googleapisIndex)};\n` +
      "export const sheets_v4 = googleapis.sheets_v4;\nexport const auth = googleapis.google.auth;\nexport const gmail = googleapis.google.gmail;\n",
  );
  for (const file of jsFiles(dir)) {
    const source = readFileSync(file, "utf8");
    const swapped = source.replace(/from "@googleapis\/(sheets|gmail)"/g, `from ${JSON.stringify(shim)}`);
    if (swapped !== source) writeFileSync(file, swapped);
  }
  return dir;
}

function firstRequest(port: number, name: string): Promise<boolean> {
  const event = name === "recordChanged";
  const headers: Record<string, string> = event
    ? { "content-type": "application/protobuf", "ce-specversion": "1.0", "ce-type": "google.cloud.firestore.document.v1.written", "ce-source": "//bench", "ce-id": "bench-1" }
    : { "content-type": "application/json" };
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(true));
    });
    req.on("error", () => resolve(false));
    req.end(event ? Buffer.from([0xff, 0xff]) : "{}");
  });
}

/** Spawns the function's process and polls until it answers; returns the ms it took. */
async function coldStart(entry: string, name: string): Promise<number> {
  const port = await freePort();
  const env = { ...process.env, GOOGLE_CLOUD_PROJECT: "demo-bench", METADATA_SERVER_DETECTION: "none", LOG_LEVEL: "error", FIRESTORE_EMULATOR_HOST: "127.0.0.1:1" };
  const started = performance.now();
  const child = spawn(process.execPath, [FRAMEWORK_MAIN, `--target=${name}`, `--port=${port}`, `--source=${entry}`], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let exited = false;
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.on("exit", () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`${name} exited before answering:\n${stderr}`);
      if (await firstRequest(port, name)) return performance.now() - started;
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
  const build = buildEntry();
  const googleapisIndex = ensureGoogleapis(notes);
  const variant = googleapisIndex ? googleapisVariant(build, googleapisIndex) : null;
  const rows: ColdStartRow[] = [];
  try {
    for (const name of FUNCTIONS) {
      const ours: number[] = [];
      const theirs: number[] = [];
      // Alternate the two so that machine noise falls on both alike.
      for (let run = 0; run < runs; run++) {
        ours.push(await coldStart(build, name));
        if (variant) theirs.push(await coldStart(variant, name));
      }
      const labinovMs = median(ours);
      const googleapisMs = variant ? median(theirs) : null;
      rows.push({ name, labinovMs, googleapisMs, ratio: googleapisMs === null ? null : googleapisMs / labinovMs });
    }
  } finally {
    rmSync(build, { recursive: true, force: true });
    if (variant) rmSync(variant, { recursive: true, force: true });
  }
  const report = { runs, rows, notes };
  print(formatColdStarts(report));
  return report;
}

export function formatColdStarts({ runs, rows, notes }: ColdStartReport): string {
  const lines = [
    `Cold start, spawn -> first answered request, median of ${runs} runs (node ${process.version}):`,
    `${"function".padEnd(16)} ${"labinov ms".padStart(11)} ${"googleapis ms".padStart(14)} ${"ratio".padStart(6)}`,
    ...rows.map(
      (row) =>
        `${row.name.padEnd(16)} ${row.labinovMs.toFixed(0).padStart(11)} ${(row.googleapisMs?.toFixed(0) ?? "-").padStart(14)} ${(row.ratio ? `${row.ratio.toFixed(2)}x` : "-").padStart(6)}`,
    ),
    ...notes.map((note) => `note: ${note}`),
  ];
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").at(-1)!)) {
  await measureColdStarts({ runs: Number(process.env.COLD_START_RUNS ?? 5) });
}
