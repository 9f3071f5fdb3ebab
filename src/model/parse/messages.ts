// Every sentence staff read when a typed value is refused, in a sheet's "Status Sinkron" cell or
// in a form refusal: plain Bahasa Indonesia, written to follow `kolom "X": ` or `Jawaban "Q": `
// (so lower case first, no final full stop: the caller ends the sentence). One place, so that someone in Probolinggo can read and correct them.
import type { $ZodRawIssue } from "zod/v4/core";

export const VALUE_MESSAGES = {
  required: "wajib diisi",
  refusedByStore: "isian ini tidak dapat disimpan (mengandung karakter yang tidak dikenal); ketik ulang isinya",
  formula:
    "berisi rumus; ketik nilainya langsung (hasil rumus bisa berubah sendiri, jadi tidak disimpan sebagai data)",
  unsupportedLocale: (locale: string) =>
    `Locale spreadsheet "${locale}" belum didukung; ubah di File > Setelan > Lokal menjadi Indonesia`,
  tooLong: (max: number, length: number) => `paling banyak ${max} karakter (sekarang ${length})`,
  negative: "tidak boleh negatif",
  notInList: (allowed: string[]) => `pilih salah satu: ${allowed.join(", ")}`,
  // Dates.
  badDate: (text: string, example: string) => `"${text}" tidak dikenali sebagai tanggal; tulis misalnya ${example}`,
  noSuchDay: (text: string) => `tanggal "${text}" tidak ada di kalender`,
  twoDigitYear: (text: string, example: string) =>
    `tahun pada "${text}" hanya dua angka sehingga kurang jelas; tulis tahun lengkap, misalnya ${example}`,
  numberNotDate: (value: number, example: string) =>
    `${value} adalah angka, bukan tanggal; tulis tanggal lengkap, misalnya ${example}`,
  dateOutOfRange: (shown: string) => `tanggal ${shown} di luar tahun 1950 sampai 2100; periksa tahunnya`,
  dateOrder: (startColumn: string, start: string, endColumn: string, end: string) =>
    `${startColumn} (${start}) sesudah ${endColumn} (${end}); perbaiki salah satunya`,
  // Numbers.
  badNumber: (text: string) => `"${text}" bukan angka; tulis misalnya 1.500.000 atau Rp 1,5 juta`,
  ambiguousNumber: (text: string, whole: string, fraction: string) =>
    `"${text}" kurang jelas (${whole} atau ${fraction}); tulis tanpa pemisah (misalnya ${whole.replace(/\./g, "")}) atau dengan koma desimal`,
  notWhole: (text: string) => `"${text}" bukan bilangan bulat; tulis jumlahnya, misalnya 25`,
  // People.
  badNip: (text: string) => `NIP "${text}" harus 18 angka, misalnya 19800101 200501 1 001`,
  nipBirthDate: (text: string) => `NIP "${text}": 8 angka pertama bukan tanggal lahir yang ada (tttt bb hh)`,
  nipTmt: (text: string) => `NIP "${text}": angka ke-9 sampai ke-14 bukan TMT yang ada (tahun dan bulan pengangkatan)`,
  nipGender: (text: string) => `NIP "${text}": angka ke-15 harus 1 atau 2`,
  badPhone: (text: string) =>
    `nomor telepon "${text}" tidak dikenali; tulis misalnya 0812-3456-7890 atau 0335 421012 (dengan kode area)`,
  badTeam: "tulis anggota tim seperti: Nama (NIP, peran, telepon); Nama lain (-, anggota, -)",
  teamMember: (name: string, message: string) => `anggota tim "${name}": ${message}`,
  unknownUnit: (value: string) => `unit "${value}" tidak dikenal; pilih dari daftar`,
  optionOfOtherIndicator: (option: string, indicator: string, number: number) =>
    `parameter "${option}" bukan milik indikator "${indicator}"; pilih parameter yang diawali ${number}.`,
  unknownInnovation: (value: string) => `inovasi "${value}" tidak dikenal di unit ini; pilih dari daftar`,
  // Links.
  badLink: (whole: string) =>
    `tautan tidak dikenali dalam "${whole}"; tulis alamat lengkap yang diawali https://, beberapa tautan dipisah koma`,
  linkScheme: (link: string) => `tautan "${link}" ditolak: hanya alamat http:// atau https:// yang diterima`,
  // Yes/no.
  badYesNo: (text: string) => `"${text}" tidak dikenali; tulis Ya atau Tidak`,
} as const;

/**
 * zod's issues in a colleague's words. zod is the last check before a write, so its messages can
 * still reach a status cell or a form refusal; the id locale's "diharapkan string memiliki <=200
 * karakter" cannot.
 */
export function zodIssueMessage(issue: $ZodRawIssue): string | undefined {
  const input: unknown = issue.input;
  switch (issue.code) {
    case "too_big":
      if (typeof input === "string") return VALUE_MESSAGES.tooLong(Number(issue.maximum), input.length);
      if (Array.isArray(input)) return `paling banyak ${Number(issue.maximum)} isian (sekarang ${input.length})`;
      return `paling besar ${Number(issue.maximum)}`;
    case "too_small":
      if (typeof input === "string") return VALUE_MESSAGES.required;
      if (typeof input === "number" && Number(issue.minimum) === 0) return VALUE_MESSAGES.negative;
      if (Array.isArray(input)) return VALUE_MESSAGES.required;
      return `paling kecil ${Number(issue.minimum)}`;
    case "invalid_type":
      return input === undefined || input === null ? VALUE_MESSAGES.required : "isinya tidak sesuai jenis kolom ini";
    case "invalid_format":
      if (issue.format === "email") return "alamat email tidak dikenali; tulis misalnya nama@probolinggokota.go.id";
      if (issue.format === "url") return VALUE_MESSAGES.badLink(String(input));
      return undefined;
    case "invalid_value":
      return `pilih salah satu: ${issue.values.map(String).join(", ")}`;
    default:
      return undefined;
  }
}
