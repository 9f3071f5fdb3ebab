// `labinov iid export --year 2027` against records in the Firestore emulator: the files'
// fields and encoding, the XLSX opened back with exceljs, and the list of what is missing.
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { Command } from "commander";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerIidCommands } from "../../cli/iidCommands.js";
import { csvField, toCsv } from "../../cli/iidFiles.js";
import { shippedIndicators } from "../../src/iid/indicators.js";
import { stores } from "../../src/store/kinds.js";
import type { Actor } from "../../src/store/records.js";
import { testDatabase } from "../support/firestore.js";

const OUT = "test-output/iid-export";
const database = testDatabase();
const s = stores(database.db);
const staff: Actor = { by: "koordinator@probolinggokota.go.id", source: "cli" };
const set = shippedIndicators(2027);
const printed: string[] = [];
const link = "https://drive.google.com/file/d/perwali-12";
const tricky = 'Layanan "Si-Cepat", antrean; puskesmas\nbaris kedua – é';
const design = Array.from({ length: 320 }, (_, index) => `kata${index}`).join(" ");

async function cli(...args: string[]) {
  const program = new Command("labinov").exitOverride();
  registerIidCommands(program, { db: () => database.db, print: (line) => printed.push(line) });
  await program.parseAsync(["node", "labinov", ...args]);
}

beforeAll(async () => {
  await database.clear();
  await rm(OUT, { recursive: true, force: true });
  await s.units.create("dinkes", { name: "Dinas Kesehatan P2KB", kind: "opd" }, staff);
  const base = { initiator: "opd", stage: "drum_up", jenis: "digital", bentuk: "pelayanan_publik", unitId: "dinkes" };
  await s.innovations.create("ready", {
    ...base,
    name: tricky,
    tahapanOverride: "penerapan",
    urusan: "Kesehatan",
    design,
    goal: "Antrean lebih pendek",
    benefits: "Warga tidak menunggu lama",
    results: "Waktu tunggu turun 40%",
    trialDate: "2026-03-01",
    inUseDate: "2026-07-01",
    budget: 150000000,
    regulation: "Perwali 12/2026",
  }, staff);
  await s.innovations.create("formula", { ...base, name: "=HYPERLINK(\"http://x\")", tahapanOverride: "uji_coba" }, staff);
  await s.innovations.create("early", { ...base, name: "Bank Sampah Digital" }, staff);
  await s.innovations.create("gone", { ...base, name: "Diarsipkan", status: "diarsipkan", tahapanOverride: "penerapan" }, staff);
  for (const indicator of set.indicators) {
    await s.iidEvidence.create(`ready-${indicator.key}`, {
      innovationId: "ready",
      unitId: "dinkes",
      indicator: indicator.key,
      option: indicator.options.at(-1)!.key,
      link,
      documentType: indicator.documentTypes[0],
      documentDate: "2026-02-10",
    }, staff);
  }
  await s.iidEvidence.create("formula-regulasi", { innovationId: "formula", unitId: "dinkes", indicator: "regulasi", option: "sk_kepala_daerah", link: null }, staff);
  await cli("iid", "export", "--year", "2027", "--out", OUT);
});
afterAll(() => database.db.terminate());

const csv = (name: string) => readFile(join(OUT, name), "utf8");

