// What staff in Probolinggo type, per field type and per spreadsheet locale, and what labinov
// stores or says. Each line names the input, the locale and the stored value or the message.
// Sheet cells go through parseCell; form answers through answersToFields: the same parsers.
import { describe, expect, it } from "vitest";
import { parseCell, type CellValue, type FieldType, type UnitNames } from "../../sheets/layout/cells.js";
import { INNOVATION_FIELDS, PROGRAM_FIELDS } from "../../sheets/layout/fields.js";
import { STATUS } from "../../sheets/layout/labels.js";
import { answersToFields } from "../../src/forms/answersToFields.js";
import type { FormMapping } from "../../src/forms/mapping.js";
import { parseNip, parsePhone, parseYesNo, zodIssueMessage } from "../../src/model/parse/index.js";
import { innovationFields, programFields } from "../../src/model/schemas.js";
import { JENIS } from "../../src/model/vocabulary.js";

const units: UnitNames = {
  nameOf: (id) => ({ dinkes: "Dinas Kesehatan P2KB" })[id],
  idOf: (text) => (text.trim().toLowerCase() === "dinas kesehatan p2kb" ? "dinkes" : undefined),
};
const cellOf = (key: string): FieldType => [...INNOVATION_FIELDS, ...PROGRAM_FIELDS].find((def) => def.key === key)!.cell;

type Locale = "id_ID" | "en_US";
/** [input, locale, stored value | message]. */
type Case = [CellValue, Locale, unknown];
const both = (input: CellValue, expected: unknown): Case[] => [
  [input, "id_ID", expected],
  [input, "en_US", expected],
];

function check(field: FieldType, [input, locale, expected]: Case): void {
  const result = parseCell(field, input, units, locale);
  if (expected instanceof RegExp) {
    expect(result.ok, JSON.stringify(result)).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(expected);
      // Said the way a colleague would: no zod wording, no doubled full stops.
      expect(result.message).not.toMatch(/diharapkan|expected|\.\.|Invalid/);
    }
  } else {
    expect(result).toEqual({ ok: true, value: expected });
  }
}

// ---------------------------------------------------------------- dates
const ID_MONTHS: [string, number][] = [
  ["Januari", 1], ["Februari", 2], ["Maret", 3], ["April", 4], ["Mei", 5], ["Juni", 6],
  ["Juli", 7], ["Agustus", 8], ["September", 9], ["Oktober", 10], ["November", 11], ["Desember", 12],
];
const ABBREVIATIONS: [string, number][] = [
  ["Jan", 1], ["Feb", 2], ["Peb", 2], ["Mar", 3], ["Apr", 4], ["Mei", 5], ["Jun", 6], ["Jul", 7],
  ["Agt", 8], ["Agu", 8], ["Ags", 8], ["Aug", 8], ["Sep", 9], ["Sept", 9], ["Okt", 10], ["Oct", 10],
  ["Nov", 11], ["Nop", 11], ["Des", 12], ["Dec", 12], ["Pebruari", 2], ["Nopember", 11],
];
const iso = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

