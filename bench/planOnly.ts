// The planning steps of one reconcile at a size, in this process, without emulators: the tab as the
// sync bench's workload leaves it (2% of rows edited in the sheet, 2% in Firestore), its base as
// the first run kept it. Prints the CPU of parseRows + planTarget + renderTarget (what a run's
// `report.planning.cpuMs` meters), the first time (cold, as in a run) and warmed up:
//   npx tsx bench/planOnly.ts [rows=10000] [repeats=10]
import { fieldHash } from "../sheets/sync/hash.js";
import { planTarget, type StoredRecord } from "../sheets/sync/plan.js";
import { renderTarget } from "../sheets/sync/render.js";
import { BaseState } from "../sheets/sync/base.js";
import { parseRows } from "../sheets/sync/rows.js";
import { fieldColumn, HEADERS, LAYOUT, seedRecord, sheetRow, units, workload } from "./syncWorkload.js";

const rows = Number(process.argv[2] ?? 10_000);
const repeats = Number(process.argv[3] ?? 10);
const scope = { kind: "innovations" as const, units: ["dinkes"] };
const records = Array.from({ length: rows }, (_, index) => seedRecord(index) as StoredRecord);
const base = BaseState.from(records.map((record, index) => [record.id, { version: record.version, row: index + 2, hashes: Object.fromEntries(LAYOUT.fields.map(({ def }) => [def.key, fieldHash(def.read(record))])) }]));
const values = [HEADERS, ...records.map((record, index) => sheetRow(record, index + 2))] as (string | number)[][];
const work = workload(rows, 0.02);
for (const index of work.sheetEdits) values[index + 1]![fieldColumn("urusan")] = `urusan dari sheet ${index}`;
const conflicts = new Set(work.conflicts);
const changed: StoredRecord[] = [...new Set([...work.firestoreEdits, ...work.conflicts])].map((index) => ({ ...records[index]!, goal: `tujuan dari sistem ${index}`, version: 2, ...(conflicts.has(index) ? { urusan: `urusan dari sistem ${index}` } : {}) }));
const known = new Map(changed.map((record) => [record.id, record]));
for (const index of work.sheetEdits) if (!known.has(records[index]!.id)) known.set(records[index]!.id, records[index]!);

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

function once(): { parse: number; plan: number; render: number } {
  let before = process.cpuUsage();
  const parsed = parseRows(LAYOUT, values, units, "id_ID");
  const parse = cpuMs(before);
  before = process.cpuUsage();
  const plan = planTarget({ scope, layout: LAYOUT, rows: parsed, base, records: known, changedIds: new Set(changed.map((record) => record.id)), newId: () => "INO-NEW0000001", today: "2026-11-29" });
  const planned = cpuMs(before);
  before = process.cpuUsage();
  renderTarget({ scope, layout: LAYOUT, rows: parsed, plan, base, records: known, outcomes: new Map(), writtenIds: new Set(plan.updates.map((update) => update.id)), appendCandidates: changed, archived: new Set(plan.archives), units });
  return { parse, plan: planned, render: cpuMs(before) };
}

const runs = Array.from({ length: repeats }, once);
const total = (run: { parse: number; plan: number; render: number }) => run.parse + run.plan + run.render;
const sorted = runs.map(total).sort((a, b) => a - b);
const round = (ms: number) => Math.round(ms * 10) / 10;
const cold = runs[0]!;
console.log(JSON.stringify({ rows, coldMs: Math.round(total(cold)), cold: { parseRows: round(cold.parse), planTarget: round(cold.plan), renderTarget: round(cold.render) }, warmMedianMs: Math.round(sorted[Math.floor(sorted.length / 2)]!), warmMinMs: Math.round(sorted[0]!) }));
