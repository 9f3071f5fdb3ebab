// Loads the demo data of Kota Probolinggo. Safe to run twice: records are created under
// fixed ids, and create() leaves an existing record as it is.
import { subDays } from "date-fns/subDays";
import { addDays } from "date-fns/addDays";
import { COLLECTIONS } from "../store/db.js";
import type { Stores } from "../store/kinds.js";
import type { Actor } from "../store/records.js";
import { STAGE_ORDER, type StageHistoryEntry } from "../model/stages.js";
import { todayWib } from "../model/time.js";
import { DEMO_INNOVATIONS, type DemoInnovation } from "./innovations.js";
import { DEMO_PROGRAMS } from "./programs.js";
import { DEMO_UNITS } from "./units.js";
import { day, demoEvidence } from "./iidEvidence.js";
import { shippedIndicators } from "../iid/indicators.js";

const SEED_ACTOR: Actor = { by: "seed", source: "seed" };

export interface SeedProgress {
  done: number;
  total: number;
  label: string;
}

export interface SeedResult {
  units: number;
  programs: number;
  innovations: number;
  /** IID evidence rows ("Bukti IID"), filled or prepared empty. */
  evidence: number;
  created: number;
}

/** True when no unit and no innovation is stored yet (the local stack seeds only then). */
export async function databaseIsEmpty(stores: Stores): Promise<boolean> {
  const [units, innovations] = await Promise.all([
    stores.db.collection(COLLECTIONS.units).limit(1).get(),
    stores.db.collection(COLLECTIONS.innovations).limit(1).get(),
  ]);
  return units.empty && innovations.empty;
}


/** Earlier stages lasted 20-45 days each, varied by position so the demo does not look machine-made. */
function stageHistory(innovation: DemoInnovation, today: Date): StageHistoryEntry[] {
  const reached = STAGE_ORDER.indexOf(innovation.stage);
  let start = subDays(today, innovation.daysInStage);
  const entries: StageHistoryEntry[] = [{ stage: innovation.stage, start: day(start), finish: null, output: "", note: "" }];
  for (let index = reached - 1; index >= 0; index--) {
    const finish = start;
    start = subDays(finish, 20 + ((index * 7 + innovation.name.length) % 26));
    entries.unshift({ stage: STAGE_ORDER[index]!, start: day(start), finish: day(finish), output: OUTPUTS[index]!, note: "" });
  }
  return entries;
}

const OUTPUTS = [
  "Tim inovasi dan sponsor berkomitmen (SK tim)",
  "Peta masalah dan prioritas ide",
  "Rencana aksi disetujui",
  "Laporan uji coba dan bukti dukung",
  "Launching dan pameran",
];

