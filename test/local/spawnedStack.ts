// `npm start` as a person runs it, in a process group of its own (as a terminal's foreground
// job), so a test can send what a terminal sends: SIGINT to the group on Ctrl-C, SIGHUP when
// the window closes. Every process it starts carries a marker in its environment, so a test
// can see exactly which of its processes (npm, tsx, node, the emulator's Java) are still alive.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { everyThreadEnded } from "../../local/processGroup.js";
import { readStackFile, type StackEndpoints } from "../../local/stackFile.js";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");

export interface SpawnedStack {
  child: ChildProcess;
  /** The group npm leads: what the terminal signals. */
  pgid: number;
  dataDir: string;
  marker: string;
  output(): string;
  signal(name: NodeJS.Signals): void;
}

/** Runs `npm start` on its own free ports with its data in `dataDir`; nothing else set but `more`. */
export function spawnNpmStart(dataDir: string, more: NodeJS.ProcessEnv = {}): SpawnedStack {
  const marker = randomUUID();
  const env: NodeJS.ProcessEnv = { ...process.env, ...more, LABINOV_LOCAL_DIR: dataDir, LABINOV_FREE_PORTS: "1", LABINOV_TEST_MARKER: marker, LOG_LEVEL: "warn" };
  for (const key of ["FIRESTORE_EMULATOR_HOST", "SHEETS_API_URL", "SMTP_URL", "WEBHOOK_SECRET", "ADMIN_TOKEN", "PORT"]) delete env[key];
  const child = spawn("npm", ["start", "--silent"], { cwd: repoRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return {
    child,
    pgid: child.pid!,
    dataDir,
    marker,
    output: () => output,
    signal: (name) => process.kill(-child.pid!, name),
  };
}

export interface MarkedProcess {
  pid: number;
  pgid: number;
  /** /proc's state letter: R, S, D, T ... */
  state: string;
  command: string;
}

/** Every process whose environment carries the marker (from /proc, Linux). */
export function markedProcesses(marker: string): MarkedProcess[] {
  const found: MarkedProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, "utf8").includes(`LABINOV_TEST_MARKER=${marker}`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // A zombie has ended; only its parent has not collected it yet. But a multi-threaded process
      // (the emulator's Java) shows its first thread as a zombie while its other threads still
      // exit, and those still hold its sockets: ended only when every thread has.
      if (fields[0] === "Z" && everyThreadEnded(entry)) continue;
      found.push({ pid: Number(entry), pgid: Number(fields[2]), state: fields[0]!, command: readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ") });
    } catch {
      // ended while we looked
    }
  }
  return found;
}

/** Ends every marked process, whatever happened in the test (clean-up, never an assertion). */
export function killMarked(marker: string): void {
  for (const { pid } of markedProcesses(marker)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
}

/** Polls until `check` returns a value (conditions, not sleeps, decide when a test goes on). */
export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 120_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The endpoints this stack wrote (not those a killed one left), once they exist. */
export function ownEndpoints(stack: SpawnedStack): Promise<StackEndpoints> {
  return until(`the stack in ${stack.dataDir} to write its endpoints\n${stack.output()}`, () => {
    const endpoints = readStackFile(stack.dataDir);
    return endpoints && markedProcesses(stack.marker).some((process) => process.pid === endpoints.pid) ? endpoints : undefined;
  });
}

/** This stack's endpoints, once it says it is ready. */
export function readyEndpoints(stack: SpawnedStack): Promise<StackEndpoints> {
  return until(`the stack in ${stack.dataDir} to be ready\n${stack.output()}`, async () => {
    const endpoints = await ownEndpoints(stack);
    return endpoints.ready ? endpoints : undefined;
  });
}
