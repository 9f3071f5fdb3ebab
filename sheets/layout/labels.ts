// Every word the sync shows staff in a spreadsheet: headers of the columns labinov owns,
// their accepted aliases, and the texts of the "Status Sinkron" cell. Bahasa Indonesia, one place.
import { VALUE_MESSAGES } from "../../src/model/parse/messages.js";

/** Headers of the control columns (not record fields). */
export const CONTROL_HEADERS = {
  id: { header: "ID", aliases: ["ID Labinov", "ID Data"] },
  status: { header: "Status Sinkron", aliases: ["Status Sinkronisasi", "Sinkron"] },
  reason: { header: "Alasan Pindah Tahap", aliases: ["Alasan Mundur Tahap", "Alasan"] },
} as const;

/** Headers of record fields, per field key; the first is written by `sheets init`. */
export const INNOVATION_HEADERS: Record<string, { header: string; aliases: string[] }> = {
  name: { header: "Nama Inovasi", aliases: ["Nama", "Judul Inovasi"] },
  unitId: { header: "Unit", aliases: ["OPD", "Unit Kerja", "Perangkat Daerah"] },
  stage: { header: "Tahap", aliases: ["Tahap Lab", "Tahap Laboratorium"] },
  tahapan: { header: "Tahapan", aliases: ["Tahapan IID", "Tahapan Inovasi"] },
  jenis: { header: "Jenis", aliases: ["Jenis Inovasi"] },
  bentuk: { header: "Bentuk", aliases: ["Bentuk Inovasi"] },
  urusan: { header: "Urusan", aliases: ["Urusan Pemerintahan"] },
  initiator: { header: "Inisiator", aliases: ["Inisiator Inovasi"] },
  initiatorName: { header: "Nama Inisiator", aliases: [] },
  team: { header: "Tim", aliases: ["Tim Inovasi", "Anggota Tim"] },
  problem: { header: "Permasalahan", aliases: ["Masalah"] },
  goal: { header: "Tujuan", aliases: [] },
  benefits: { header: "Manfaat", aliases: [] },
  results: { header: "Hasil", aliases: ["Hasil Inovasi"] },
  trialDate: { header: "Waktu Uji Coba", aliases: ["Tanggal Uji Coba"] },
  inUseDate: { header: "Waktu Penerapan", aliases: ["Tanggal Penerapan"] },
  budget: { header: "Anggaran", aliases: ["Anggaran (Rp)"] },
  regulation: { header: "Regulasi", aliases: ["SK / Perwali", "Dasar Hukum"] },
  evidenceLinks: { header: "Bukti Dukung", aliases: ["Tautan Bukti Dukung"] },
  status: { header: "Status", aliases: ["Status Inovasi"] },
};

export const PROGRAM_HEADERS: Record<string, { header: string; aliases: string[] }> = {
  name: { header: "Nama Program", aliases: ["Nama", "Program"] },
  area: { header: "Ruang Lingkup", aliases: ["Bidang"] },
  unitId: { header: "Unit", aliases: ["OPD", "Unit Kerja", "Perangkat Daerah"] },
  description: { header: "Deskripsi", aliases: ["Uraian"] },
  startDate: { header: "Tanggal Mulai", aliases: ["Mulai"] },
  endDate: { header: "Tanggal Selesai", aliases: ["Selesai"] },
  place: { header: "Tempat", aliases: ["Lokasi"] },
  participants: { header: "Jumlah Peserta", aliases: ["Peserta"] },
  target: { header: "Target", aliases: [] },
  realisation: { header: "Realisasi", aliases: [] },
  status: { header: "Status", aliases: ["Status Program"] },
};

/** The "Bukti IID" tab: one row per innovation and IID indicator. */
export const IID_EVIDENCE_HEADERS: Record<string, { header: string; aliases: string[] }> = {
  innovationId: { header: "Inovasi", aliases: ["Nama Inovasi"] },
  unitId: { header: "Unit", aliases: ["OPD", "Unit Kerja", "Perangkat Daerah"] },
  indicator: { header: "Indikator IID", aliases: ["Indikator"] },
  option: { header: "Parameter", aliases: ["Pilihan Parameter"] },
  link: { header: "Tautan Bukti", aliases: ["Tautan Bukti Dukung", "Link Bukti"] },
  documentType: { header: "Jenis Dokumen", aliases: [] },
  documentDate: { header: "Tanggal Dokumen", aliases: [] },
  note: { header: "Keterangan", aliases: ["Catatan"] },
  status: { header: "Status", aliases: ["Status Bukti"] },
};

