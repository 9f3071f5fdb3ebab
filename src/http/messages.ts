// What labinov's HTTP functions answer when they refuse a request. The Apps Script writes
// these into its log and shows them to the coordinator, so they are in Bahasa Indonesia.
export const HTTP_MESSAGES = {
  tooLarge: (limit: number) => `Permintaan terlalu besar (maksimal ${Math.round(limit / 1024)} KB).`,
  unsigned: "Permintaan tidak bertanda tangan. Pasang ulang skrip Labinov dan isi kunci rahasianya.",
  malformedSignature: "Tanda tangan permintaan tidak berformat benar.",
  staleSignature: "Tanda tangan permintaan sudah kedaluwarsa (lebih dari 5 menit). Periksa jam komputer atau kirim ulang.",
  badSignature: "Tanda tangan permintaan tidak cocok. Periksa kunci rahasia di Script Properties.",
  replayed: "Permintaan yang sama sudah pernah diterima; tidak diproses lagi.",
  notJson: "Isi permintaan bukan JSON yang sah.",
  badPayload: "Isi permintaan tidak sesuai format.",
  notConfigured: "Layanan belum dikonfigurasi (kunci rahasia webhook belum diisi).",
  unauthenticated: "Pemanggil tidak dikenali: perlu token admin atau token OIDC Google.",
  forbidden: "Pemanggil ini tidak berhak menjalankan fungsi ini.",
  unknownSpreadsheet: "Spreadsheet ini tidak terdaftar di Labinov.",
  internal: "Terjadi kesalahan di server; permintaan akan dicoba lagi.",
  methodNotAllowed: "Hanya metode POST yang diterima.",
} as const;