const DATE_CASES: Case[] = [
  // The issue's cases.
  ...both("5 Januari 2026", "2026-01-05"),
  ...both("17 Agustus 2026", "2026-08-17"),
  ...both("5 Jan 2026", "2026-01-05"),
  ...both("17 Agt 2026", "2026-08-17"),
  ...both("17 Agu 2026", "2026-08-17"),
  ...both("2026/01/05", "2026-01-05"),
  ["5/1/2026", "id_ID", "2026-01-05"],
  ["5/1/2026", "en_US", "2026-05-01"],
  ...both(2026, /2026 adalah angka, bukan tanggal; tulis tanggal lengkap/),
  ...both("2026", /2026 adalah angka, bukan tanggal/),
  // Month names in every spelling, each month.
  ...ID_MONTHS.flatMap(([name, month]) => both(`1 ${name} 2026`, iso(2026, month, 1))),
  ...ID_MONTHS.map(([name, month]): Case => ["28 " + name.toUpperCase() + " 2027", "id_ID", iso(2027, month, 28)]),
  ...ID_MONTHS.map(([name, month]): Case => [`10 ${name.toLowerCase()} 2025`, "id_ID", iso(2025, month, 10)]),
  ...ABBREVIATIONS.flatMap(([name, month]) => both(`3 ${name} 2026`, iso(2026, month, 3))),
  ...ABBREVIATIONS.map(([name, month]): Case => [`3-${name}-2026`, "id_ID", iso(2026, month, 3)]),
  ...ABBREVIATIONS.map(([name, month]): Case => [`3 ${name}. 2026`, "id_ID", iso(2026, month, 3)]),
  ...both("Senin, 5 Januari 2026", "2026-01-05"),
  ...both("Jumat, 17 Agustus 2029", "2029-08-17"),
  ...both("January 5, 2026", "2026-01-05"),
  ...both("Agustus 17 2026", "2026-08-17"),
  // ISO and numeric.
  ...both("2026-01-05", "2026-01-05"),
  ...both("2026-1-5", "2026-01-05"),
  ...both("2026.01.05", "2026-01-05"),
  ["05/01/2026", "id_ID", "2026-01-05"],
  ["05-01-2026", "id_ID", "2026-01-05"],
  ["05.01.2026", "id_ID", "2026-01-05"],
  ["17/08/2026", "id_ID", "2026-08-17"],
  ["17/08/2026", "en_US", /tanggal "17\/08\/2026" tidak ada di kalender/],
  ["08/17/2026", "en_US", "2026-08-17"],
  ["08/17/2026", "id_ID", /tanggal "08\/17\/2026" tidak ada di kalender/],
  ["31/12/2026", "id_ID", "2026-12-31"],
  ["29/02/2028", "id_ID", "2028-02-29"],
  ["29/02/2026", "id_ID", /tidak ada di kalender/],
  ["31/04/2026", "id_ID", /tidak ada di kalender/],
  ["  5/1/2026  ", "id_ID", "2026-01-05"],
  // Serial numbers (what Sheets hands back for a date it understood).
  ...both(46027, "2026-01-05"),
  ...both(46027.75, "2026-01-05"),
  ...both(36585, "2000-02-29"),
  ...both(18264, "1950-01-01"),
  ...both(18263, /18263 adalah angka, bukan tanggal/),
  ...both(0, /0 adalah angka, bukan tanggal/),
  ...both(-3, /-3 adalah angka, bukan tanggal/),
  ...both(1, /bukan tanggal/),
  ...both(2_958_465, /bukan tanggal/),
  // Two-digit years are ambiguous: refused with an example.
  ["5/1/26", "id_ID", /tahun pada "5\/1\/26" hanya dua angka.*misalnya 5\/1\/2026/],
  ["5/1/26", "en_US", /hanya dua angka.*misalnya 1\/5\/2026/],
  ...both("5 Jan 26", /hanya dua angka/),
  ...both("17-08-45", /hanya dua angka/),
  // Not dates.
  ...both("besok", /"besok" tidak dikenali sebagai tanggal; tulis misalnya/),
  ...both("awal Januari", /tidak dikenali sebagai tanggal/),
  ...both("5 Januarii 2026", /tidak dikenali sebagai tanggal/),
  ...both("Januari 2026", /tidak dikenali sebagai tanggal/),
  ...both("2026-13-01", /tidak ada di kalender/),
  ...both("32 Januari 2026", /tidak ada di kalender/),
  ...both("5 Januari 1905", /di luar tahun 1950 sampai 2100/),
  ...both("1/1/2200", /di luar tahun 1950 sampai 2100/),
  ...both("20260105", /bukan tanggal/),
  ...both("", null),
  ...both("   ", null),
  ...both(null, null),
];

