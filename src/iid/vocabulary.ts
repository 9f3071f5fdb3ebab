// The closed lists of IID readiness, each with the label staff see in the "Bukti IID" tab.
// Keys are stored in Firestore; labels may be corrected freely.

/** What kind of document a piece of evidence ("bukti dukung") is. */
export const DOCUMENT_TYPES = {
  regulasi: "Regulasi (Perda/Perwali)",
  sk: "Surat Keputusan (SK)",
  anggaran: "Dokumen anggaran (DPA/RKA)",
  laporan: "Laporan",
  foto: "Foto",
  video: "Video",
  tautan: "Tautan/laman web",
  lainnya: "Lainnya",
} as const;
export type DocumentType = keyof typeof DOCUMENT_TYPES;

/** Why an indicator of an innovation does not score yet. */
export const GAP_LABELS = {
  no_evidence: "belum ada bukti",
  no_option: "parameter belum dipilih",
  unknown_option: "parameter tidak dikenal",
  no_link: "tautan bukti belum diisi",
} as const;
export type Gap = keyof typeof GAP_LABELS;
