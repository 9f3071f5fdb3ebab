// Demo activities under the four areas of the 2018 MoU with LAN RI, a few per area.
import type { MouArea } from "../model/vocabulary.js";

export interface DemoProgram {
  id: string;
  name: string;
  area: MouArea;
  unitId: string;
  /** Days from the seed date; negative is in the past. */
  startOffset: number;
  days: number;
  place: string;
  participants: number;
  target: string;
  realisation: string;
  description: string;
}

export const DEMO_PROGRAMS: DemoProgram[] = [
  { id: "PRG-KK-01", name: "Pelatihan Analis Kebijakan angkatan III", area: "kajian_kebijakan", unitId: "bkpsdm", startOffset: -120, days: 10, place: "Aula BKPSDM", participants: 30, target: "30 analis kebijakan tersertifikasi", realisation: "28 lulus uji kompetensi", description: "Pelatihan bersama LAN RI bagi ASN calon pejabat fungsional analis kebijakan." },
  { id: "PRG-KK-02", name: "Kajian kebijakan penataan PKL alun-alun", area: "kajian_kebijakan", unitId: "bappedalitbang", startOffset: -45, days: 60, place: "Bappedalitbang", participants: 8, target: "1 dokumen rekomendasi kebijakan", realisation: "Draf laporan bab I-III", description: "Kajian dampak relokasi pedagang kaki lima di sekitar alun-alun kota." },
  { id: "PRG-KK-03", name: "Seminar hasil kajian pelayanan perizinan", area: "kajian_kebijakan", unitId: "dpmptsp", startOffset: 12, days: 1, place: "Ruang Sabha Bina Praja", participants: 80, target: "Rekomendasi disepakati OPD terkait", realisation: "", description: "Pemaparan hasil kajian waktu layanan perizinan berusaha." },
  { id: "PRG-PL-01", name: "Pelatihan Kepemimpinan Pengawas (PKP)", area: "pelatihan", unitId: "bkpsdm", startOffset: -200, days: 90, place: "Kampus LAN Jatinangor (daring dan klasikal)", participants: 40, target: "40 pengawas lulus", realisation: "39 lulus, 1 mengulang", description: "Pelatihan kepemimpinan jenjang pengawas dengan proyek perubahan." },
  { id: "PRG-PL-02", name: "Bimtek penulisan rancang bangun inovasi", area: "pelatihan", unitId: "bagorganisasi", startOffset: 5, days: 2, place: "Aula Bagian Organisasi Setda", participants: 60, target: "Setiap OPD mengirim 2 orang", realisation: "", description: "Bimbingan teknis menyusun rancang bangun minimal 300 kata sesuai format IID." },
  { id: "PRG-PL-03", name: "Coaching clinic tim inovasi kecamatan", area: "pelatihan", unitId: "bagorganisasi", startOffset: 20, days: 3, place: "Kantor Kecamatan Mayangan", participants: 25, target: "5 kecamatan didampingi", realisation: "", description: "Pendampingan tim inovasi kecamatan dan kelurahan." },
  { id: "PRG-IN-01", name: "Laboratorium Inovasi angkatan 2026: tahap drum-up", area: "inovasi", unitId: "bagorganisasi", startOffset: -150, days: 3, place: "Gedung Puri Manggala Bhakti", participants: 120, target: "Seluruh kepala OPD, camat dan lurah hadir", realisation: "112 peserta hadir", description: "Membangun kemauan berinovasi bersama LAN RI." },
  { id: "PRG-IN-02", name: "Launching dan expo inovasi Anvapro 2026", area: "inovasi", unitId: "bagorganisasi", startOffset: 30, days: 2, place: "Alun-alun Kota Probolinggo", participants: 500, target: "30 inovasi dipamerkan", realisation: "", description: "Tahap display: peluncuran dan pameran inovasi perangkat daerah." },
  { id: "PRG-IN-03", name: "Penilaian Indeks Inovasi Daerah 2026", area: "inovasi", unitId: "bappedalitbang", startOffset: -20, days: 40, place: "Bappedalitbang", participants: 20, target: "Seluruh inovasi terinput di IID", realisation: "24 dari 30 terinput", description: "Pengisian profil inovasi dan bukti dukung ke aplikasi Kemendagri." },
  { id: "PRG-PT-01", name: "Tugas belajar S2 Administrasi Publik (STIA LAN)", area: "pendidikan_tinggi", unitId: "bkpsdm", startOffset: -300, days: 700, place: "Politeknik STIA LAN Jakarta", participants: 4, target: "4 ASN lulus tepat waktu", realisation: "Semester 3 berjalan", description: "Beasiswa pendidikan tinggi bagi ASN melalui kerja sama LAN RI." },
  { id: "PRG-PT-02", name: "Sosialisasi beasiswa Politeknik STIA LAN 2027", area: "pendidikan_tinggi", unitId: "bkpsdm", startOffset: 40, days: 1, place: "Aula BKPSDM", participants: 100, target: "Minimal 15 pendaftar", realisation: "", description: "Informasi seleksi program sarjana terapan dan magister." },
];
