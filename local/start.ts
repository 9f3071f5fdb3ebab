// `npm start`: runs the local stack until Ctrl-C, then stops everything it started.
import { config } from "../src/config.js";
import { log } from "../src/log.js";
import { FirestoreEmulatorMissing } from "./firestoreEmulator.js";
import { startLocalStack } from "./stack.js";

process.env.METADATA_SERVER_DETECTION ??= "none";

try {
  const settings = config();
  // Fixed ports for the pages a person bookmarks; the rest pick free ones.
  const stack = await startLocalStack({ port: settings.PORT, dataDir: ".local", sheetsPort: 8085, mailWebPort: 8025 });
  if (stack.seeded) console.log(`Data contoh dimuat: ${stack.seeded.units} unit, ${stack.seeded.programs} kegiatan, ${stack.seeded.innovations} inovasi.`);
  console.log("\nlabinov lokal berjalan:");
  for (const service of stack.services) console.log(`  ${service.name.padEnd(22)}  ${service.where}`);
  console.log("\nTekan Ctrl-C untuk berhenti.");
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: menghentikan semua layanan...`);
    void stack.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
} catch (error) {
  if (error instanceof FirestoreEmulatorMissing) {
    console.error(error.message);
  } else {
    log.error("local stack failed to start", { error });
  }
  process.exit(1);
}
