// Demo units of Kota Probolinggo (names as the city has published them; check before production use).
export interface DemoUnit {
  id: string;
  name: string;
  kind: "opd" | "kecamatan" | "kelurahan" | "puskesmas" | "sekolah";
  parentId?: string;
  headName: string;
  /** null: a head whose email nobody has recorded yet (shows up as a gap in the summaries). */
  headEmail: string | null;
}

const opd = (id: string, name: string, headName: string, email: string | null = `${id}@probolinggokota.go.id`): DemoUnit => ({
  id,
  name,
  kind: "opd",
  headName,
  headEmail: email,
});

export const DEMO_UNITS: DemoUnit[] = [
  opd("bappedalitbang", "Bappedalitbang", "Ir. Rachmad Hidayat, M.T."),
  opd("inspektorat", "Inspektorat", "Drs. Agus Santoso, M.Si."),
  opd("bkpsdm", "BKPSDM", "Dra. Sri Wahyuni, M.M."),
  opd("bppkad", "BPPKAD", "Moch. Ridwan, S.E., M.M."),
  opd("dindikbud", "Dinas Pendidikan dan Kebudayaan", "Dr. Siti Aminah, M.Pd."),
  opd("dinkes", "Dinas Kesehatan P2KB", "dr. Nur Aini Setyowati, M.Kes."),
  opd("dispendukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Heri Purnomo, S.Sos., M.Si."),
  opd("dpmptsp", "DPMPTSP", "Fitriawati, S.H., M.H."),
  opd("diskominfo", "Dinas Komunikasi dan Informatika", "Yoyok Sugiarto, S.Kom., M.M."),
  opd("dinsosp3a", "Dinas Sosial P3A", "Dra. Endah Kusumawati", null),
  opd("dlh", "Dinas Lingkungan Hidup", "Budi Krisyanto, S.T., M.T."),
  opd("dpupr", "Dinas PUPR-Perkim", "Ir. Teguh Prasetyo, M.T."),
  opd("dishub", "Dinas Perhubungan", "Imam Suwoko, S.Sos."),
  opd("satpolpp", "Satpol PP", "Aswin Rachmanto, S.STP."),
  opd("rsud", "RSUD dr. Mohamad Saleh", "dr. Wahyu Ratnasari, Sp.PD."),
  opd("bagorganisasi", "Bagian Organisasi Setda", "Ratna Dewi Anggraini, S.Sos., M.AP."),
  ...(["Kademangan", "Kanigaran", "Kedopok", "Mayangan", "Wonoasih"].map((name) => ({
    id: `kec-${name.toLowerCase()}`,
    name: `Kecamatan ${name}`,
    kind: "kecamatan" as const,
    headName: `Camat ${name}`,
    headEmail: `kec.${name.toLowerCase()}@probolinggokota.go.id`,
  }))),
  { id: "kel-mangunharjo", name: "Kelurahan Mangunharjo", kind: "kelurahan", parentId: "kec-mayangan", headName: "Lurah Mangunharjo", headEmail: "kel.mangunharjo@probolinggokota.go.id" },
  { id: "kel-jrebengkidul", name: "Kelurahan Jrebeng Kidul", kind: "kelurahan", parentId: "kec-wonoasih", headName: "Lurah Jrebeng Kidul", headEmail: null },
  { id: "pkm-kedopok", name: "Puskesmas Kedopok", kind: "puskesmas", parentId: "dinkes", headName: "dr. Hendra Gunawan", headEmail: "pkm.kedopok@probolinggokota.go.id" },
  { id: "smpn1", name: "SMP Negeri 1 Probolinggo", kind: "sekolah", parentId: "dindikbud", headName: "Drs. Slamet Riyadi, M.Pd.", headEmail: "smpn1@probolinggokota.go.id" },
];
