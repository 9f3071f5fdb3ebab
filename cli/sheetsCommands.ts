// `labinov sheets ...`: register a tab to keep in sync, create or repair its layout, run a
// sync now, list targets. The main CLI calls registerSheetsCommands.
import type { sheets_v4 } from "@googleapis/sheets";
import type { Command } from "commander";
import type { Firestore } from "firebase-admin/firestore";
import { initTarget, reconcileAll, sheetsClient, SheetTargetStore, syncSpreadsheet, type SyncReport } from "../sheets/index.js";
import { config } from "../src/config.js";
import { firestore } from "../src/store/db.js";

export interface SheetsCommandDeps {
  db: () => Firestore;
  sheets: () => sheets_v4.Sheets;
  print: (line: string) => void;
  /** STALLED_AFTER_DAYS, for the dashboard's stalled figures (as the deployed functions use it). */
  stalledAfterDays: () => number;
}

const defaults: SheetsCommandDeps = {
  db: () => firestore(),
  sheets: () => sheetsClient(config()),
  print: (line) => console.log(line),
  stalledAfterDays: () => config().STALLED_AFTER_DAYS,
};

function describeRun(report: SyncReport): string[] {
  if (report.status !== "done") {
    return [`${report.spreadsheetId}: ${report.status === "busy" ? "sedang disinkronkan oleh proses lain, dilewati" : "sudah tercakup sinkronisasi terbaru"}`];
  }
  const lines = [`${report.spreadsheetId}: ${report.sheetsRequests} permintaan Sheets API, ${report.recordWrites} data ditulis, ${report.cellsWritten} sel ditulis`];
  for (const target of report.targets) {
    if (target.paused) lines.push(`  ${target.tab}: DIHENTIKAN — ${target.paused}`);
    else
      lines.push(
        `  ${target.tab}: ${target.rows} baris; ${target.created} baru, ${target.updated} diubah dari sheet, ${target.archived} diarsipkan, ${target.appended} ditambahkan ke sheet, ${target.conflicts} bentrok, ${target.problemRows} baris perlu diperbaiki`,
      );
  }
  return lines;
}

function unitsOption(value: string): "all" | string[] {
  if (value === "all" || value === "semua") return "all";
  const units = value.split(",").map((unit) => unit.trim()).filter(Boolean);
  if (units.length === 0) throw new Error(`--units harus "all" atau daftar id unit dipisah koma`);
  return units;
}

function kindOption(value: string): "innovations" | "programs" | "iidEvidence" {
  if (value !== "innovations" && value !== "programs" && value !== "iidEvidence") throw new Error(`--kind harus innovations, programs atau iidEvidence, bukan "${value}"`);
  return value;
}

export function registerSheetsCommands(program: Command, overrides: Partial<SheetsCommandDeps> = {}): void {
  const deps = { ...defaults, ...overrides };
  const sheets = program.command("sheets").description("sinkronisasi dua arah dengan spreadsheet OPD");

  sheets
    .command("add-target")
    .description("daftarkan tab spreadsheet yang disinkronkan (aman dijalankan ulang)")
    .requiredOption("--spreadsheet <id>", "id spreadsheet Google")
    .requiredOption("--tab <nama>", "nama tab")
    .option("--kind <innovations|programs|iidEvidence>", "isi tab", kindOption, "innovations" as const)
    .requiredOption("--units <all|id,...>", "unit yang ditampilkan: all untuk seluruh kota, atau id unit", unitsOption)
    .action(async (options: { spreadsheet: string; tab: string; kind: "innovations" | "programs" | "iidEvidence"; units: "all" | string[] }) => {
      const target = await new SheetTargetStore(deps.db()).add({ spreadsheetId: options.spreadsheet, tab: options.tab, kind: options.kind, units: options.units });
      deps.print(`Target ${target.id} terdaftar. Jalankan "labinov sheets init ${target.id}" untuk menyiapkan tabnya.`);
    });

  sheets
    .command("init <targetId>")
    .description("buat atau perbaiki tab: judul kolom, baris judul beku, pilihan, proteksi, format (aman dijalankan ulang)")
    .action(async (targetId: string) => {
      const report = await initTarget({ db: deps.db(), sheets: deps.sheets(), stalledAfterDays: deps.stalledAfterDays() }, targetId);
      deps.print(
        `${targetId}: ${report.createdTab ? "tab dibuat; " : ""}${report.headersAdded.length ? `kolom ditambahkan: ${report.headersAdded.join(", ")}; ` : ""}${report.structureRequests} perubahan format/struktur.`,
      );
      const dashboard = report.dashboard;
      if (dashboard) deps.print(`Dasbor: ${dashboard.createdTab ? "tab dibuat; " : ""}${dashboard.chartsAdded} grafik ditambahkan, ${dashboard.chartsUpdated} grafik diperbaiki.`);
    });

  sheets
    .command("sync [spreadsheetId]")
    .description("sinkronkan satu spreadsheet sekarang, atau semuanya bila id tidak diberikan")
    .option("--full", "baca semua data, bukan hanya yang berubah sejak sinkronisasi terakhir")
    .action(async (spreadsheetId: string | undefined, options: { full?: boolean }) => {
      const syncDeps = { db: deps.db(), sheets: deps.sheets(), stalledAfterDays: deps.stalledAfterDays() };
      const reports = spreadsheetId ? [await syncSpreadsheet(syncDeps, spreadsheetId, { full: options.full })] : await reconcileAll(syncDeps, { full: options.full });
      for (const report of reports) for (const line of describeRun(report)) deps.print(line);
    });

  sheets
    .command("list")
    .description("daftar tab yang disinkronkan")
    .action(async () => {
      const targets = await new SheetTargetStore(deps.db()).list();
      if (targets.length === 0) deps.print('Belum ada target. Tambahkan dengan "labinov sheets add-target".');
      for (const target of targets) {
        const units = target.units === "all" ? "seluruh kota" : target.units.join(", ");
        deps.print(`${target.id}\t${target.kind}\t${units}${target.pausedReason ? `\tDIHENTIKAN: ${target.pausedReason}` : ""}`);
      }
    });
}
