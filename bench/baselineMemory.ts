// The syncing process's baseline: what it holds before the Sheets read, step by step, in a
// bundled child started as the sync bench starts its own (bench/syncProcess.ts). Each step loads
// one more part, then the child collects garbage and reads `process.memoryUsage()`:
//   node alone, + firebase-admin/firestore (client made), + its first request (Firestore's
//   transport: gRPC, or REST with preferRest), + @googleapis/sheets, + the sync engine, + the lease.
// Bundled two ways: "bench", as bench/bundleEntry.ts bundles the sync bench's child (packages
// loaded from node_modules through Node's ESM loader), and "deploy", with deploy/bundle.mjs's
// options (every package inlined), as a deployed function runs.
//   npx tsx bench/baselineMemory.ts <FIRESTORE_EMULATOR_HOST> [bench|deploy] [node flags ...]
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { getHeapSpaceStatistics } from "node:v8";
import { fileURLToPath } from "node:url";
import { basename, dirname, join } from "node:path";

export interface MemoryReading {
  step: string;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Of the heap: compiled code, and the new space (young generation) V8 has reserved. */
  codeMb: number;
  newSpaceMb: number;
  /** CommonJS modules loaded so far, and those of the gRPC stack (@grpc/grpc-js, protobufjs, google-gax). */
  modules: number;
  grpcModules: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

const GRPC_STACK = /node_modules\/(@grpc\/grpc-js|protobufjs|google-gax|@grpc\/proto-loader)\//;

function reading(step: string): MemoryReading {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  const loaded = Object.keys(createRequire(import.meta.url).cache);
  const space = (name: string) => getHeapSpaceStatistics().find((entry) => entry.space_name === name);
  return {
    step,
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    heapTotalMb: mb(usage.heapTotal),
    externalMb: mb(usage.external),
    codeMb: mb(space("code_space")?.space_used_size ?? 0),
    newSpaceMb: mb(space("new_space")?.space_size ?? 0),
    modules: loaded.length,
    grpcModules: loaded.filter((path) => GRPC_STACK.test(path)).length,
  };
}

async function measureSteps(projectId: string): Promise<MemoryReading[]> {
  const readings = [reading("node")];
  const { firestore } = await import("../src/store/db.js");
  const db = firestore(projectId);
  readings.push(reading("+ firebase-admin/firestore"));
  await db.collection("baseline").doc("probe").get();
  readings.push(reading("+ first Firestore request"));
  const { sheetsClient } = await import("../sheets/client.js");
  const sheets = sheetsClient({ SHEETS_API_URL: "http://127.0.0.1:1/" });
  readings.push(reading("+ @googleapis/sheets"));
  const { syncSpreadsheet } = await import("../sheets/sync/run.js");
  const { acquireLease } = await import("../sheets/sync/state.js");
  readings.push(reading("+ sync engine"));
  const lease = await acquireLease(db, `baseline-${Date.now()}`, "baseline", new Date(), 60_000);
  readings.push(reading("+ lease taken"));
  void [sheets, syncSpreadsheet, lease];
  await db.terminate();
  return readings;
}

export type BundleKind = "bench" | "deploy";

// Each dynamic import a chunk of its own (splitting): in one file, esbuild would hoist every
// package import to the top and the first reading would already hold them all.
async function bundledSteps(kind: BundleKind): Promise<string> {
  const { build } = await import("esbuild"); // not in the child's own chunk
  const { deployBuildOptions } = await import("../deploy/bundle.mjs");
  const entry = fileURLToPath(import.meta.url);
  const outdir = join(dirname(entry), "..", "test-output", "bench", `baseline-${kind}`);
  const options = kind === "deploy" ? deployBuildOptions() : { bundle: true, splitting: true, platform: "node" as const, format: "esm" as const, target: "node22", packages: "external" as const };
  await build({ ...options, entryPoints: [entry], outdir, outExtension: { ".js": ".mjs" }, logLevel: "error" });
  return join(outdir, basename(entry).replace(/\.ts$/, ".mjs"));
}

/** Runs the steps in a fresh bundled child with `flags` (plus --expose-gc) and answers its readings. */
export async function measureBaseline(firestoreHost: string, kind: BundleKind, flags: string[] = []): Promise<MemoryReading[]> {
  const entry = await bundledSteps(kind);
  const child = spawn(process.execPath, ["--expose-gc", ...flags, entry, "child"], {
    env: { ...process.env, FIRESTORE_EMULATOR_HOST: firestoreHost, LOG_LEVEL: "error", METADATA_SERVER_DETECTION: "none" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`baseline child ended with code ${code}`);
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as MemoryReading[];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "child") {
    process.stdout.write(`${JSON.stringify(await measureSteps("demo-baseline"))}\n`);
  } else {
    const host = process.argv[2] ?? process.env.FIRESTORE_EMULATOR_HOST;
    if (!host) throw new Error("pakai: npx tsx bench/baselineMemory.ts <FIRESTORE_EMULATOR_HOST> [bench|deploy] [flag node ...]");
    const kind = process.argv[3] === "deploy" ? "deploy" : "bench";
    console.table(await measureBaseline(host, kind, process.argv.slice(4)));
  }
}
