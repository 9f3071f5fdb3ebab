// Many spreadsheets: one per unit (200 by default), each with its unit's innovations, reconciled
// by the scheduled path (reconcileAll under the project's Sheets budget) against the Sheets
// emulator in quota mode. Reports how long until every change reached every sheet, how many
// requests met a 429 (from the emulator's own log) and how many runs were lost to one.
//
// Quota mode here: 300 requests per minute, per project and per caller. That is Google's
// per-project quota; a real deployment calls as one service account, whose per-user quota is
// 60 per minute (SHEETS_REQUESTS_PER_MINUTE), so there the same work takes about 5× longer.
import { sheets_v4 } from "@googleapis/sheets";
import type { SheetsEmulator } from "../sheets/emulator/index.js";
import { initTarget, SheetsBudget, SheetTargetStore, ReconcileIncompleteError, reconcileAll } from "../sheets/index.js";
import { clearFirestoreEmulator } from "../local/firestoreEmulator.js";
import { firestore } from "../src/store/db.js";
import { stores } from "../src/store/kinds.js";
import { figure, type Figure } from "./figures.js";

const PROJECT = "demo-bench-many";
const ACTOR = { by: "bench", source: "cli" as const };

export interface ManySpreadsheetsReport {
  spreadsheets: number;
  perMinute: number;
  /** Changes made: one new innovation per unit, then one edit of each. */
  changes: number;
  /** Sheet rows that did not show their change at the end. */
  missed: number;
  /** Requests the emulator answered 429. */
  requests429: number;
  /** Spreadsheets whose runs failed and were not retried within the calls (lost to a 429). */
  lostTo429: number;
  sheetsRequests: number;
  reconcileCalls: number;
  /** Wall-clock minutes from the changes to every sheet showing them, both rounds. */
  minutesToConverge: number;
}

const unitId = (index: number) => `unit-${String(index).padStart(3, "0")}`;

/** Calls reconcileAll as the scheduler would, until a call completes with nothing left undone. */
async function reconcileUntilDone(deps: Parameters<typeof reconcileAll>[0], budget: SheetsBudget, counts: { calls: number; lost: number }) {
  for (let call = 0; call < 5; call++) {
    counts.calls++;
    try {
      const reports = await reconcileAll(deps, { budget, maxPasses: 1 });
      if (reports.every((report) => report.status === "done" || report.status === "covered")) return;
    } catch (error) {
      if (!(error instanceof ReconcileIncompleteError)) throw error;
      counts.lost += error.failed.filter((item) => /\b429\b/.test(item.error)).length;
    }
  }
}

export async function benchManySpreadsheets(emulator: SheetsEmulator, firestoreHost: string, options: { spreadsheets?: number; perMinute?: number; log?: (line: string) => void } = {}): Promise<ManySpreadsheetsReport> {
  const count = options.spreadsheets ?? 200;
  const perMinute = options.perMinute ?? 300;
  const log = options.log ?? (() => {});
  await clearFirestoreEmulator(firestoreHost, PROJECT);
  const db = firestore(PROJECT);
  const sheets = new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "bench", retry: false });
  const records = stores(db);
  const targets = new SheetTargetStore(db);
  const ids: string[] = [];
  try {
    log(`many-spreadsheets: laying out ${count} unit spreadsheets...`);
    emulator.quota.disable();
    for (let index = 0; index < count; index++) {
      await records.units.create(unitId(index), { name: `Unit Kerja ${index}`, kind: "opd" }, ACTOR);
      const spreadsheetId = (await sheets.spreadsheets.create({ requestBody: { properties: { title: `Unit ${index}` } } })).data.spreadsheetId!;
      const target = await targets.add({ spreadsheetId, tab: "Inovasi", kind: "innovations", units: [unitId(index)] });
      await initTarget({ db, sheets }, target.id);
      ids.push(spreadsheetId);
    }
    const deps = { db, sheets, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } as never };
    const budget = new SheetsBudget(db, { perMinute });
    const counts = { calls: 0, lost: 0 };
    emulator.reset();
    emulator.quota.enable({ perUserPerMinute: perMinute, perProjectPerMinute: perMinute });
    const started = performance.now();
    // Round 1: a new innovation in every unit. Round 2: each one edited.
    const innovationIds = Array.from({ length: count }, (_, index) => `INO-BENCH${String(index).padStart(5, "0")}`);
    for (let index = 0; index < count; index++) {
      await records.innovations.create(innovationIds[index]!, { name: `Inovasi unit ${index}`, unitId: unitId(index), initiator: "opd", stage: "drum_up", jenis: "digital", bentuk: "pelayanan_publik", urusan: "kesehatan" }, ACTOR);
    }
    log("many-spreadsheets: round 1 (one new innovation per unit)...");
    await reconcileUntilDone(deps, budget, counts);
    for (let index = 0; index < count; index++) await records.innovations.update(innovationIds[index]!, { name: `Inovasi unit ${index} (diubah)` }, ACTOR);
    log("many-spreadsheets: round 2 (each edited)...");
    await reconcileUntilDone(deps, budget, counts);
    const minutesToConverge = (performance.now() - started) / 60_000;
    emulator.quota.disable();
    let missed = 0;
    for (let index = 0; index < count; index++) {
      const values = (await sheets.spreadsheets.values.get({ spreadsheetId: ids[index]!, range: "Inovasi" })).data.values ?? [];
      if (!values.some((row) => row.includes(`Inovasi unit ${index} (diubah)`))) missed++;
    }
    const log429 = emulator.requestLog.filter((entry) => entry.status === 429).length;
    return {
      spreadsheets: count,
      perMinute,
      changes: 2 * count,
      missed,
      requests429: log429,
      lostTo429: counts.lost,
      sheetsRequests: emulator.requestLog.length,
      reconcileCalls: counts.calls,
      minutesToConverge: Math.round(minutesToConverge * 100) / 100,
    };
  } finally {
    emulator.quota.disable();
    await db.terminate();
  }
}

export function formatManySpreadsheets(report: ManySpreadsheetsReport): string {
  return [
    `${report.spreadsheets} unit spreadsheets, emulator quota ${report.perMinute} requests/min (project and caller), budget ${report.perMinute}/min`,
    `changes: ${report.changes} (a new innovation per unit, then an edit of each); sheets missing their change: ${report.missed}`,
    `Sheets requests ${report.sheetsRequests}, answered 429: ${report.requests429}, runs lost to 429: ${report.lostTo429}, reconcile calls: ${report.reconcileCalls}`,
    `minutes to converge (both rounds): ${report.minutesToConverge}`,
  ].join("\n");
}

export function manySpreadsheetsFigures(report: ManySpreadsheetsReport): Figure[] {
  const note = `${report.spreadsheets} spreadsheets, ${report.perMinute}/min quota mode`;
  return [
    figure("many-sheets-missed", "many spreadsheets: changes not reaching a sheet", report.missed, "", { max: 0 }, note),
    figure("many-sheets-lost-429", "many spreadsheets: runs lost to 429", report.lostTo429, "", { max: 0 }, `${report.requests429} requests answered 429 (emulator log)`),
    figure("many-sheets-minutes", "many spreadsheets: minutes to converge", report.minutesToConverge, "min", {}, `${report.sheetsRequests} Sheets requests; at 60/min (one service account) about ${((report.minutesToConverge * report.perMinute) / 60).toFixed(1)} min`),
  ];
}
