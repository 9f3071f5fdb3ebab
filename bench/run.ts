// `npm run bench`: every registered benchmark, printed as tables, or as one JSON object with
// `-- --json`. Starts its own Firestore emulator (unless FIRESTORE_EMULATOR_HOST is set) and
// its own Sheets emulator, and stops both. Add a benchmark by adding an entry to BENCHMARKS.
// Options: --json, --only=<name>[,<name>], --sizes=1000,10000 (sync reconcile sizes),
// --cold-runs=5 (process starts per function and variant), --staff=20 and --sheets-latency=250
// (notice answers: senders at once, injected Sheets latency in ms, or "google" for a per-call
// latency drawn from a realistic spread, see bench/noticeBench.ts), --background=off (answers
// without the triggered work; "process", the default, runs it in a process of its own as on other
// instances in production, "same-process" in the answering process), --spreadsheets=200 and --quota=300 (many
// spreadsheets: how many, and the emulator's quota mode in requests per minute),
// --sync-heap=200 (the heap limit in MB of the sync bench's memory-limited run; default: the
// NODE_OPTIONS deploy gives the syncing functions, deploy/sync-instance.env), --sync-flags=none
// (labinov's sync runs without those NODE_OPTIONS, which they otherwise have, as deployed),
// --sync-profile=<folder> (CPU and heap profiles of each reconcile).
// Figures: each benchmark may return the figures (bench/figures.ts: {id, label, value,
// unit, goal, pass}); the run ends with one table of them, and with --json prints
// {figures, results} and writes the same object to test-output/bench.json.
import { startSheetsEmulator, type SheetsEmulator } from "../sheets/emulator/index.js";
import { startFirestoreEmulator } from "../local/firestoreEmulator.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { coldStartFigures, formatColdStarts, measureColdStarts, type ColdStartReport } from "./coldStart.js";
import { completeFigures, formatFigures, type Figure } from "./figures.js";
import { benchManySpreadsheets, formatManySpreadsheets, manySpreadsheetsFigures, type ManySpreadsheetsReport } from "./manySpreadsheets.js";
import { benchNoticeAnswers, formatNoticeBench, noticeFigures, type NoticeBenchReport } from "./noticeBench.js";
import { benchSyncSize, formatSyncBench, syncFigures, type SyncBenchRow } from "./syncBench.js";

export interface BenchContext {
  sheetsEmulator: SheetsEmulator;
  firestoreHost: string;
  args: Map<string, string>;
  log: (line: string) => void;
}

export interface Benchmark<R = unknown> {
  name: string;
  run(context: BenchContext): Promise<R>;
  format(result: R): string;
  /** The figures of the table this benchmark measures, each with its goal and pass mark. */
  figures?(result: R): Figure[];
}

const syncReconcile: Benchmark<SyncBenchRow[]> = {
  name: "sync-reconcile",
  async run(context) {
    const sizes = (context.args.get("sizes") ?? "1000,10000,50000").split(",").map(Number);
    const rows: SyncBenchRow[] = [];
    for (const size of sizes) {
      context.log(`sync-reconcile: ${size} rows...`);
      const heapLimitMb = context.args.has("sync-heap") ? Number(context.args.get("sync-heap")) : undefined;
      rows.push(await benchSyncSize(context.sheetsEmulator, context.firestoreHost, size, context.log, { heapLimitMb, profileDir: context.args.get("sync-profile"), syncFlags: context.args.get("sync-flags") === "none" ? "none" : "deploy" }));
    }
    return rows;
  },
  format: formatSyncBench,
  figures: syncFigures,
};

const coldStart: Benchmark<ColdStartReport> = {
  name: "cold-start",
  run: (context) => measureColdStarts({ runs: Number(context.args.get("cold-runs") ?? 5), log: () => {} }),
  format: formatColdStarts,
  figures: coldStartFigures,
};

const noticeAnswer: Benchmark<NoticeBenchReport> = {
  name: "notice-answer",
  run: (context) =>
    benchNoticeAnswers(context.sheetsEmulator, context.firestoreHost, {
      staff: Number(context.args.get("staff") ?? 20),
      latencyMs: context.args.get("sheets-latency") === "google" ? "google" : Number(context.args.get("sheets-latency") ?? 250),
      background: (context.args.get("background") ?? "process") as "process" | "same-process" | "off",
    }),
  format: formatNoticeBench,
  figures: noticeFigures,
};

const manySpreadsheets: Benchmark<ManySpreadsheetsReport> = {
  name: "many-spreadsheets",
  run: (context) =>
    benchManySpreadsheets(context.sheetsEmulator, context.firestoreHost, {
      spreadsheets: Number(context.args.get("spreadsheets") ?? 200),
      perMinute: Number(context.args.get("quota") ?? 300),
      log: context.log,
    }),
  format: formatManySpreadsheets,
  figures: manySpreadsheetsFigures,
};

export const BENCHMARKS: Benchmark[] = [noticeAnswer as Benchmark, syncReconcile as Benchmark, coldStart as Benchmark, manySpreadsheets as Benchmark];

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (match) args.set(match[1]!, match[2] ?? "true");
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const json = args.has("json");
  const log = (line: string) => process.stderr.write(`${line}\n`);
  process.env.GOOGLE_CLOUD_PROJECT ??= "demo-labinov";
  process.env.METADATA_SERVER_DETECTION ??= "none";
  process.env.LOG_LEVEL ??= "warn";
  const ownFirestore = process.env.FIRESTORE_EMULATOR_HOST ? null : await startFirestoreEmulator();
  if (ownFirestore) process.env.FIRESTORE_EMULATOR_HOST = ownFirestore.host;
  const sheetsEmulator = await startSheetsEmulator();
  const only = args.get("only")?.split(",");
  const results: Record<string, unknown> = {};
  const figures: Figure[] = [];
  let failed = false;
  try {
    for (const benchmark of BENCHMARKS.filter((candidate) => !only || only.includes(candidate.name))) {
      try {
        const result = await benchmark.run({ sheetsEmulator, firestoreHost: process.env.FIRESTORE_EMULATOR_HOST!, args, log });
        results[benchmark.name] = result;
        figures.push(...(benchmark.figures?.(result) ?? []));
        if (!json) process.stdout.write(`\n== ${benchmark.name} ==\n${benchmark.format(result)}\n`);
      } catch (error) {
        failed = true;
        results[benchmark.name] = { error: error instanceof Error ? error.message : String(error) };
        log(`${benchmark.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
  } finally {
    await sheetsEmulator.stop();
    await ownFirestore?.stop();
  }
  const table = completeFigures(figures);
  if (json) {
    // stdout stays one JSON object; the table goes to stderr for the person watching.
    const report = JSON.stringify({ figures: table, results }, null, 2);
    mkdirSync(new URL("../test-output/", import.meta.url), { recursive: true });
    writeFileSync(new URL("../test-output/bench.json", import.meta.url), `${report}\n`);
    log(formatFigures(table));
    process.stdout.write(`${report}\n`);
  } else process.stdout.write(`\n== figures ==\n${formatFigures(table)}\n`);
  process.exitCode = failed ? 1 : 0;
}

await main();