/** Problems with a single cell: the parsers' messages (src/model/parse/messages.ts), shared with the form. */
export const CELL_MESSAGES = VALUE_MESSAGES;

/**
 * One sentence per problem; problems with the same message share it. The first follows
 * "⚠ Perlu diperbaiki: " ('kolom "A": ...'), the next start their own sentence ('Kolom "B" dan "C": ...').
 */
function problemSentences(problems: { column: string; message: string }[]): string {
  const byMessage = new Map<string, string[]>();
  for (const problem of problems) {
    // Messages may end with a full stop (a store refusal): never "alasan.. Data".
    const message = problem.message.trim().replace(/[.\s]+$/, "");
    const columns = byMessage.get(message) ?? [];
    if (!columns.includes(problem.column)) columns.push(problem.column);
    byMessage.set(message, columns);
  }
  return [...byMessage]
    .map(([message, columns], index) => {
      const names = columns.map((column) => `"${column}"`);
      const named = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} dan ${names.at(-1)}`;
      return `${index === 0 ? "kolom" : "Kolom"} ${named}: ${message}.`;
    })
    .join(" ");
}

/**
 * Texts of the "Status Sinkron" cell. Problems start with "⚠" and are recomputed on every
 * run until fixed; the rest start with "✓" and stay until something new happens to the row.
 */
export const STATUS = {
  ok: "✓ Tersinkron",
  created: "✓ Data baru tersimpan",
  creating: "… Sedang disimpan sebagai data baru",
  /**
   * `newRow`: the row has no record yet and was not saved. Otherwise the record exists and
   * only the named cells were left out (they keep what was typed).
   */
  problems: (problems: { column: string; message: string }[], newRow = false) => {
    const columns = new Set(problems.map((problem) => problem.column)).size;
    const outcome = newRow
      ? "Baris ini belum disimpan sebagai data baru."
      : columns === 1
        ? "Isi kolom ini belum disimpan sampai diperbaiki."
        : "Isi kolom-kolom ini belum disimpan sampai diperbaiki.";
    return `⚠ Perlu diperbaiki: ${problemSentences(problems)} ${outcome}`;
  },
  conflict: (conflicts: { column: string; lost: string }[]) =>
    `✓ Bentrok dengan perubahan di sistem; nilai di sheet dipakai (${conflicts
      .map((conflict) => `"${conflict.column}" sebelumnya "${conflict.lost}"`)
      .join("; ")}). Nilai lama tersimpan di riwayat.`,
  duplicateId: (firstRow: number) =>
    `⚠ ID ganda: ID ini sudah dipakai di baris ${firstRow}. Baris ini tidak disinkronkan; kosongkan kolom ID bila ini data baru.`,
  unknownId: "⚠ ID tidak dikenal. Jangan mengetik ID sendiri; kosongkan kolom ID bila ini data baru.",
  otherUnit: (unit: string) => `⚠ Data ini sekarang milik unit "${unit}" dan tidak disinkronkan lagi di lembar ini.`,
  retryLater: "⚠ Data sedang diubah di tempat lain; akan disinkronkan pada putaran berikutnya.",
  idRestored: (typed: string) =>
    `⚠ ID tidak boleh diubah: ID dikembalikan${typed === "" ? "" : ` (tadi tertulis "${typed}")`}. Untuk data baru, tambahkan baris baru dengan kolom ID kosong.`,
} as const;

/** Why a target is paused, for the person who runs `sheets init` or reads the log. */
export const PAUSE_MESSAGES = {
  missingHeaders: (tab: string, headers: string[]) =>
    `Tab "${tab}" tidak punya kolom wajib: ${headers.join(", ")}. Sinkronisasi tab ini dihentikan sementara; jalankan "labinov sheets init" untuk memperbaiki.`,
  duplicateHeaders: (tab: string, headers: string[]) =>
    `Tab "${tab}" punya lebih dari satu kolom untuk: ${headers.join(", ")}. Sinkronisasi tab ini dihentikan sementara agar tidak ada data yang terhapus; hapus atau ganti judul kolom yang dobel.`,
  unsupportedLocale: (locale: string) =>
    `⚠ ${VALUE_MESSAGES.unsupportedLocale(locale)}. Tidak ada data dari spreadsheet ini yang disimpan sampai lokalnya diubah.`,
  missingTab: (tab: string) =>
    `Tab "${tab}" tidak ditemukan di spreadsheet. Sinkronisasi dihentikan sementara; jalankan "labinov sheets init" untuk membuatnya.`,
} as const;

export function isProblemStatus(text: string): boolean {
  return text.startsWith("⚠") || text.startsWith("…");
}
