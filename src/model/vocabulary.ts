// Every closed list of the domain, each with the Bahasa Indonesia label staff see.
// Keys are stable identifiers stored in Firestore; labels may be corrected freely.

export const MOU_AREAS = {
  kajian_kebijakan: "Kajian kebijakan",
  pelatihan: "Pelatihan dan pengembangan kompetensi",
  inovasi: "Inovasi administrasi negara",
  pendidikan_tinggi: "Pendidikan tinggi",
} as const;

/** LAN's lab stages, in the order an innovation must pass through them. */
export const STAGES = {
  drum_up: "Drum-up",
  diagnose: "Diagnose",
  design: "Design",
  deliver: "Deliver",
  display: "Display",
  dokumentasi: "Dokumentasi",
} as const;

/** Kemendagri's coarser stage for the Indeks Inovasi Daerah. */
export const TAHAPAN = {
  inisiatif: "Inisiatif",
  uji_coba: "Uji coba",
  penerapan: "Penerapan",
} as const;

export const JENIS = { digital: "Digital", non_digital: "Non-digital" } as const;

export const BENTUK = {
  tata_kelola: "Inovasi tata kelola pemerintahan daerah",
  pelayanan_publik: "Inovasi pelayanan publik",
  lainnya: "Inovasi daerah lainnya",
} as const;

export const INISIATOR = {
  kepala_daerah: "Kepala daerah",
  anggota_dprd: "Anggota DPRD",
  opd: "OPD",
  asn: "ASN",
  masyarakat: "Masyarakat",
} as const;

export const INNOVATION_STATUS = {
  aktif: "Aktif",
  ditunda: "Ditunda",
  selesai: "Selesai",
  diarsipkan: "Diarsipkan",
} as const;

export const PROGRAM_STATUS = {
  rencana: "Rencana",
  berjalan: "Berjalan",
  selesai: "Selesai",
  dibatalkan: "Dibatalkan",
  diarsipkan: "Diarsipkan",
} as const;

export const UNIT_KINDS = {
  opd: "OPD",
  kecamatan: "Kecamatan",
  kelurahan: "Kelurahan",
  puskesmas: "Puskesmas",
  sekolah: "Sekolah",
} as const;

export const UNIT_STATUS = { aktif: "Aktif", diarsipkan: "Diarsipkan" } as const;

export const ACTION_STATUS = {
  belum: "Belum dimulai",
  berjalan: "Berjalan",
  selesai: "Selesai",
} as const;

export const SOURCES = ["sheet", "form", "api", "cli", "seed"] as const;

export type MouArea = keyof typeof MOU_AREAS;
export type Stage = keyof typeof STAGES;
export type Tahapan = keyof typeof TAHAPAN;
export type Source = (typeof SOURCES)[number];

export function keysOf<T extends Record<string, string>>(labels: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];
}