/** RFC 4180 records of a CSV text (after its BOM), for reading the files back. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let index = 1; index < text.length; index++) {
    const char = text[index]!;
    if (quoted && char === '"' && text[index + 1] === '"') {
      field += '"';
      index++;
    } else if (quoted && char === '"') {
      quoted = false;
    } else if (quoted) {
      field += char;
    } else if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      index++;
    } else {
      field += char;
    }
  }
  return records;
}

describe("the command", () => {
  it("writes three CSV files and one workbook, and says which guide it used", () => {
    expect(printed[0]).toMatch(/^4 berkas ditulis ke /);
    expect(printed[1]).toBe("Indikator: belum ada pedoman IID 2027; dipakai pedoman 2026 (koreksi lewat Firestore iidIndicators/2027).");
    expect(printed[2]).toMatch(/^2 inovasi dalam isian; \d+ kekurangan/);
  });

  it("refuses a year that is not four digits, in Bahasa Indonesia", async () => {
    await expect(cli("iid", "export", "--year", "27")).rejects.toThrow('--year harus tahun empat angka, misalnya 2027, bukan "27"');
  });
});

describe("CSV encoding", () => {
  it.each([
    ["plain", "Kesehatan", "Kesehatan"],
    ["a comma", "a, b", '"a, b"'],
    ["a quote", 'Layanan "Cepat"', '"Layanan ""Cepat"""'],
    ["a line break", "baris 1\nbaris 2", '"baris 1\nbaris 2"'],
    ["a formula", "=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["a leading minus", "-1+1", "'-1+1"],
    ["an at sign", "@cmd", "'@cmd"],
    ["a number", 150000000, "150000000"],
    ["nothing", null, ""],
  ] as [string, string | number | null, string][])("%s", (_, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it("starts with a UTF-8 BOM and ends every record with CRLF", async () => {
    const text = await csv("iid-2027-profil.csv");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(toCsv({ title: "t", headers: ["a"], rows: [["é"]] })).toBe("\uFEFFa\r\né\r\n");
  });

  it("the profile has the national form's fields, and a tricky name survives quoting", async () => {
    const [headers, ...rows] = parseCsv(await csv("iid-2027-profil.csv"));
    expect(headers).toEqual([
      "Nama Pemda", "Perangkat Daerah", "Nama Inovasi", "Tahapan Inovasi", "Inisiator Inovasi Daerah", "Nama Inisiator", "Jenis Inovasi",
      "Bentuk Inovasi Daerah", "Urusan Pemerintahan", "Waktu Uji Coba Inovasi Daerah", "Waktu Penerapan Inovasi Daerah", "Rancang Bangun",
      "Tujuan Inovasi Daerah", "Manfaat yang Diperoleh", "Hasil Inovasi", "Anggaran (Rp)", "Regulasi (SK/Perwali)", "Tautan Bukti Lain",
      "Perkiraan Skor (labinov)", "ID labinov",
    ]);
    // Eligible innovations only, by unit then name: the formula-like name sorts first.
    expect(rows.map((row) => row[19])).toEqual(["formula", "ready"]);
    const ready = rows[1]!;
    expect(ready.slice(0, 5)).toEqual(["Kota Probolinggo", "Dinas Kesehatan P2KB", tricky, "Penerapan", "OPD"]);
    expect(ready[15]).toBe("150000000");
    expect(ready[18]).toBe("111");
    expect(rows[0]![2]).toBe("'=HYPERLINK(\"http://x\")");
  });

  it("the indicators file has one row per indicator of each scored innovation, with its parameter and link", async () => {
    const [headers, ...rows] = parseCsv(await csv("iid-2027-indikator.csv"));
    expect(headers).toEqual(["Nama Inovasi", "No. Indikator", "Indikator", "Parameter", "Bobot", "Perkiraan Nilai", "Jenis Dokumen", "Tanggal Dokumen", "Tautan Bukti Dukung", "Keterangan"]);
    expect(rows).toHaveLength(2 * set.indicators.length);
    const perwali = rows.find((row) => row[0] === tricky && row[1] === "16")!;
    expect(perwali).toEqual([tricky, "16", "Regulasi inovasi daerah", "Peraturan Daerah", "3", "9", "Regulasi (Perda/Perwali)", "2026-02-10", link, ""]);
    const unlinked = rows.find((row) => row[1] === "16" && row[0]!.includes("HYPERLINK"))!;
    expect(unlinked.slice(3)).toEqual(["SK Kepala Daerah, atau SK Kepala Perangkat Daerah atas nama Kepala Daerah", "3", "0", "", "", "", "tautan bukti belum diisi"]);
  });

  it("the missing list names the inisiatif innovation, the thin profile and every indicator without evidence", async () => {
    const [headers, ...rows] = parseCsv(await csv("iid-2027-kekurangan.csv"));
    expect(headers).toEqual(["Perangkat Daerah", "Nama Inovasi", "Yang Kurang", "Rincian"]);
    const about = (name: string) => rows.filter((row) => row[1] === name).map((row) => `${row[2]}: ${row[3]}`);
    expect(about("Bank Sampah Digital")).toEqual(["Inisiatif: masih tahap inisiatif; IID hanya menilai inovasi tahap uji coba dan penerapan"]);
    expect(about(tricky)).toEqual([]);
    const formula = about("'=HYPERLINK(\"http://x\")");
    expect(formula).toContain("Profil Inovasi: rancang bangun 0 kata; aplikasi IID meminta minimal 300 kata");
    expect(formula).toContain("Profil Inovasi: Waktu Uji Coba Inovasi Daerah belum diisi");
    expect(formula).toContain("bukti dukung: 16. Regulasi inovasi daerah: tautan bukti belum diisi");
    expect(formula).toContain("bukti dukung: 35. Video inovasi daerah: belum ada bukti");
    expect(rows.some((row) => row[1] === "Diarsipkan")).toBe(false);
  });
});

describe("XLSX, opened back with exceljs", () => {
  it("has a sheet per table with the same headers and values, text as text and numbers as numbers", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(OUT, "iid-2027.xlsx"));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Profil Inovasi", "Indikator", "Kekurangan"]);
    const profile = workbook.getWorksheet("Profil Inovasi")!;
    expect(profile.getRow(1).getCell(3).value).toBe("Nama Inovasi");
    expect(profile.getRow(1).font?.bold).toBe(true);
    expect(profile.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const formulaRow = profile.getRow(2);
    // A formula-like name is stored as a string, never as a formula, so the apostrophe is not needed here.
    expect(formulaRow.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(formulaRow.getCell(3).value).toBe('=HYPERLINK("http://x")');
    const ready = profile.getRow(3);
    expect(ready.getCell(3).value).toBe(tricky);
    expect(ready.getCell(16).value).toBe(150000000);
    expect(ready.getCell(16).type).toBe(ExcelJS.ValueType.Number);
    expect(ready.getCell(20).value).toBe("ready");
    expect(workbook.getWorksheet("Indikator")!.rowCount).toBe(1 + 2 * set.indicators.length);
  });
});
