// Every word the summary emails show, in one place, so someone from Probolinggo can read
// and correct them without touching the layout code.
/** What the readiness estimate's weights rest on, when not the official guide itself. */
function guideCaveat(guide: { weightsVerified: boolean; secondaryCopyOnly: boolean }): string {
  if (!guide.weightsVerified) return " (bobot belum diverifikasi dengan pedoman resmi)";
  return guide.secondaryCopyOnly ? " (bobot dari salinan lampiran pedoman, bukan dokumen resmi Kemendagri)" : "";
}

export const WORDS = {
  labName: "Laboratorium Inovasi Kota Probolinggo",
  unitSubject: (unitName: string, periodLabel: string) => `Ringkasan inovasi ${unitName}, minggu ${periodLabel}`,
  citySubject: (kindLabel: string, periodLabel: string) => `Ringkasan ${kindLabel} Laboratorium Inovasi, ${periodLabel}`,
  kindLabel: { weekly: "mingguan", monthly: "bulanan" },
  periodNoun: { weekly: "minggu ini", monthly: "bulan ini" },
  greeting: (headName: string) => (headName ? `Yth. Bapak/Ibu ${headName},` : "Yth. Bapak/Ibu Kepala Unit,"),
  cityGreeting: { leadership: "Yth. Bapak/Ibu Pimpinan Laboratorium Inovasi,", coordinators: "Yth. Bapak/Ibu Koordinator Laboratorium Inovasi," },
  unitIntro: (count: number, unitName: string, asOf: string) =>
    `Berikut posisi ${count} inovasi ${unitName} per ${asOf}.`,
  cityIntro: (count: number, units: number, asOf: string) =>
    `Berikut posisi ${count} inovasi dari ${units} unit per ${asOf}.`,
  periodLine: (periodLabel: string, unitKind?: string) => `Periode: ${periodLabel}${unitKind ? ` (${unitKind})` : ""}.`,
  figures: {
    innovations: "Inovasi",
    moved: "Berpindah tahap",
    stalled: "Macet",
    due: "Rencana aksi jatuh tempo",
    proposals: "Usulan baru dari formulir",
    newOnes: "Inovasi baru",
    finished: "Selesai",
    unitsWithout: "Unit tanpa inovasi",
  },
  sections: {
    standing: "Posisi setiap inovasi",
    moved: (periodNoun: string) => `Berpindah tahap ${periodNoun}`,
    stalled: (days: number) => `Macet: tidak berpindah tahap ${days} hari atau lebih`,
    due: (days: number) => `Rencana aksi yang terlambat atau jatuh tempo dalam ${days} hari`,
    proposals: "Usulan baru dari formulir",
    byUnit: "Inovasi per unit dan tahap",
    byStage: "Inovasi per tahap",
    newOnes: (periodNoun: string) => `Inovasi baru ${periodNoun}`,
    finished: (periodNoun: string) => `Selesai ${periodNoun}`,
    unitsWithout: "Unit yang belum memiliki inovasi",
    gaps: "Kepala unit tanpa alamat email (ringkasan unit tidak terkirim)",
    programs: (days: number) => `Kegiatan program dalam ${days} hari ke depan, menurut ruang lingkup MoU`,
    mou: "MoU dengan LAN RI",
  },
  columns: {
    innovation: "Inovasi",
    stage: "Tahap",
    since: "Sejak",
    days: "Lama (hari)",
    note: "Keterangan",
    activity: "Kegiatan",
    personInCharge: "Penanggung jawab",
    dueDate: "Tenggat",
    unit: "Unit",
    total: "Jumlah",
    proposer: "Pengusul",
    date: "Tanggal",
    place: "Tempat",
    count: "Jumlah",
  },
  stalledBadge: "Macet",
  stallingSoon: (days: number) => `${days} hari lagi dianggap macet`,
  statusLabel: { aktif: "", ditunda: "Ditunda", selesai: "Selesai", diarsipkan: "Diarsipkan" } as Record<string, string>,
  move: (from: string, to: string) => `${from} → ${to}`,
  movedBack: "mundur",
  overdue: (days: number) => `terlambat ${days} hari`,
  dueToday: "jatuh tempo hari ini",
  dueIn: (days: number) => `${days} hari lagi`,
  ongoing: "sedang berjalan",
  innovationCount: (count: number) => `(${count} inovasi)`,
  fromForm: "usulan dari formulir",
  none: "Tidak ada.",
  noInnovations: "Unit ini belum memiliki inovasi yang tercatat.",
  noPrograms: "Belum ada kegiatan terjadwal.",
  spreadsheetLink: (unitName: string) => `Buka spreadsheet ${unitName}`,
  noSpreadsheet: "Alamat spreadsheet unit ini belum tercatat; hubungi koordinator Laboratorium Inovasi.",
  mou: {
    inForce: (firstDay: string, lastDay: string, remaining: string) => `Berlaku: ${firstDay} – ${lastDay}, sisa ${remaining}.`,
    ended: (firstDay: string, lastDay: string) =>
      `Tidak berlaku lagi: sudah berakhir pada ${lastDay} (masa berlaku ${firstDay} – ${lastDay}). Belum ada perpanjangan yang tercatat.`,
    notYet: (firstDay: string, lastDay: string) => `Belum berlaku: masa berlaku ${firstDay} – ${lastDay}.`,
    /** "1 tahun 5 bulan", "5 bulan", "12 hari". */
    remaining: ({ years, months, days }: { years: number; months: number; days: number }) =>
      years === 0 && months === 0 ? `${days} hari` : [years > 0 ? `${years} tahun` : "", months > 0 ? `${months} bulan` : ""].filter(Boolean).join(" "),
    /** Only in the coordinators' email: leadership does not run commands. */
    renewHint:
      "Untuk koordinator: bila MoU sudah diperpanjang, catat masa berlaku yang baru dengan perintah " +
      "labinov summary mou --signed yyyy-MM-dd --ends yyyy-MM-dd (--ends: hari pertama sesudah masa berlaku); ringkasan berikutnya memakainya.",
    endingSoonHint: (lastDay: string) => `Untuk koordinator: MoU berakhir pada ${lastDay}; siapkan perpanjangannya bersama LAN RI.`,
  },
  unitFooter: "Email ini dikirim otomatis setiap Senin pagi oleh Laboratorium Inovasi Kota Probolinggo. Data diambil dari spreadsheet unit Anda; perbaikan cukup dilakukan di spreadsheet tersebut.",
  cityFooter: "Email ini dikirim otomatis oleh Laboratorium Inovasi Kota Probolinggo.",
  iid: {
    unitTitle: (year: number) => `Kesiapan Indeks Inovasi Daerah (IID) ${year}`,
    cityTitle: (year: number) => `Kesiapan Indeks Inovasi Daerah (IID) ${year} per unit`,
    unitScore: (score: string, max: number, scored: number) => `Perkiraan skor rata-rata ${score} dari ${max} untuk ${scored} inovasi yang dinilai (tahap uji coba atau penerapan).`,
    notEligible: (count: number) => `${count} inovasi masih tahap inisiatif, belum dinilai IID.`,
    noneScored: "Belum ada inovasi pada tahap uji coba atau penerapan, jadi belum ada yang dinilai IID.",
    missingLine: (count: number, indicator: string) => `${count} inovasi belum punya bukti ${indicator}`,
    moreMissing: (count: number) => `dan ${count} indikator lain; lihat tab "Bukti IID" di spreadsheet`,
    allComplete: "Semua inovasi yang dinilai sudah punya bukti untuk setiap indikator.",
    innovationScore: (score: string, max: number) => `skor ${score}/${max}`,
    innovationMissing: (missing: number, total: number) => (missing === 0 ? "bukti lengkap" : `kurang bukti ${missing} dari ${total} indikator`),
    citySatuan: (score: string, scored: number, divisor: number) =>
      `Perkiraan bagian Satuan Inovasi kota: ${score} (jumlah skor ${scored} inovasi dibagi ${divisor}, sesuai rumus pedoman).`,
    unitLine: (score: string, scored: number) => `rata-rata ${score}, ${scored} inovasi dinilai`,
    mostMissing: (lines: string) => `bukti yang paling kurang: ${lines}`,
    guideNote: (year: number, guide: { weightsVerified: boolean; secondaryCopyOnly: boolean }) =>
      `Perkiraan memakai indikator pedoman IID ${year}${guideCaveat(guide)}; nilai resmi ditentukan Kemendagri.`,
    exportHint: (year: number) => `Untuk koordinator: isian untuk aplikasi IID beserta daftar bukti yang kurang dibuat dengan perintah labinov iid export --year ${year}.`,
  },
} as const;