describe("dates", () => {
  it.each(DATE_CASES)("%j in %s -> %s", (...testCase) => check(cellOf("trialDate"), testCase));
  it("a required date left empty is refused", () => check(cellOf("startDate"), ["", "id_ID", /^wajib diisi$/]));
});

// ---------------------------------------------------------------- Rupiah
const AMOUNT_CASES: Case[] = [
  // The issue's cases.
  ...both("Rp 1.500.000,-", 1500000),
  ...both("Rp1,5 juta", 1500000),
  ["1500000,5", "id_ID", 1500000.5],
  ["1.500", "id_ID", 1500],
  ...both(1500, 1500),
  ...both("", null),
  ...both(null, null),
  ...both("  ", null),
  ...both(-5, /^tidak boleh negatif$/),
  ...both("-5", /^tidak boleh negatif$/),
  ["Rp -1.000", "id_ID", /^tidak boleh negatif$/],
  ["Rp -1.000", "en_US", /kurang jelas/],
  // As written in Probolinggo.
  ...both("Rp 1.500.000", 1500000),
  ...both("Rp. 1.500.000", 1500000),
  ...both("Rp.1.500.000,00", 1500000),
  ...both("RP 25.000.000", 25000000),
  ["rp 750.000", "id_ID", 750000],
  ["rp 750.000", "en_US", /kurang jelas/],
  ["rp 750,000", "en_US", 750000],
  ...both("IDR 2.000.000", 2000000),
  ...both("1.500.000", 1500000),
  ...both("1.500.000,50", 1500000.5),
  ...both("1.500.000,-", 1500000),
  ...both("1.500.000.-", 1500000),
  ...both("1 500 000", 1500000),
  ...both("Rp 1 500 000", 1500000),
  ...both("2,5 juta", 2500000),
  ...both("2.5 juta", 2500000),
  ...both("2,3 juta", 2300000),
  ...both("2 jt", 2000000),
  ...both("Rp 2,75 jt", 2750000),
  ...both("500 ribu", 500000),
  ...both("500rb", 500000),
  ...both("Rp 750 rb", 750000),
  ...both("1,2 miliar", 1200000000),
  ...both("1 milyar", 1000000000),
  ...both("Rp 2 M", 2000000000),
  ["1.500 juta", "id_ID", 1500000000],
  ...both("2500000", 2500000),
  ...both("0", 0),
  ...both(0, 0),
  ...both(0.5, 0.5),
  ...both("0,5", 0.5),
  ...both("12,5", 12.5),
  ...both("1,50", 1.5),
  ...both("1.5", 1.5),
  ["1,500,000", "id_ID", 1500000],
  ["1,500,000.50", "en_US", 1500000.5],
  ["1,500,000.50", "id_ID", 1500000.5],
  ["1,500", "en_US", 1500],
  ["1.500", "en_US", /"1.500" kurang jelas \(1,500 atau 1.5\)/],
  ["1,500", "id_ID", /"1,500" kurang jelas \(1.500 atau 1,5\); tulis tanpa pemisah \(misalnya 1500\)/],
  ["2,250", "id_ID", /kurang jelas/],
  ["0,500", "id_ID", 0.5],
  // Not amounts.
  ...both("satu juta", /"satu juta" bukan angka; tulis misalnya 1.500.000 atau Rp 1,5 juta/),
  ...both("banyak", /"banyak" bukan angka/),
  ...both("1,2,3", /bukan angka/),
  ...both("1.50.000", /bukan angka/),
  ...both("1.500.00", /bukan angka/),
  ...both("1.500,000,5", /bukan angka/),
  ...both("Rp", /bukan angka/),
  ...both("1.500.000,", /bukan angka/),
  ...both("5 kuintal", /bukan angka/),
  ...both("Rp 1.500.000 (APBD)", /bukan angka/),
  ...both("1e6", /bukan angka/),
  ...both(Number.NaN, /bukan angka/),
  ...both(true, /bukan angka/),
];

