// `npm start`: runs the local stack until Ctrl-C (or the terminal closes), then stops
// everything it started. The signals are taken before anything starts, so a Ctrl-C during
// start-up also stops what was started so far (the Firestore emulator's Java included).
// `npm start` runs this file with `node --import tsx`, not the `tsx` command: tsx's wrapper
// SIGKILLs its child when the child does not acknowledge a signal within 30 ms, which on a
// busy machine would cut a shutdown short and leave the emulator behind.
import { config } from "../src/config.js";
import { log } from "../src/log.js";
import { FirestoreEmulatorMissing } from "./firestoreEmulator.js";
import { StackAlreadyRunning, startLocalStack, type LocalStack } from "./stack.js";
import { localDataDir } from "./stackFile.js";

process.env.METADATA_SERVER_DETECTION ??= "none";

/** The terminal may be gone (SIGHUP): writing to it fails, which must not stop the shutdown. */
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
const say = (line: string) => {
  if (process.stdout.writable) process.stdout.write(line + "\n");
};

/** LABINOV_FREE_PORTS=1 picks free ports for every part (e.g. a second stack for tests); the banner says which. */
function ports(port: number) {
  if (process.env.LABINOV_FREE_PORTS === "1") return { port: 0, sheetsPort: 0, mailWebPort: 0, smtpPort: 0 };
  // Fixed ports for the pages a person bookmarks; the rest pick free ones.
  return { port, sheetsPort: 8085, mailWebPort: 8025 };
}

const abort = new AbortController();
let stack: LocalStack | undefined;
let stopping = false;
let exitCode = 0;

function shutdown(reason: string, code: number): void {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  say(`\n${reason}: menghentikan semua layanan dan menyimpan data...`);
  abort.abort();
  // During start-up the start itself stops what it started and rejects (below).
  if (stack) void stack.stop().then(() => process.exit(exitCode));
}

process.on("SIGINT", () => shutdown("SIGINT", 0));
process.on("SIGTERM", () => shutdown("SIGTERM", 0));
process.on("SIGHUP", () => shutdown("SIGHUP (terminal ditutup)", 0));
// A crash stops the stack the same way (data saved, no orphan), then exits with the error.
process.on("uncaughtException", (error) => {
  log.error("local stack crashed", { error });
  shutdown("Galat tak terduga", 1);
});

try {
  const settings = config();
  stack = await startLocalStack({ ...ports(settings.PORT), dataDir: localDataDir(), signal: abort.signal });
  if (abort.signal.aborted) {
    await stack.stop();
    process.exit(exitCode);
  }
  if (stack.seeded) say(`Data contoh dimuat: ${stack.seeded.units} unit, ${stack.seeded.programs} kegiatan, ${stack.seeded.innovations} inovasi.`);
  say("\nlabinov lokal berjalan:");
  for (const service of stack.services) say(`  ${service.name.padEnd(22)}  ${service.where}`);
  say("\nTekan Ctrl-C untuk berhenti.");
} catch (error) {
  if (abort.signal.aborted) process.exit(exitCode); // stopped during start-up: what had started is stopped
  if (error instanceof FirestoreEmulatorMissing || error instanceof StackAlreadyRunning) {
    console.error(error.message);
  } else {
    log.error("local stack failed to start", { error });
  }
  process.exit(1);
}
