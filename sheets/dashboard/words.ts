// Every word the "Dasbor" tab shows coordinators: titles, headers, chart titles and notes.
// Bahasa Indonesia, one place; stage labels come from src/model/vocabulary.ts.

export const DASHBOARD_WORDS = {
  tab: "Dasbor",
  title: "Dasbor Laboratorium Inovasi",
  dataAsOf: "Data per",
  note: (row: number) => `Diisi otomatis oleh labinov setiap sinkron. Grafik membaca tabel mulai baris ${row}; kolom di antara tabel boleh dipakai.`,
  dataCaption: "Data grafik (diisi otomatis oleh labinov, jangan diubah)",
  protection: "labinov: data dasbor (diisi otomatis)",
  perStage: { title: "Inovasi per tahap", headers: ["Tahap", "Jumlah inovasi"], axis: "Jumlah inovasi" },
  perUnit: { title: "Inovasi per unit dan tahap", unit: "Unit", axis: "Jumlah inovasi" },
  stalled: {
    title: "Inovasi macet menurut lamanya",
    headers: ["Lama tidak berpindah tahap", "Inovasi macet"],
    axis: "Jumlah inovasi",
    range: (from: number, to: number) => `${from}–${to} hari`,
    atLeast: (days: number) => `${days} hari atau lebih`,
  },
  overdue: { title: "Butir rencana aksi terlambat per unit", headers: ["Unit", "Butir terlambat"], axis: "Butir rencana aksi" },
  readiness: {
    title: "Kesiapan IID per unit (perkiraan skor)",
    headers: (max: number) => ["Unit", `Perkiraan skor IID (maks ${max})`],
    axis: "Rerata perkiraan skor inovasi",
  },
  otherUnits: (count: number) => `Unit lainnya (${count})`,
  missingTab: (tab: string) => `Tab "${tab}" tidak ditemukan; jalankan "labinov sheets init" untuk membuatnya lagi.`,
} as const;
