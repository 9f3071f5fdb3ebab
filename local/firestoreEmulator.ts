// Starts the official Firestore emulator (from the Google Cloud SDK) in its own process
// group, so that stopping it ends the Java child too, not only the wrapper script.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { stopGroup } from "./processGroup.js";

export interface RunningFirestoreEmulator {
  host: string; // "127.0.0.1:PORT", the form FIRESTORE_EMULATOR_HOST takes
  /** The process group of the launcher and its Java child (the launcher's pid). */
  pgid: number;
  stop(): Promise<void>;
}

export class FirestoreEmulatorMissing extends Error {
  constructor() {
    super(
      "Firestore emulator tidak ditemukan / not found. Install the Google Cloud SDK and its emulator:\n" +
        "  apt-get install google-cloud-cli google-cloud-cli-firestore-emulator   (Debian/Ubuntu)\n" +
        "  or: gcloud components install cloud-firestore-emulator\n" +
        "Java 17 or newer must be on the PATH. Or start one yourself and set FIRESTORE_EMULATOR_HOST.",
    );
  }
}

/** The launcher script shipped in the SDK's platform/ folder, found through `gcloud`. */
export function findEmulatorLauncher(): string {
  const candidates: string[] = [];
  if (process.env.FIRESTORE_EMULATOR_LAUNCHER) candidates.push(process.env.FIRESTORE_EMULATOR_LAUNCHER);
  try {
    const sdkRoot = execFileSync("gcloud", ["info", "--format=value(installation.sdk_root)"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    if (sdkRoot) candidates.push(join(sdkRoot, "platform/cloud-firestore-emulator/cloud_firestore_emulator"));
  } catch {
    // no gcloud on the PATH: fall through to the usual install locations
  }
  candidates.push(
    "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator",
    "/usr/share/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator",
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new FirestoreEmulatorMissing();
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StartEmulatorOptions {
  port?: number;
  timeoutMs?: number;
  /** an export's .overall_export_metadata file to start from */
  seedFromExport?: string;
  /** Told the process group as soon as it exists, before the emulator answers (to record it). */
  onSpawn?: (pgid: number, host: string) => void;
  /** Aborting (Ctrl-C during start-up) stops the emulator and rejects. */
  signal?: AbortSignal;
}

export async function startFirestoreEmulator(options: StartEmulatorOptions = {}): Promise<RunningFirestoreEmulator> {
  const launcher = findEmulatorLauncher();
  const port = options.port ?? (await freePort());
  const host = `127.0.0.1:${port}`;
  const args = ["start", "--host=127.0.0.1", `--port=${port}`];
  if (options.seedFromExport) args.push(`--seed_from_export=${options.seedFromExport}`);
  const child = spawn(launcher, args, {
    detached: true, // own process group: we kill -pid to stop wrapper and Java together
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.on("exit", () => (exited = true));

  // Stopped when the whole group has ended, not the launcher alone: on SIGTERM the launcher (a
  // bash script running Java as its child) exits at once while Java still shuts down, holding
  // the port a few hundred ms more, and a SIGKILL timed from the launcher's exit never reached
  // a Java that hung there.
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= child.pid === undefined ? Promise.resolve() : stopGroup(child.pid));

  if (child.pid === undefined) throw new Error(`Firestore emulator could not be started (${launcher})`);
  const pgid = child.pid;
  options.onSpawn?.(pgid, host);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (options.signal?.aborted) {
      await stop();
      options.signal.throwIfAborted();
    }
    if (exited) {
      await stop(); // the launcher may have gone without its Java
      throw new Error(`Firestore emulator exited during start-up:\n${output}`);
    }
    try {
      const response = await fetch(`http://${host}/`);
      if (response.ok) return { host, pgid, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`Firestore emulator did not answer on ${host} within the time-out:\n${output}`);
}

/**
 * Writes one project's data to `folder` (emulator-only REST endpoint), replacing what was
 * there, and returns the metadata file to start from next time.
 */
export async function exportFirestoreEmulator(host: string, projectId: string, folder: string): Promise<string> {
  const staging = `${folder}.new`;
  const previous = `${folder}.old`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const response = await fetch(`http://${host}/emulator/v1/projects/${projectId}:export`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ database: `projects/${projectId}/databases/(default)`, export_directory: resolve(staging) }),
  });
  if (!response.ok) throw new Error(`Firestore emulator export failed: ${response.status} ${await response.text()}`);
  // Swapped by renames, so a crash at any instant leaves a whole export in `folder` or `folder.old`.
  await rm(previous, { recursive: true, force: true });
  if (existsSync(folder)) await rename(folder, previous);
  await rename(staging, folder);
  await rm(previous, { recursive: true, force: true });
  const metadata = findExportMetadata(folder);
  if (!metadata) throw new Error(`Firestore emulator export wrote no metadata under ${folder}`);
  return metadata;
}

/** The export to start from: `folder`'s, or the previous one kept while a save was swapping them. */
export function latestExport(folder: string): string | undefined {
  return findExportMetadata(folder) ?? findExportMetadata(`${folder}.old`);
}

/** The .overall_export_metadata file of an export folder, if there is one. */
export function findExportMetadata(folder: string): string | undefined {
  if (!existsSync(folder)) return undefined;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".overall_export_metadata")) return join(folder, entry.name);
    if (entry.isDirectory()) {
      const inner = findExportMetadata(join(folder, entry.name));
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Removes every document from the emulator's database (emulator-only REST endpoint). */
export async function clearFirestoreEmulator(host: string, projectId: string): Promise<void> {
  const response = await fetch(`http://${host}/emulator/v1/projects/${projectId}/databases/(default)/documents`, {
    method: "DELETE",
  });
  if (!response.ok) throw new Error(`Could not clear the Firestore emulator: ${response.status} ${await response.text()}`);
}