describe("Rupiah amounts (Anggaran)", () => {
  it.each(AMOUNT_CASES)("%j in %s -> %s", (...testCase) => check(cellOf("budget"), testCase));
});

// ---------------------------------------------------------------- counts
const COUNT_CASES: Case[] = [
  ["1.000", "id_ID", 1000],
  ["1,000", "en_US", 1000],
  ["1.000", "en_US", /kurang jelas/],
  ...both(25, 25),
  ...both("25", 25),
  ...both("25 orang", 25),
  ...both("120 peserta", 120),
  ...both("0", 0),
  ...both("", null),
  ...both(null, null),
  ...both(12.5, /"12.5" bukan bilangan bulat; tulis jumlahnya/),
  ...both("12,5", /"12,5" bukan bilangan bulat/),
  ...both(-1, /^tidak boleh negatif$/),
  ...both("dua puluh", /"dua puluh" bukan angka/),
  ...both("± 30", /bukan angka/),
  ...both("30-40", /bukan angka/),
];

describe("counts (Jumlah Peserta)", () => {
  it.each(COUNT_CASES)("%j in %s -> %s", (...testCase) => check(cellOf("participants"), testCase));
});

// ---------------------------------------------------------------- team: NIP and phone
const member = (nip: string | null, phone: string | null) => [{ name: "Budi", nip, role: "ketua", phone }];
const TEAM_CASES: Case[] = [
  // NIP as typed.
  ...both("Budi (19800101 200501 1 001, ketua, -)", member("198001012005011001", null)),
  ...both("Budi (198001012005011001, ketua, -)", member("198001012005011001", null)),
  ...both("Budi (19800101.200501.1.001, ketua, -)", member("198001012005011001", null)),
  ...both("Budi (19800101-200501-1-001, ketua, -)", member("198001012005011001", null)),
  ...both("Budi (19850315 201001 2 003, ketua, -)", member("198503152010012003", null)),
  ...both("Budi (12345, ketua, -)", /anggota tim "Budi": NIP "12345" harus 18 angka, misalnya 19800101 200501 1 001/),
  ...both("Budi (1980010120050110011, ketua, -)", /harus 18 angka/),
  ...both("Budi (19801301 200501 1 001, ketua, -)", /8 angka pertama bukan tanggal lahir/),
  ...both("Budi (19800230 200501 1 001, ketua, -)", /8 angka pertama bukan tanggal lahir/),
  ...both("Budi (09800101 200501 1 001, ketua, -)", /8 angka pertama bukan tanggal lahir/),
  ...both("Budi (19800101 200513 1 001, ketua, -)", /bukan TMT/),
  ...both("Budi (19800101 199001 1 001, ketua, -)", /bukan TMT/),
  ...both("Budi (19800101 200501 3 001, ketua, -)", /angka ke-15 harus 1 atau 2/),
  // Phones in the 0… form.
  ...both("Budi (-, ketua, 081234567890)", member(null, "081234567890")),
  ...both("Budi (-, ketua, 0812-3456-7890)", member(null, "081234567890")),
  ...both("Budi (-, ketua, 0812 3456 7890)", member(null, "081234567890")),
  ...both("Budi (-, ketua, 0812.3456.7890)", member(null, "081234567890")),
  ...both("Budi (-, ketua, +6281234567890)", member(null, "081234567890")),
  ...both("Budi (-, ketua, +62 812-3456-7890)", member(null, "081234567890")),
  ...both("Budi (-, ketua, 6281234567890)", member(null, "081234567890")),
  ...both("Budi (-, ketua, 0335 421012)", member(null, "0335421012")),
  ...both("Budi (-, ketua, 0335-421012)", member(null, "0335421012")),
  ...both("Budi (-, ketua, 031 5678901)", member(null, "0315678901")),
  ...both("Budi (-, ketua, 421012)", /nomor telepon "421012" tidak dikenali; tulis misalnya 0812-3456-7890 atau 0335 421012/),
  ...both("Budi (-, ketua, 0812)", /nomor telepon "0812" tidak dikenali/),
  ...both("Budi (-, ketua, telp kantor)", /nomor telepon "telp kantor" tidak dikenali/),
  ...both("Budi (-, ketua, +1 202 555 0100)", /nomor telepon/),
  // Both, and the shape of the cell.
  ...both(
    "Budi (19800101 200501 1 001, ketua, 0812-3456-7890); Ani",
    [...member("198001012005011001", "081234567890"), { name: "Ani", nip: null, role: "", phone: null }],
  ),
  ...both("Budi (1, 2, 3, 4)", /tulis anggota tim seperti/),
  ...both("Budi (198001012005011001", /tulis anggota tim seperti/),
  ...both("", []),
];

