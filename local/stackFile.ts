// Where a running local stack can be found: `npm start` writes its endpoints to
// `<data folder>/stack.json` as it starts, marks it ready once the demo data and sheets are
// there, and removes it when it stops. The CLI reads it, so with the stack running nothing
// needs to be set; a second `npm start` reads it and does not start beside the first.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export interface StackEndpoints {
  /** The process that runs the stack. */
  pid: number;
  projectId: string;
  /** FIRESTORE_EMULATOR_HOST's form, host:port. */
  firestoreHost: string;
  /** SHEETS_API_URL's form. */
  sheetsApiUrl: string;
  smtpUrl: string;
  /** Where the functions, /healthz and /readyz answer. */
  functionsUrl: string;
  ready: boolean;
  startedAt: string;
}

const STACK_FILE = "stack.json";

/** The local stack's data folder: `.local` in the working folder, or LABINOV_LOCAL_DIR. */
export function localDataDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return resolve(cwd, env.LABINOV_LOCAL_DIR || ".local");
}

export function stackFilePath(dataDir: string): string {
  return join(dataDir, STACK_FILE);
}

/** Written whole or not at all (a rename), so a reader never sees half a file. */
export function writeStackFile(dataDir: string, endpoints: StackEndpoints): void {
  mkdirSync(dataDir, { recursive: true });
  const staging = `${stackFilePath(dataDir)}.${process.pid}.tmp`;
  writeFileSync(staging, JSON.stringify(endpoints, null, 2) + "\n");
  renameSync(staging, stackFilePath(dataDir));
}

/** Removes the file if this process wrote it (a stack never removes another's). */
export function removeStackFile(dataDir: string): void {
  if (readStackFile(dataDir)?.pid === process.pid) rmSync(stackFilePath(dataDir), { force: true });
}

export function readStackFile(dataDir: string): StackEndpoints | undefined {
  const path = stackFilePath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as StackEndpoints;
  } catch {
    return undefined;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type FoundStack =
  | { state: "running"; endpoints: StackEndpoints; file: string }
  | { state: "gone"; endpoints: StackEndpoints; file: string }
  | { state: "none"; file: string };

/** The stack of a data folder: running, left behind by a process that is gone, or none. */
export function findLocalStack(dataDir: string): FoundStack {
  const file = stackFilePath(dataDir);
  const endpoints = readStackFile(dataDir);
  if (!endpoints) return { state: "none", file };
  return { state: processAlive(endpoints.pid) ? "running" : "gone", endpoints, file };
}
