// The `labinov` admin command. Each area registers its own subcommands.
import { Command } from "commander";
import { runDoctor } from "./doctor.js";
import { registerIidCommands } from "./iidCommands.js";
import { progressReporter } from "./progress.js";
import { registerSheetsCommands } from "./sheetsCommands.js";
import { registerSummaryCommands } from "./summaryCommands.js";
import { seedDemo } from "../src/seed/seed.js";
import { closeFirestores, firestore } from "../src/store/db.js";
import { stores } from "../src/store/kinds.js";

export function buildProgram(): Command {
  const program = new Command("labinov")
    .description("Laboratorium Inovasi Kota Probolinggo: administrasi data program dan inovasi")
    .showHelpAfterError();

  program
    .command("seed")
    .description("muat data contoh Kota Probolinggo (aman dijalankan ulang)")
    .action(async () => {
      const result = await seedDemo(stores(firestore()), { onProgress: progressReporter("Memuat data contoh") });
      console.log(
        `Selesai: ${result.units} unit, ${result.programs} kegiatan, ${result.innovations} inovasi (${result.created} baru dibuat).`,
      );
    });

  program
    .command("doctor")
    .description("periksa konfigurasi dan layanan pendukung (Firestore, Sheets API, email)")
    .action(async () => {
      const results = await runDoctor();
      for (const result of results) console.log(`${result.ok ? "✓" : "✗"} ${result.name}: ${result.detail}`);
      if (results.some((result) => !result.ok)) process.exitCode = 1;
    });

  registerSheetsCommands(program);
  registerSummaryCommands(program);
  registerIidCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
  // firebase-admin keeps gRPC channels (and their reconnect timers) open: a finished command
  // closes them and exits instead of waiting on an unreachable database.
  await Promise.race([closeFirestores(), new Promise((resolve) => setTimeout(resolve, 2000))]);
  process.exit(process.exitCode ?? 0);
}
