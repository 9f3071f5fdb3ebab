// `labinov iid ...`: the city's IID submission as files (CSV and XLSX) with what is missing.
// The main CLI calls registerIidCommands.
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { sheets_v4 } from "@googleapis/sheets";
import type { Command } from "commander";
import type { Firestore } from "firebase-admin/firestore";
import { sheetsClient, SheetTargetStore, writeIidTabs } from "../sheets/index.js";
import { config } from "../src/config.js";
import { loadReadinessData } from "../src/iid/load.js";
import { missingEvidenceRows } from "../src/iid/prepare.js";
import { buildSubmission } from "../src/iid/submission.js";
import { firestore } from "../src/store/db.js";
import { stores } from "../src/store/kinds.js";
import { toCsv, toXlsx } from "./iidFiles.js";

export interface IidCommandDeps {
  db: () => Firestore;
  sheets: () => sheets_v4.Sheets;
  print: (line: string) => void;
}

const defaults: IidCommandDeps = { db: () => firestore(), sheets: () => sheetsClient(config()), print: (line) => console.log(line) };

const SAY = {
  badYear: (value: string) => `--year harus tahun empat angka, misalnya 2027, bukan "${value}"`,
  written: (count: number, folder: string) => `${count} berkas ditulis ke ${folder}`,
  guide: (year: number, guideYear: number) =>
    year === guideYear ? `Indikator: pedoman IID ${guideYear}.` : `Indikator: belum ada pedoman IID ${year}; dipakai pedoman ${guideYear} (koreksi lewat Firestore iidIndicators/${year}).`,
  counts: (innovations: number, missing: number) => `${innovations} inovasi dalam isian; ${missing} kekurangan tercatat di lembar "Kekurangan".`,
  tabs: (spreadsheetId: string, tabs: string[]) => `Spreadsheet ${spreadsheetId}: tab ${tabs.map((tab) => `"${tab}"`).join(", ")} ditulis ulang.`,
  noCitySheet: "Tidak ada spreadsheet kota (target dengan --units all); isian hanya ditulis sebagai berkas.",
  prepared: (created: number, planned: number) =>
    `${created} baris bukti baru dibuat (${planned - created} sudah ada); baris muncul di tab "Bukti IID" setiap unit pada sinkron berikutnya.`,
};

function yearOption(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new Error(SAY.badYear(value));
  return Number(value);
}

/** The submission as tabs of every city-wide spreadsheet (one whose targets show all units). */
async function writeToCitySheets(deps: IidCommandDeps, submission: ReturnType<typeof buildSubmission>): Promise<void> {
  const targets = await new SheetTargetStore(deps.db()).list();
  const spreadsheetIds = [...new Set(targets.filter((target) => target.units === "all").map((target) => target.spreadsheetId))].sort();
  if (spreadsheetIds.length === 0) deps.print(SAY.noCitySheet);
  for (const spreadsheetId of spreadsheetIds) {
    const report = await writeIidTabs({ sheets: deps.sheets() }, spreadsheetId, submission);
    deps.print(SAY.tabs(spreadsheetId, report.tabs));
  }
}

export function registerIidCommands(program: Command, overrides: Partial<IidCommandDeps> = {}): void {
  const deps = { ...defaults, ...overrides };
  const iid = program.command("iid").description("Indeks Inovasi Daerah (IID) Kemendagri");

  iid
    .command("export")
    .description("tulis isian IID kota (profil inovasi, indikator dan bukti, daftar kekurangan) sebagai CSV dan XLSX")
    .requiredOption("--year <yyyy>", "tahun penilaian IID", yearOption)
    .option("--out <folder>", "folder tujuan (bawaan: iid-<tahun>)")
    .option("--sheets", "tulis juga sebagai tab di spreadsheet kota (target sinkron dengan --units all)")
    .action(async (options: { year: number; out?: string; sheets?: boolean }) => {
      const submission = buildSubmission(await loadReadinessData(deps.db(), options.year));
      const folder = resolve(options.out ?? `iid-${options.year}`);
      await mkdir(folder, { recursive: true });
      const base = `iid-${options.year}`;
      const files: [string, string | Buffer][] = [
        [`${base}-profil.csv`, toCsv(submission.profile)],
        [`${base}-indikator.csv`, toCsv(submission.indicators)],
        [`${base}-kekurangan.csv`, toCsv(submission.missing)],
        [`${base}.xlsx`, await toXlsx(submission)],
      ];
      for (const [name, content] of files) await writeFile(join(folder, name), content);
      deps.print(SAY.written(files.length, folder));
      deps.print(SAY.guide(submission.year, submission.guideYear));
      deps.print(SAY.counts(submission.profile.rows.length, submission.missing.rows.length));
      for (const [name] of files) deps.print(`  ${join(folder, name)}`);
      if (options.sheets) await writeToCitySheets(deps, submission);
    });

  iid
    .command("rows")
    .description('siapkan satu baris bukti per inovasi (tahap uji coba/penerapan) dan indikator untuk tab "Bukti IID" (aman diulang)')
    .requiredOption("--year <yyyy>", "tahun penilaian IID (menentukan indikator)", yearOption)
    .action(async (options: { year: number }) => {
      const db = deps.db();
      const data = await loadReadinessData(db, options.year);
      const rows = missingEvidenceRows(data.indicators, data.innovations, data.evidence);
      const store = stores(db).iidEvidence;
      let created = 0;
      // One transaction per record (validated and audited like any write); a few hundred at most.
      for (const row of rows) if ((await store.create(row.id, row.fields, { by: "cli:iid-rows", source: "cli" })).created) created++;
      deps.print(SAY.prepared(created, rows.length));
    });
}
