// About thirty demo innovations of Probolinggo's units, spread over LAN's stages.
import type { Stage } from "../model/vocabulary.js";

export interface DemoInnovation {
  id: string;
  name: string;
  unitId: string;
  stage: Stage;
  /** Days the innovation has spent in its current stage at seed time (a large number reads as stalled). */
  daysInStage: number;
  jenis: "digital" | "non_digital";
  bentuk: "tata_kelola" | "pelayanan_publik" | "lainnya";
  urusan: string;
  initiator: "kepala_daerah" | "anggota_dprd" | "opd" | "asn" | "masyarakat";
  problem: string;
  goal: string;
  status?: "aktif" | "ditunda" | "selesai";
}

const row = (
  id: string,
  name: string,
  unitId: string,
  stage: Stage,
  daysInStage: number,
  jenis: DemoInnovation["jenis"],
  bentuk: DemoInnovation["bentuk"],
  urusan: string,
  problem: string,
  goal: string,
  extra: Partial<DemoInnovation> = {},
): DemoInnovation => ({ id, name, unitId, stage, daysInStage, jenis, bentuk, urusan, initiator: "opd", problem, goal, ...extra });

export const DEMO_INNOVATIONS: DemoInnovation[] = [
  row("INO-DEMO-01", "SIPANDU: antrean puskesmas daring", "dinkes", "deliver", 12, "digital", "pelayanan_publik", "kesehatan", "Pasien menunggu lebih dari 2 jam di ruang tunggu puskesmas.", "Waktu tunggu pasien di bawah 30 menit."),
  row("INO-DEMO-02", "Posyandu Remaja Cegah Stunting", "dinkes", "display", 40, "non_digital", "pelayanan_publik", "kesehatan", "Angka anemia remaja putri tinggi.", "Remaja putri rutin minum tablet tambah darah."),
  row("INO-DEMO-03", "Jemput Bola KTP-el Lansia", "dispendukcapil", "dokumentasi", 20, "non_digital", "pelayanan_publik", "kependudukan", "Lansia dan penyandang disabilitas sulit datang ke kantor.", "Seluruh lansia wajib KTP-el terekam."),
  row("INO-DEMO-04", "Akta Kelahiran Langsung dari Rumah Sakit", "dispendukcapil", "display", 9, "digital", "pelayanan_publik", "kependudukan", "Orang tua menunda mengurus akta kelahiran.", "Bayi pulang dari RS sudah membawa akta."),
  row("INO-DEMO-05", "Izin Usaha Mikro Satu Hari", "dpmptsp", "deliver", 45, "digital", "pelayanan_publik", "penanaman modal", "Pelaku UMKM menganggap izin berbelit.", "NIB dan izin terbit dalam satu hari kerja."),
  row("INO-DEMO-06", "Dashboard Realisasi Anggaran Harian", "bppkad", "design", 15, "digital", "tata_kelola", "keuangan", "Pimpinan baru tahu serapan anggaran di akhir bulan.", "Serapan anggaran terpantau setiap hari."),
  row("INO-DEMO-07", "e-Reviu RKA Terpadu", "inspektorat", "diagnose", 50, "digital", "tata_kelola", "pengawasan", "Reviu RKA dilakukan manual dan lambat.", "Reviu RKA selesai sebelum tenggat TAPD."),
  row("INO-DEMO-08", "Talent Pool ASN Kota Probolinggo", "bkpsdm", "design", 33, "digital", "tata_kelola", "kepegawaian", "Pengisian jabatan belum berbasis merit.", "Manajemen talenta ASN sesuai sistem merit."),
  row("INO-DEMO-09", "Sekolah Ramah Anak Bebas Perundungan", "dindikbud", "deliver", 18, "non_digital", "pelayanan_publik", "pendidikan", "Kasus perundungan di sekolah meningkat.", "Setiap sekolah punya tim pencegahan perundungan."),
  row("INO-DEMO-10", "Perpustakaan Keliling Kampung Literasi", "dindikbud", "drum_up", 6, "non_digital", "lainnya", "perpustakaan", "Minat baca anak di kelurahan pinggiran rendah.", "Kunjungan perpustakaan keliling tiap pekan di 29 kelurahan."),
  row("INO-DEMO-11", "Lapor Sampah via WhatsApp", "dlh", "deliver", 60, "digital", "pelayanan_publik", "lingkungan hidup", "Tumpukan sampah liar terlambat ditangani.", "Laporan sampah ditangani dalam 24 jam."),
  row("INO-DEMO-12", "Bank Sampah Digital Kelurahan", "dlh", "diagnose", 10, "digital", "lainnya", "lingkungan hidup", "Nasabah bank sampah tidak tahu saldo tabungannya.", "Saldo bank sampah bisa dicek daring."),
  row("INO-DEMO-13", "Peta Jalan Rusak Partisipatif", "dpupr", "design", 41, "digital", "pelayanan_publik", "pekerjaan umum", "Perbaikan jalan tidak berbasis data keluhan warga.", "Prioritas perbaikan jalan berdasar laporan warga."),
  row("INO-DEMO-14", "Parkir Non-Tunai Alun-alun", "dishub", "deliver", 25, "digital", "pelayanan_publik", "perhubungan", "Kebocoran retribusi parkir.", "Pendapatan parkir naik 30%."),
  row("INO-DEMO-15", "Patroli Ketertiban Berbasis Aduan", "satpolpp", "drum_up", 35, "non_digital", "tata_kelola", "ketenteraman dan ketertiban umum", "Patroli tidak menyasar titik rawan aduan warga.", "Patroli mengikuti peta aduan mingguan."),
  row("INO-DEMO-16", "Rujukan Terintegrasi Puskesmas-RSUD", "rsud", "display", 14, "digital", "pelayanan_publik", "kesehatan", "Pasien rujukan menunggu lama di IGD.", "Data pasien rujukan diterima RSUD sebelum pasien tiba."),
  row("INO-DEMO-17", "Pendaftaran Rawat Jalan via Aplikasi", "rsud", "dokumentasi", 70, "digital", "pelayanan_publik", "kesehatan", "Antrean loket pendaftaran mengular sejak subuh.", "Pendaftaran rawat jalan tanpa antre fisik.", { status: "selesai" }),
  row("INO-DEMO-18", "Satu Data Kota Probolinggo", "diskominfo", "deliver", 8, "digital", "tata_kelola", "komunikasi dan informatika", "Data sektoral berbeda antar-OPD.", "Satu portal data dengan wali data tiap OPD."),
  row("INO-DEMO-19", "Command Center Aduan Warga 112", "diskominfo", "display", 90, "digital", "pelayanan_publik", "komunikasi dan informatika", "Aduan darurat tersebar di banyak nomor.", "Satu nomor darurat ditangani 24 jam."),
  row("INO-DEMO-20", "Rumah Aman Perempuan dan Anak", "dinsosp3a", "design", 28, "non_digital", "pelayanan_publik", "pemberdayaan perempuan dan perlindungan anak", "Korban kekerasan tidak punya tempat aman sementara.", "Layanan rumah aman 24 jam."),
  row("INO-DEMO-21", "SIMPEL: Sistem Informasi Monitoring Inovasi", "bagorganisasi", "deliver", 22, "digital", "tata_kelola", "organisasi", "Perkembangan inovasi OPD tidak terpantau.", "Tahapan setiap inovasi terpantau mingguan."),
  row("INO-DEMO-22", "Klinik Rancang Bangun Inovasi", "bagorganisasi", "display", 5, "non_digital", "tata_kelola", "organisasi", "Banyak rancang bangun inovasi kurang dari 300 kata.", "Seluruh inovasi lolos verifikasi IID."),
  row("INO-DEMO-23", "Musrenbang Daring Kelurahan", "bappedalitbang", "diagnose", 3, "digital", "tata_kelola", "perencanaan", "Usulan warga hilang antara musrenbang kelurahan dan kota.", "Usulan warga bisa dilacak sampai APBD."),
  row("INO-DEMO-24", "Kecamatan Mayangan Melayani Malam", "kec-mayangan", "deliver", 31, "non_digital", "pelayanan_publik", "administrasi pemerintahan", "Warga pekerja tidak bisa mengurus surat di jam kantor.", "Layanan administrasi sampai pukul 20.00 dua kali sepekan."),
  row("INO-DEMO-25", "Kanigaran Sehat Tanpa Jentik", "kec-kanigaran", "drum_up", 12, "non_digital", "lainnya", "kesehatan", "Kasus DBD musiman tinggi.", "Angka bebas jentik di atas 95%."),
  row("INO-DEMO-26", "Wonoasih Tanggap Banjir", "kec-wonoasih", "diagnose", 38, "non_digital", "lainnya", "bencana", "Genangan di permukiman bantaran sungai.", "Peringatan dini banjir sampai tingkat RT."),
  row("INO-DEMO-27", "Surat Keterangan Online Kademangan", "kec-kademangan", "design", 2, "digital", "pelayanan_publik", "administrasi pemerintahan", "Warga bolak-balik untuk surat keterangan.", "Surat keterangan diajukan dan diambil sekali datang."),
  row("INO-DEMO-28", "Mangunharjo Kampung KB Digital", "kel-mangunharjo", "drum_up", 44, "digital", "lainnya", "keluarga berencana", "Data akseptor KB tercatat di buku.", "Data akseptor KB tercatat daring.", { initiator: "masyarakat" }),
  row("INO-DEMO-29", "Skrining Hipertensi Keliling", "pkm-kedopok", "deliver", 16, "non_digital", "pelayanan_publik", "kesehatan", "Banyak warga tidak tahu dirinya hipertensi.", "Skrining seluruh warga usia di atas 40 tahun."),
  row("INO-DEMO-30", "Kelas Digital Guru Penggerak", "smpn1", "diagnose", 21, "digital", "lainnya", "pendidikan", "Guru belum terbiasa membuat materi digital.", "Setiap guru membuat satu modul digital per semester.", { status: "ditunda" }),
];
