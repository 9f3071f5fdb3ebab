// Every word the sync shows staff in a spreadsheet: headers of the columns labinov owns,
// their accepted aliases, and the texts of the "Status Sinkron" cell. Bahasa Indonesia, one place.

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

/** Problems with a single cell. */
export const CELL_MESSAGES = {
  required: "wajib diisi",
  notInList: (allowed: string[]) => `pilih salah satu: ${allowed.join(", ")}`,
  badDate: "tanggal tidak dikenali; tulis seperti 27/11/2026 atau 2026-11-27",
  badNumber: "harus berupa angka, misalnya 1500000",
  badInteger: "harus berupa bilangan bulat",
  unknownUnit: (value: string) => `unit "${value}" tidak dikenal; pilih dari daftar`,
  badTeam: "tulis anggota tim seperti: Nama (NIP, peran, telepon); Nama lain (-, anggota, -)",
  badLink: (value: string) => `tautan "${value}" bukan URL (harus diawali http:// atau https://)`,
  refusedByStore: "isian ini tidak dapat disimpan (mengandung karakter yang tidak dikenal); ketik ulang isinya",
} as const;

/**
 * Texts of the "Status Sinkron" cell. Problems start with "⚠" and are recomputed on every
 * run until fixed; the rest start with "✓" and stay until something new happens to the row.
 */
export const STATUS = {
  ok: "✓ Tersinkron",
  created: "✓ Data baru tersimpan",
  creating: "… Sedang disimpan sebagai data baru",
  problems: (problems: { column: string; message: string }[]) =>
    `⚠ Perlu diperbaiki: ${problems.map((problem) => `kolom "${problem.column}": ${problem.message}`).join("; ")}. Data tersimpan tidak diubah untuk kolom ini.`,
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
  missingTab: (tab: string) =>
    `Tab "${tab}" tidak ditemukan di spreadsheet. Sinkronisasi dihentikan sementara; jalankan "labinov sheets init" untuk membuatnya.`,
} as const;

export function isProblemStatus(text: string): boolean {
  return text.startsWith("⚠") || text.startsWith("…");
}
