// `labinov summary ...`: preview a period's summary emails as files, send them now, or enter
// a renewed MoU term. The main CLI calls registerSummaryCommands.
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import type { Firestore } from "firebase-admin/firestore";
import { config } from "../src/config.js";
import { createMailer, type Mailer } from "../src/mail/transport.js";
import { dateString } from "../src/model/schemas.js";
import { displayDate, todayWib } from "../src/model/time.js";
import { firestore } from "../src/store/db.js";
import { saveMouTerm } from "../src/summaries/load.js";
import { periodLabel, SUMMARY_KINDS, type SummaryKind } from "../src/summaries/period.js";
import { previewSummaries, type PreviewFile } from "../src/summaries/preview.js";
import { cityRecipients, runSummaries } from "../src/summaries/run.js";

export interface SummaryCommandDeps {
  db: () => Firestore;
  mailer: () => Mailer;
  now: () => Date;
  print: (line: string) => void;
}

const defaults: SummaryCommandDeps = {
  db: () => firestore(),
  mailer: () => createMailer(config()),
  now: () => new Date(),
  print: (line) => console.log(line),
};

/** What the CLI says besides the emails themselves, in one place. */
const SAY = {
  noRecipients: (setting: string) => `belum ada penerima: ${setting} kosong (isi dengan alamat email, dipisah koma)`,
  recipientsLine: (file: PreviewFile) => (file.to.length > 0 ? file.to.join(", ") : SAY.noRecipients(file.recipientsSetting ?? "penerima")),
  notEnded: (label: string, asOf: string) =>
    `Catatan: periode ${label} belum selesai; pratinjau ini memakai data sampai saat ini dan dapat berubah. Ringkasannya dikirim mulai ${asOf}.`,
  noCityRecipients: "Ringkasan kota tidak dikirim kepada siapa pun: SUMMARY_RECIPIENTS (pimpinan) dan SUMMARY_COORDINATORS (koordinator) kosong.",
  unitsWithoutEmail: (names: string[]) => `Kepala unit tanpa email (ringkasan unitnya tidak dikirim): ${names.join(", ")}`,
};

function kindOption(value: string): SummaryKind {
  if (!(SUMMARY_KINDS as readonly string[]).includes(value)) throw new Error(`--kind harus weekly atau monthly, bukan "${value}"`);
  return value as SummaryKind;
}

function dayOption(value: string): string {
  const parsed = dateString.safeParse(value);
  if (!parsed.success) throw new Error(`Tanggal "${value}": ${parsed.error.issues[0]?.message ?? "tidak sah"}`);
  return value;
}

export function registerSummaryCommands(program: Command, overrides: Partial<SummaryCommandDeps> = {}): void {
  const deps = { ...defaults, ...overrides };
  const summary = program.command("summary").description("ringkasan email mingguan dan bulanan");

  summary
    .command("preview")
    .description("tulis HTML (dan teks) setiap email ringkasan suatu periode ke folder, tanpa mengirim")
    .requiredOption("--period <yyyy-MM-dd>", "tanggal di dalam periode", dayOption)
    .option("--kind <weekly|monthly>", "jenis ringkasan", kindOption, "weekly" as SummaryKind)
    .requiredOption("--out <folder>", "folder tujuan")
    .action(async (options: { period: string; kind: SummaryKind; out: string }) => {
      const preview = await previewSummaries(deps.db(), options.kind, options.period, config(), deps.now());
      const folder = resolve(options.out);
      await mkdir(folder, { recursive: true });
      for (const file of preview.files) {
        await writeFile(join(folder, `${file.name}.html`), file.html);
        await writeFile(join(folder, `${file.name}.txt`), `Kepada: ${SAY.recipientsLine(file)}\nSubjek: ${file.subject}\n\n${file.text}`);
      }
      deps.print(`Periode ${periodLabel(preview.period)}: ${preview.files.length} email ditulis ke ${folder}`);
      if (!preview.ended) deps.print(SAY.notEnded(periodLabel(preview.period), displayDate(preview.period.asOf)));
      for (const file of preview.files) deps.print(`  ${join(folder, `${file.name}.html`)}  (kepada: ${SAY.recipientsLine(file)})`);
      if (preview.unitsWithoutEmail.length > 0) deps.print(SAY.unitsWithoutEmail(preview.unitsWithoutEmail));
    });

  summary
    .command("send")
    .description("kirim ringkasan sekarang (sekali per periode dan penerima; aman diulang)")
    .option("--kind <weekly|monthly>", "jenis ringkasan", kindOption, "weekly" as SummaryKind)
    .option("--period <yyyy-MM-dd>", "tanggal di dalam periode (bawaan: periode terakhir yang sudah selesai)", dayOption)
    .action(async (options: { kind: SummaryKind; period?: string }) => {
      const mailer = deps.mailer();
      try {
        const report = await runSummaries({ db: deps.db(), mailer, now: deps.now(), kind: options.kind, periodDay: options.period, config: config() });
        deps.print(`Terkirim ${report.sent.length}, dilewati ${report.skipped.length} (sudah terkirim/sedang dikirim), gagal ${report.failed.length}.`);
        for (const failure of report.failed) deps.print(`  gagal: ${failure.id}: ${failure.error}`);
        const city = cityRecipients(config());
        if (city.leadership.length + city.coordinators.length === 0) deps.print(SAY.noCityRecipients);
        if (report.unitsWithoutEmail.length > 0) deps.print(SAY.unitsWithoutEmail(report.unitsWithoutEmail.map((unit) => unit.name)));
        if (report.failed.length > 0) process.exitCode = 1;
      } finally {
        mailer.close?.();
      }
    });

  summary
    .command("mou")
    .description("catat masa berlaku MoU dengan LAN RI (misalnya setelah diperpanjang)")
    .requiredOption("--signed <yyyy-MM-dd>", "tanggal penandatanganan", dayOption)
    .requiredOption("--ends <yyyy-MM-dd>", "tanggal berakhir", dayOption)
    .option("--by <email>", "siapa yang mencatat", "cli")
    .action(async (options: { signed: string; ends: string; by: string }) => {
      const term = await saveMouTerm(deps.db(), { signed: options.signed, ends: options.ends }, options.by, deps.now());
      deps.print(`MoU dicatat: ${term.signed} s.d. ${term.ends} (hari ini ${todayWib(deps.now())}).`);
    });
}
