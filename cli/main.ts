// The `labinov` admin command. Each area registers its own subcommands.
import { Command } from "commander";
import { runDoctor } from "./doctor.js";
import { registerIidCommands } from "./iidCommands.js";
import { explainError, useLocalStack, type LocalStackUse } from "./localStack.js";
import { progressReporter } from "./progress.js";
import { registerSheetsCommands } from "./sheetsCommands.js";
import { registerSummaryCommands } from "./summaryCommands.js";
import { seedDemo } from "../src/seed/seed.js";
import { closeFirestores, firestore } from "../src/store/db.js";
import { stores } from "../src/store/kinds.js";

export function buildProgram(local: LocalStackUse = { kind: "configured" }): Command {
  const program = new Command("labinov")
    .description("Laboratorium Inovasi Kota Probolinggo: administrasi data program dan inovasi")
    .showHelpAfterError();
  // Every command but doctor needs Firestore: without one, say what is needed before trying.
  program.hook("preAction", (_program, command) => {
    if (local.kind === "missing" && command.name() !== "doctor") throw new Error(local.message);
  });

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
      const results = await runDoctor(local);
      for (const result of results) console.log(`${result.ok ? "✓" : "✗"} ${result.name}: ${result.detail}`);
      if (results.some((result) => !result.ok)) process.exitCode = 1;
    });

  registerSheetsCommands(program);
  registerSummaryCommands(program);
  registerIidCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // A library may fail outside the awaited call (firebase-admin throws a missing-credentials
  // error from its own callback): a person reads what it means, never a stack trace.
  const fail = (error: unknown) => {
    console.error(explainError(error));
    process.exit(1);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  try {
    await buildProgram(useLocalStack()).parseAsync(argv);
  } catch (error) {
    console.error(explainError(error));
    process.exitCode = 1;
  }
  // firebase-admin keeps gRPC channels (and their reconnect timers) open: a finished command
  // closes them and exits instead of waiting on an unreachable database.
  await Promise.race([closeFirestores(), new Promise((resolve) => setTimeout(resolve, 2000))]);
  process.exit(process.exitCode ?? 0);
}
