// One Firestore emulator per data folder. The stack records the emulator it starts (process
// group and host) in `<data folder>/firestore-emulator.json` the moment it is spawned, and
// forgets it once stopped. A stack that ended without stopping it (terminal closed before
// SIGHUP was handled, a crash, kill -9) leaves that emulator running, holding every
// acknowledged write in memory: the next start saves its data first, then stops it, so no
// second emulator runs beside it and nothing it held is lost.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { log } from "../src/log.js";
import { exportFirestoreEmulator } from "./firestoreEmulator.js";
import { groupAlive, groupMembers, stopGroup } from "./processGroup.js";

export interface EmulatorRecord {
  /** The launcher's pid, which leads the group of launcher and Java. */
  pgid: number;
  host: string;
  projectId: string;
  startedAt: string;
}

const RECORD_FILE = "firestore-emulator.json";

export function recordEmulator(dataDir: string, record: EmulatorRecord): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, RECORD_FILE), JSON.stringify(record, null, 2) + "\n");
}

export function forgetEmulator(dataDir: string): void {
  rmSync(join(dataDir, RECORD_FILE), { force: true });
}

export function readEmulatorRecord(dataDir: string): EmulatorRecord | undefined {
  const path = join(dataDir, RECORD_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as EmulatorRecord;
  } catch {
    return undefined;
  }
}

/** Still our emulator, not a group whose number was reused: one of its commands names the emulator. */
export function emulatorRunning(record: EmulatorRecord): boolean {
  const members = groupMembers(record.pgid);
  if (members) return members.some((member) => !member.ended && /firestore/i.test(member.command));
  return groupAlive(record.pgid);
}

/**
 * If the data folder's emulator was left running, saves its data to `exportFolder` and stops
 * it. Returns the record of the emulator it stopped, if any.
 */
export async function stopOrphanEmulator(dataDir: string, exportFolder: string): Promise<EmulatorRecord | undefined> {
  const record = readEmulatorRecord(dataDir);
  if (!record) return undefined;
  if (!emulatorRunning(record)) {
    forgetEmulator(dataDir);
    return undefined;
  }
  // Its memory is newer than any export we wrote: save it before stopping it.
  await exportFirestoreEmulator(record.host, record.projectId, exportFolder).catch((error: unknown) =>
    log.warn("local stack: could not save the data of the emulator left running; the last save is used", { host: record.host, error }),
  );
  await stopGroup(record.pgid);
  forgetEmulator(dataDir);
  log.info("local stack: stopped the Firestore emulator an earlier run left running", { pgid: record.pgid, host: record.host });
  return record;
}