describe("team members: NIP with spaces, phones normalised to 0…", () => {
  it.each(TEAM_CASES)("%j in %s -> %j", (...testCase) => check(cellOf("team"), testCase));
});

const PHONE_CASES: [CellValue, unknown][] = [
  ["(0335) 421012", "0335421012"],
  ["0335-421-012", "0335421012"],
  ["+62 335 421012", "0335421012"],
  ["+62-812-3456-7890", "081234567890"],
  [6281234567890, "081234567890"], // "+6281234567890" typed USER_ENTERED becomes a number
  [81234567890, "081234567890"], // a leading zero dropped by a number cell
  ["", null],
  ["-", null],
  ["12345", /nomor telepon "12345" tidak dikenali/],
  ["0812345678901234", /tidak dikenali/],
];
const NIP_CASES: [CellValue, unknown][] = [
  ["19800101 200501 1 001", "198001012005011001"],
  [" 19800101  200501  1  001 ", "198001012005011001"],
  ["196512312000122001", "196512312000122001"],
  ["", null],
  ["-", null],
  ["1980 0101 2005 0110 01", "198001012005011001"],
  ["19391231 199001 1 001", /8 angka pertama bukan tanggal lahir/],
  ["19800101 200500 1 001", /bukan TMT/],
  ["NIP 19800101 200501 1 001", /harus 18 angka/],
];

describe("phones and NIP on their own", () => {
  it.each(PHONE_CASES)("phone %j -> %j", (input, expected) => {
    const result = parsePhone(input);
    if (expected instanceof RegExp) expect(!result.ok && result.message).toMatch(expected);
    else expect(result).toEqual({ ok: true, value: expected });
  });
  it.each(NIP_CASES)("NIP %j -> %j", (input, expected) => {
    const result = parseNip(input);
    if (expected instanceof RegExp) expect(!result.ok && result.message).toMatch(expected);
    else expect(result).toEqual({ ok: true, value: expected });
  });
});

// ---------------------------------------------------------------- text, links, choices
const long = (length: number) => "a".repeat(length);
const TEXT_CASES: [string, CellValue, unknown][] = [
  ["urusan", "  kesehatan  ", "kesehatan"],
  ["urusan", long(200), long(200)],
  ["urusan", long(245), /^paling banyak 200 karakter \(sekarang 245\)$/],
  ["name", long(301), /^paling banyak 300 karakter \(sekarang 301\)$/],
  ["regulation", long(300), long(300)],
  ["regulation", long(350), /paling banyak 300 karakter \(sekarang 350\)/],
  ["problem", long(5001), /paling banyak 5000 karakter \(sekarang 5001\)/],
  ["name", '=IMPORTXML("http://x","//a")', '=IMPORTXML("http://x","//a")'],
  ["name", 2026, "2026"],
  ["place", long(301), /paling banyak 300 karakter/],
  ["target", long(1001), /paling banyak 1000 karakter/],
];

describe("text keeps its length", () => {
  it.each(TEXT_CASES)("%s = %j -> %j", (key, input, expected) => check(cellOf(key), [input, "id_ID", expected]));
});