function innovationFields(innovation: DemoInnovation, today: Date, index: number) {
  const reached = STAGE_ORDER.indexOf(innovation.stage);
  const history = stageHistory(innovation, today);
  const started = (stage: string) => history.find((entry) => entry.stage === stage)?.start ?? null;
  return {
    name: innovation.name,
    unitId: innovation.unitId,
    initiator: innovation.initiator,
    initiatorName: "",
    team: [
      { name: TEAM_NAMES[index % TEAM_NAMES.length]!, nip: demoNip(index), role: "Ketua tim", phone: `08123${String(4000000 + index * 1311).slice(-7)}` },
      { name: TEAM_NAMES[(index + 5) % TEAM_NAMES.length]!, nip: null, role: "Anggota", phone: null },
    ],
    stage: innovation.stage,
    stageHistory: history,
    jenis: innovation.jenis,
    bentuk: innovation.bentuk,
    urusan: innovation.urusan,
    problem: innovation.problem,
    goal: innovation.goal,
    benefits: reached >= 2 ? `Warga dan ASN merasakan manfaat: ${innovation.goal.toLowerCase()}` : "",
    results: reached >= 4 ? "Capaian awal sesuai target uji coba." : "",
    design: reached >= 2 ? `Rancang bangun ${innovation.name}: latar belakang, tujuan, sasaran dan tahapan pelaksanaan.` : "",
    actionPlan:
      reached >= 2
        ? [
            { activity: "Rapat koordinasi tim inovasi", personInCharge: "Ketua tim", dueDate: day(subDays(today, 3 + (index % 5))), status: index % 3 === 0 ? "berjalan" : "selesai" },
            { activity: "Penyusunan SOP layanan", personInCharge: "Sekretaris tim", dueDate: day(addDays(today, 4 + (index % 10))), status: "belum" },
            { activity: "Evaluasi dan pelaporan", personInCharge: "Ketua tim", dueDate: day(addDays(today, 30 + index)), status: "belum" },
          ]
        : [],
    trialDate: reached >= 3 ? started("deliver") : null,
    inUseDate: reached >= 4 ? started("display") : null,
    evidenceLinks: reached >= 3 ? [`https://probolinggokota.go.id/inovasi/${innovation.id.toLowerCase()}`] : [],
    budget: reached >= 2 ? 5_000_000 * ((index % 7) + 1) : null,
    regulation: reached >= 4 ? `Perwali Nomor ${10 + index} Tahun 2026` : "",
    status: innovation.status ?? "aktif",
  };
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** NIP layout: birth date (8), appointment month (6), gender (1), sequence (3). */
function demoNip(index: number): string {
  const born = `19${75 + (index % 20)}${pad((index % 12) + 1, 2)}${pad((index % 28) + 1, 2)}`;
  const appointed = `${2000 + (index % 20)}${pad(((index + 3) % 12) + 1, 2)}`;
  return `${born}${appointed}${1 + (index % 2)}${pad(index + 1, 3)}`;
}

const TEAM_NAMES = [
  "Dewi Lestari", "Ahmad Fauzi", "Siti Nurhaliza", "Bambang Suryadi", "Rina Kartika",
  "Hendra Wijaya", "Lilik Masruroh", "Yusuf Effendi", "Anik Rahayu", "Taufik Hidayat",
];

export async function seedDemo(
  stores: Stores,
  options: { now?: Date; onProgress?: (progress: SeedProgress) => void } = {},
): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const today = new Date(`${todayWib(now)}T00:00:00Z`);
  const evidence = demoEvidence(shippedIndicators(Number(todayWib(now).slice(0, 4))), today);
  const total = DEMO_UNITS.length + DEMO_PROGRAMS.length + DEMO_INNOVATIONS.length + evidence.length;
  let done = 0;
  let created = 0;
  const step = async (label: string, write: () => Promise<{ created: boolean }>) => {
    if ((await write()).created) created++;
    options.onProgress?.({ done: ++done, total, label });
  };

  // Units are written as of the day the earliest demo innovation began, so a past period's
  // summary (rebuilt as it stood then) still finds them and names them.
  const established = new Date(
    Math.min(now.getTime(), ...DEMO_INNOVATIONS.map((innovation, index) => Date.parse(`${innovationFields(innovation, today, index).stageHistory[0]!.start}T01:00:00Z`))),
  );
  for (const unit of DEMO_UNITS) {
    const { id, ...fields } = unit;
    await step(unit.name, () => stores.units.create(id, { parentId: null, ...fields }, SEED_ACTOR, { now: established }));
  }
  for (const program of DEMO_PROGRAMS) {
    const { id, startOffset, days, ...fields } = program;
    const start = addDays(today, startOffset);
    const end = addDays(start, days - 1);
    const status = end < today ? "selesai" : start <= today ? "berjalan" : "rencana";
    await step(program.name, () =>
      stores.programs.create(id, { ...fields, startDate: day(start), endDate: day(end), status }, SEED_ACTOR, { now }),
    );
  }
  for (const [index, innovation] of DEMO_INNOVATIONS.entries()) {
    const fields = innovationFields(innovation, today, index);
    // Written as of the day the innovation began, so summaries do not count the demo as new.
    const began = new Date(`${fields.stageHistory[0]!.start}T02:00:00Z`);
    await step(innovation.name, () => stores.innovations.create(innovation.id, fields, SEED_ACTOR, { now: began }));
  }
  for (const row of evidence) {
    // Written as of the day it was entered, so a preview of last week already shows it.
    const entered = new Date(`${row.enteredOn}T02:00:00Z`);
    await step(`Bukti IID ${row.fields.innovationId} ${row.fields.indicator}`, () => stores.iidEvidence.create(row.id, row.fields, SEED_ACTOR, { now: entered }));
  }
  return { units: DEMO_UNITS.length, programs: DEMO_PROGRAMS.length, innovations: DEMO_INNOVATIONS.length, evidence: evidence.length, created };
}