const LINK_CASES: [CellValue, unknown][] = [
  ["https://drive.google.com/file/d/abc", ["https://drive.google.com/file/d/abc"]],
  ["http://probolinggokota.go.id/berita?id=1", ["http://probolinggokota.go.id/berita?id=1"]],
  ["https://a.go.id/x, https://b.go.id/y", ["https://a.go.id/x", "https://b.go.id/y"]],
  ["https://a.go.id/x; https://b.go.id/y", ["https://a.go.id/x", "https://b.go.id/y"]],
  ["https://a.go.id/x\nhttps://b.go.id/y", ["https://a.go.id/x", "https://b.go.id/y"]],
  ["HTTPS://A.GO.ID/X", ["HTTPS://A.GO.ID/X"]],
  ["", []],
  ["lihat di drive kantor", /tautan tidak dikenali dalam "lihat di drive kantor"/],
  ["https://a.go.id/x dan folder bersama", /tautan tidak dikenali dalam "https:\/\/a.go.id\/x dan folder bersama"/],
  ["drive.google.com/abc", /tautan tidak dikenali dalam "drive.google.com\/abc"; tulis alamat lengkap yang diawali https:\/\//],
  ["www.probolinggokota.go.id", /tautan tidak dikenali/],
  ["javascript:alert(1)", /tautan "javascript:alert\(1\)" ditolak: hanya alamat http:\/\/ atau https:\/\//],
  ["file:///C:/laporan.pdf", /tautan "file:\/\/\/C:\/laporan.pdf" ditolak/],
  ["ftp://server/laporan.pdf", /ditolak: hanya alamat http/],
  ["mailto:lab@probolinggokota.go.id", /ditolak/],
  ["https://", /tautan tidak dikenali/],
  ["https:///tanpa-host", /tautan tidak dikenali/],
  ["http://intranet/laporan", /tautan tidak dikenali/],
];

describe("evidence links: http(s) only, the whole text quoted", () => {
  it.each(LINK_CASES)("%j -> %j", (input, expected) => check(cellOf("evidenceLinks"), [input, "id_ID", expected]));
});

const CHOICE_CASES: [string, CellValue, unknown][] = [
  ["jenis", "Digital", "digital"],
  ["jenis", "digital", "digital"],
  ["jenis", "NON DIGITAL", "non_digital"],
  ["jenis", "non-digital", "non_digital"],
  ["jenis", "Non_digital", "non_digital"],
  ["jenis", "analog", /^pilih salah satu: Digital, Non-digital$/],
  ["jenis", "", /^wajib diisi$/],
  ["stage", "drum-up", "drum_up"],
  ["stage", "Drum Up", "drum_up"],
  ["stage", "Lompat", /pilih salah satu: Drum-up, Diagnose/],
  ["tahapan", "uji coba", "uji_coba"],
  ["unitId", "Dinas Kesehatan P2KB", "dinkes"],
  ["unitId", "Dinas Entah", /^unit "Dinas Entah" tidak dikenal; pilih dari daftar$/],
];

describe("choices by label or key", () => {
  it.each(CHOICE_CASES)("%s = %j -> %j", (key, input, expected) => check(cellOf(key), [input, "id_ID", expected]));
});

const YES_NO_CASES: [CellValue, unknown][] = [
  ["Ya", true], ["ya", true], ["YA", true], ["iya", true], ["y", true], ["Yes", true], ["TRUE", true], [true, true], ["sudah", true], ["ada", true], ["1", true], ["✓", true],
  ["Tidak", false], ["tdk", false], ["t", false], ["No", false], ["FALSE", false], [false, false], ["belum", false], ["tidak ada", false], ["0", false], ["-", false],
  ["", null], [null, null],
  ["mungkin", /"mungkin" tidak dikenali; tulis Ya atau Tidak/], ["ya/tidak", /tulis Ya atau Tidak/],
];

describe("yes/no words", () => {
  it.each(YES_NO_CASES)("%j -> %j", (input, expected) => {
    const result = parseYesNo(input);
    if (expected instanceof RegExp) expect(!result.ok && result.message).toMatch(expected);
    else expect(result).toEqual({ ok: true, value: expected });
  });
});

// ---------------------------------------------------------------- formulas and locales
describe("formulas and locales", () => {
  it.each<[string, CellValue]>([
    ["trialDate", 46028],
    ["budget", 1500000],
    ["name", "Nama dari rumus"],
    ["jenis", "Digital"],
    ["participants", 20],
  ])("a formula's result in %s (%j) is refused: a computed value is not data", (key, value) => {
    expect(parseCell(cellOf(key), value, units, "id_ID", { formula: true })).toEqual({
      ok: false,
      message: "berisi rumus; ketik nilainya langsung (hasil rumus bisa berubah sendiri, jadi tidak disimpan sebagai data)",
    });
  });

  it.each(["fr_FR", "en_GB", "", "in_ID"])("locale %j is not guessed: every cell is refused saying so", (locale) => {
    expect(parseCell(cellOf("budget"), 1500, units, locale)).toEqual({ ok: false, message: `Locale spreadsheet "${locale}" belum didukung; ubah di File > Setelan > Lokal menjadi Indonesia` });
  });

  it("the default locale is id_ID", () => {
    expect(parseCell(cellOf("trialDate"), "5/1/2026", units)).toEqual({ ok: true, value: "2026-01-05" });
    expect(parseCell(cellOf("budget"), "1.500", units)).toEqual({ ok: true, value: 1500 });
  });
});

// ---------------------------------------------------------------- status texts and zod
describe("status texts a colleague would write", () => {
  it.each<[{ column: string; message: string }[], boolean, string]>([
    [[{ column: "Anggaran", message: "tidak boleh negatif" }], false, '⚠ Perlu diperbaiki: kolom "Anggaran": tidak boleh negatif. Isi kolom ini belum disimpan sampai diperbaiki.'],
    [[{ column: "Tahap", message: "Pindah tahap mundur wajib disertai alasan." }], false, '⚠ Perlu diperbaiki: kolom "Tahap": Pindah tahap mundur wajib disertai alasan. Isi kolom ini belum disimpan sampai diperbaiki.'],
    [
      [
        { column: "Jenis", message: "wajib diisi" },
        { column: "Bentuk", message: "wajib diisi" },
        { column: "Anggaran", message: '"banyak" bukan angka' },
      ],
      false,
      '⚠ Perlu diperbaiki: kolom "Jenis" dan "Bentuk": wajib diisi. Kolom "Anggaran": "banyak" bukan angka. Isi kolom-kolom ini belum disimpan sampai diperbaiki.',
    ],
    [[{ column: "Jenis", message: "wajib diisi" }], true, '⚠ Perlu diperbaiki: kolom "Jenis": wajib diisi. Baris ini belum disimpan sebagai data baru.'],
  ])("%j (new row: %s)", (problems, newRow, expected) => {
    expect(STATUS.problems(problems, newRow)).toBe(expected);
  });

  it("zod's refusals reach staff in the same words, never 'diharapkan ...'", () => {
    const tooLong = innovationFields.safeParse({ urusan: long(245) });
    const urusan = tooLong.error!.issues.find((issue) => issue.path[0] === "urusan")!;
    expect(urusan.message).toBe("paling banyak 200 karakter (sekarang 245)");
    const negative = innovationFields.safeParse({ budget: -1 });
    expect(negative.error!.issues.find((issue) => issue.path[0] === "budget")!.message).toBe("tidak boleh negatif");
    const missing = innovationFields.safeParse({});
    for (const issue of missing.error!.issues) expect(issue.message).not.toMatch(/diharapkan|expected/);
    expect(zodIssueMessage({ code: "too_small", minimum: 0, origin: "number", input: -5, inclusive: true } as never)).toBe("tidak boleh negatif");
  });

  it("a cleared Jumlah Peserta is stored empty, not 0", () => {
    const program = { name: "Bimtek", area: "pelatihan", unitId: "x", startDate: "2026-12-01", endDate: "2026-12-02" };
    expect(programFields.parse(program).participants).toBeNull();
    expect(programFields.parse({ ...program, participants: null }).participants).toBeNull();
  });
});

// ---------------------------------------------------------------- the form reads answers the same way
const mapping: FormMapping = {
  questions: { "Nama inovasi": "name", "Unit kerja": "unit", "Jenis inovasi": "jenis", "Bentuk inovasi": "bentuk", "Urusan pemerintahan": "urusan", "Tautan bukti dukung": "evidenceLinks" },
  defaults: { initiator: "opd" },
};
const good = { "Nama inovasi": "Si-Pintar", "Unit kerja": "Dinas Kesehatan P2KB", "Jenis inovasi": "Digital", "Bentuk inovasi": "Inovasi pelayanan publik" };
const answer = (extra: Record<string, string | string[]>) =>
  answersToFields(
    Object.entries({ ...good, ...extra }).map(([title, value]) => ({ title, value })),
    mapping,
    [{ id: "dinkes", name: "Dinas Kesehatan P2KB" }],
    "",
  );

describe("the form refuses what the sheet refuses, in the same words", () => {
  it.each(LINK_CASES.filter(([input]) => input !== ""))("evidence link %j", (input, expected) => {
    const sheet = parseCell(cellOf("evidenceLinks"), input, units);
    const form = answer({ "Tautan bukti dukung": String(input) });
    if (expected instanceof RegExp) {
      expect(form.ok).toBe(false);
      expect(sheet.ok).toBe(false);
      if (!form.ok && !sheet.ok) expect(form.problems.map((problem) => problem.message)).toEqual([`Jawaban "Tautan bukti dukung" tidak valid: ${sheet.message}.`]);
    } else {
      expect(form.ok && form.fields.evidenceLinks).toEqual(expected);
    }
  });

  it("links given as a checkbox list", () => {
    const form = answer({ "Tautan bukti dukung": ["https://a.go.id/x", "file:///etc/passwd"] });
    expect(!form.ok && form.problems.map((problem) => problem.message)).toEqual(['Jawaban "Tautan bukti dukung" tidak valid: tautan "file:///etc/passwd" ditolak: hanya alamat http:// atau https:// yang diterima.']);
  });

  it.each(TEXT_CASES.filter(([key]) => key === "urusan"))("%s = %j", (_key, input, expected) => {
    const form = answer({ "Urusan pemerintahan": String(input) });
    if (expected instanceof RegExp) expect(!form.ok && form.problems.map((problem) => problem.message)).toEqual([`Jawaban "Urusan pemerintahan" tidak valid: ${expected.source.slice(1, -1).replace(/\\/g, "")}.`]);
    else expect(form.ok && form.fields.urusan).toBe(expected);
  });

  it.each(CHOICE_CASES.filter(([key, input]) => key === "jenis" && input !== ""))("jenis %j", (_key, input, expected) => {
    const form = answer({ "Jenis inovasi": String(input) });
    if (expected instanceof RegExp) expect(!form.ok && form.problems.map((problem) => problem.message).join(" ")).toMatch(`pilih salah satu: ${Object.values(JENIS).join(", ")}`);
    else expect(form.ok && form.fields.jenis).toBe(expected);
  });
});

it("the table is the size the issue asks for", () => {
  const total =
    DATE_CASES.length + AMOUNT_CASES.length + COUNT_CASES.length + TEAM_CASES.length + PHONE_CASES.length + NIP_CASES.length + TEXT_CASES.length + LINK_CASES.length + CHOICE_CASES.length + YES_NO_CASES.length;
  expect(total).toBeGreaterThanOrEqual(400);
});
