// Property: staff work in the sheet while runs read and write it. At random Sheets request
// boundaries of a run, staff edit cells, type new rows, insert, delete, move and sort rows and
// change IDs;
// records change through the API; requests fail (429, 500, 503, dropped connections, answers
// lost after the server applied them); a second runner takes over a slowed run. After two quiet
// runs, checked against an independent record of what everyone did: no row or record is
// duplicated, every live record has one row showing its values, no value ever reached another
// record (each value names the record it was meant for), no staff edit and no record change is
// lost, and only records whose rows staff deleted are archived.
// SYNC_PROPERTY_RUNS sets the number of sequences (default 300, split over parallel shards);
// SYNC_PROPERTY_SEED replays a reported seed.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CellValue } from "../../sheets/layout/cells.js";
import { recordSheetEdits } from "../../sheets/sync/journal.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { testActor } from "../support/fixtures.js";
import { addTarget, boundaryClient, newSpreadsheet, putRows, readTab, shardWorlds, type, type SyncWorld } from "./support.js";

const TOTAL_RUNS = Number(process.env.SYNC_PROPERTY_RUNS ?? 300);
const SHARDS = 4;
const HEADER = ["ID", "Nama Inovasi", "Jenis", "Bentuk", "Inisiator", "Tujuan", "Status Sinkron"];
const GOAL = HEADER.indexOf("Tujuan");
const NAME = HEADER.indexOf("Nama Inovasi");

type StaffAction =
  | { kind: "edit"; pick: number }
  | { kind: "newRow" }
  | { kind: "insertRow"; pick: number }
  | { kind: "deleteRow"; pick: number }
  | { kind: "sort"; column: number; descending: boolean }
  | { kind: "moveRow"; pick: number; to: number }
  | { kind: "idEdit"; pick: number; how: "clear" | "lower" | "text" };

type Fault = { kind: "status"; method: string; status: 429 | 500 | 503 } | { kind: "drop"; method: string } | { kind: "lostAnswer"; call: string };

type Step =
  | { kind: "staff"; action: StaffAction }
  | { kind: "api"; pick: number }
  | { kind: "run"; at: { boundary: number; action: StaffAction }[]; fault?: Fault; takeoverAt?: number };

const staffAction: fc.Arbitrary<StaffAction> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("edit" as const), pick: fc.nat() }), weight: 4 },
  { arbitrary: fc.constant({ kind: "newRow" as const }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("insertRow" as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("deleteRow" as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("sort" as const), column: fc.constantFrom(0, NAME, GOAL), descending: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("moveRow" as const), pick: fc.nat(), to: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("idEdit" as const), pick: fc.nat(), how: fc.constantFrom("clear" as const, "lower" as const, "text" as const) }), weight: 1 },
);
const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant("status" as const), method: fc.constantFrom("spreadsheets.values.batchGet", "spreadsheets.values.batchUpdate"), status: fc.constantFrom(429 as const, 500 as const, 503 as const) }),
  fc.record({ kind: fc.constant("drop" as const), method: fc.constantFrom("spreadsheets.values.batchGet", "spreadsheets.values.batchUpdate") }),
  fc.record({ kind: fc.constant("lostAnswer" as const), call: fc.constantFrom("valuesWrite#1", "valuesWrite#2", "addRows#1") }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("staff" as const), action: staffAction }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("api" as const), pick: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record(
      {
        kind: fc.constant("run" as const),
        at: fc.array(fc.record({ boundary: fc.integer({ min: 1, max: 6 }), action: staffAction }), { maxLength: 2 }),
        fault,
        takeoverAt: fc.integer({ min: 1, max: 6 }),
      },
      { requiredKeys: ["kind", "at"] },
    ),
    weight: 3,
  },
);

/** What everyone did, per record name: the independent account the sheet and records are checked against. */
interface Account {
  name: string;
  /** Values typed by staff into this record's row, in order. */
  staff: string[];
  /** Values set through the API, in order. */
  api: string[];
  /** Staff deleted the row: the record may be archived. */
  deleted: boolean;
}

const worlds = shardWorlds(SHARDS);

let sequence = 0;

async function runSequence(world: SyncWorld, steps: Step[]): Promise<void> {
  const tag = `L${++sequence}${Math.random().toString(36).slice(2, 6)}`;
  const unitId = `unit-${tag}`;
  await world.stores.units.create(unitId, { name: `Unit ${tag}`, kind: "opd" }, testActor);
  const spreadsheetId = await newSpreadsheet(world, tag);
  await world.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { title: "Inovasi" } } }] } });
  await addTarget(world, { spreadsheetId, units: [unitId] });
  const book = await world.sheets.spreadsheets.get({ spreadsheetId, fields: "sheets.properties" });
  const tabId = book.data.sheets!.find((sheet) => sheet.properties?.title === "Inovasi")!.properties!.sheetId!;
  const accounts: Account[] = [];
  let counter = 0;
  // New IDs from the sequence itself, so a reported seed replays exactly (IDs decide sort orders).
  let issued = 0;
  const deps = { ...world.deps, newId: () => `INO-${tag.toUpperCase()}${String(++issued).padStart(4, "0")}` };
  const rowsNow = async (): Promise<CellValue[][]> => (await readTab(world, spreadsheetId)).slice(1);
  const recordsNow = async () =>
    (await world.database.db.collection("innovations").where("unitId", "==", unitId).get()).docs.map((doc) => doc.data() as { id: string; name: string; goal: string; status: string });
  const accountOfRow = (row: CellValue[]) => accounts.find((account) => account.name === row[NAME]);

  await putRows(world, spreadsheetId, [HEADER]);
  const typeNewRow = async () => {
    const name = `${tag} baris ${counter++}`;
    const rows = await rowsNow();
    const at = rows.length + 2;
    await type(world, spreadsheetId, `B${at}:E${at}`, [[name, "Digital", "Inovasi pelayanan publik", "OPD"]]);
    accounts.push({ name, staff: [], api: [], deleted: false });
  };
  await typeNewRow();
  await typeNewRow();
  await syncSpreadsheet(deps, spreadsheetId);

  const staff = async (action: StaffAction): Promise<void> => {
    const rows = await rowsNow();
    const owned = rows.map((row, index) => ({ row, index, account: accountOfRow(row) })).filter((entry) => entry.account && !entry.account.deleted);
    const pick = (n: number) => owned[n % Math.max(1, owned.length)];
    if (action.kind === "newRow") return typeNewRow();
    if (action.kind === "insertRow") {
      const at = (action.pick % (rows.length + 1)) + 1;
      await world.sheets.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: { requests: [{ insertDimension: { range: { sheetId: tabId, dimension: "ROWS", startIndex: at, endIndex: at + 1 }, inheritFromBefore: false } }] },
      });
      return;
    }
    if (action.kind === "sort") {
      await world.sheets.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: { requests: [{ sortRange: { range: { sheetId: tabId, startRowIndex: 1 }, sortSpecs: [{ dimensionIndex: action.column, sortOrder: action.descending ? "DESCENDING" : "ASCENDING" }] } }] },
      });
      return;
    }
    if (action.kind === "moveRow") {
      if (rows.length < 2) return;
      const from = (action.pick % rows.length) + 1;
      const to = (action.to % (rows.length + 1)) + 1;
      await world.sheets.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: { requests: [{ moveDimension: { source: { sheetId: tabId, dimension: "ROWS", startIndex: from, endIndex: from + 1 }, destinationIndex: to } }] },
      });
      return;
    }
    const chosen = pick("pick" in action ? action.pick : 0);
    if (!chosen) return;
    const rowNumber = chosen.index + 2;
    if (action.kind === "edit") {
      // Each value names its record: a value found on another record proves a misplaced write.
      const value = `${chosen.account!.name} staf ${counter++}`;
      await type(world, spreadsheetId, `F${rowNumber}`, [[`'${value}`]]);
      await recordSheetEdits(world.database.db, {
        eventId: randomUUID(),
        spreadsheetId,
        sheetName: "Inovasi",
        editedAt: new Date().toISOString(),
        cells: [{ rowId: String(chosen.row[0] ?? ""), header: "Tujuan", value }],
      });
      chosen.account!.staff.push(value);
    } else if (action.kind === "deleteRow") {
      await world.sheets.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: { requests: [{ deleteDimension: { range: { sheetId: tabId, dimension: "ROWS", startIndex: rowNumber - 1, endIndex: rowNumber } } }] },
      });
      chosen.account!.deleted = true;
    } else if (action.kind === "idEdit") {
      const id = String(chosen.row[0] ?? "");
      if (id === "") return;
      const typed = action.how === "clear" ? "" : action.how === "lower" ? id.toLowerCase() : "abc";
      await type(world, spreadsheetId, `A${rowNumber}`, [[typed]]);
    }
  };

  const trace = async (label: string) => {
    if (!process.env.DEBUG_LIVING) return;
    const rows = (await rowsNow()).map((row) => `${String(row[0] ?? "")}|${String(row[NAME] ?? "")}|${String(row[GOAL] ?? "")}|${String(row[6] ?? "").slice(0, 20)}`);
    const records = (await recordsNow()).map((record) => `${record.id}|${record.name}|${record.status}|${record.goal}`);
    console.log("TRACE", label, JSON.stringify(rows), JSON.stringify(records));
  };
  await trace("start");
  for (const current of steps) {
    await trace(JSON.stringify(current));
    if (current.kind === "staff") await staff(current.action);
    else if (current.kind === "api") {
      const live = (await recordsNow()).filter((record) => record.status !== "diarsipkan");
      const record = live[current.pick % Math.max(1, live.length)];
      const account = record && accounts.find((candidate) => candidate.name === record.name);
      if (!record || !account) continue;
      const value = `${account.name} api ${counter++}`;
      await world.stores.innovations.update(record.id, { goal: value }, testActor);
      account.api.push(value);
    } else {
      const hooks: Record<string, () => Promise<unknown>> = {};
      for (const { boundary, action } of current.at) {
        const key = `any#${boundary}`;
        const before = hooks[key];
        hooks[key] = async () => {
          await before?.();
          await trace(`  at ${boundary}: ${JSON.stringify(action)}`);
          await staff(action);
        };
      }
      const start = Date.now();
      if (current.takeoverAt !== undefined) {
        const key = `any#${current.takeoverAt}`;
        const before = hooks[key];
        hooks[key] = async () => {
          await before?.();
          await trace(`  takeover at ${current.takeoverAt}`);
          // The slowed run's lease has run out by the second runner's clock: it takes over.
          await syncSpreadsheet({ ...deps, now: () => new Date(start + 10 * 60_000) }, spreadsheetId, { leaseMs: 60_000 }).catch(() => undefined);
          await trace(`  after takeover`);
        };
      }
      if (current.fault?.kind === "status") world.emulator.faults.inject({ method: current.fault.method, status: current.fault.status, times: 2, nth: 1 });
      if (current.fault?.kind === "drop") world.emulator.faults.inject({ method: current.fault.method, drop: true, nth: 1 });
      const sheets = boundaryClient(world, hooks, current.fault?.kind === "lostAnswer" ? { loseAnswerOf: current.fault.call } : {});
      // A run that fails on a fault is expected here; what the sides end with is checked below.
      await syncSpreadsheet({ ...deps, sheets, now: () => new Date(start) }, spreadsheetId, { leaseMs: 60_000 }).catch(() => undefined);
      world.emulator.faults.clear();
    }
  }

  await trace("end of steps");
  // Quiet now: two runs settle everything, a third changes nothing.
  await syncSpreadsheet(deps, spreadsheetId);
  await syncSpreadsheet(deps, spreadsheetId);
  const quiet = await syncSpreadsheet(deps, spreadsheetId);
  expect(quiet.recordWrites + quiet.cellsWritten, "a quiet run changes nothing").toBe(0);

  const rows = await rowsNow();
  const records = await recordsNow();
  if (process.env.DEBUG_LIVING) console.log("DEBUG", JSON.stringify(rows), JSON.stringify(records.map((r) => [r.id, r.name, r.status, r.goal])));
  const ids = rows.map((row) => String(row[0] ?? "")).filter((id) => id !== "");
  expect(new Set(ids).size, "no duplicated row").toBe(ids.length);
  const live = records.filter((record) => record.status !== "diarsipkan");
  expect([...ids].sort(), "every live record has exactly one row").toEqual(live.map((record) => record.id).sort());
  const audit = await world.database.db.collection("audit").where("collection", "==", "innovations").get();
  const history = new Map<string, string[]>();
  for (const doc of audit.docs) {
    const id = doc.get("recordId") as string;
    for (const change of doc.get("changes") as { field: string; new: unknown }[]) {
      if (change.field === "goal" && typeof change.new === "string" && change.new !== "") history.set(id, [...(history.get(id) ?? []), change.new]);
    }
  }
  for (const account of accounts) {
    const matches = records.filter((record) => record.name === account.name);
    // A new row staff deleted before any run saw it never became a record.
    if (account.deleted && matches.length === 0) continue;
    expect(matches.length, `${account.name}: made once`).toBe(1);
    const record = matches[0]!;
    if (record.status === "diarsipkan") {
      expect(account.deleted, `${account.name}: archived only when staff deleted its row`).toBe(true);
      continue;
    }
    const row = rows.find((candidate) => candidate[0] === record.id)!;
    expect(String(row[GOAL] ?? ""), `${account.name}: the row shows the record`).toBe(record.goal ?? "");
    const seen = history.get(record.id) ?? [];
    for (const value of seen) expect(value.startsWith(`${account.name} `), `${account.name}: ${value} belongs to another record`).toBe(true);
    const lastStaff = account.staff.at(-1);
    if (lastStaff !== undefined) expect(seen, `${account.name}: the last staff edit reached the record`).toContain(lastStaff);
    for (const value of account.api) expect(seen, `${account.name}: the API change is kept`).toContain(value);
  }
}

describe("a living spreadsheet (property)", () => {
  const perShard = Math.ceil(TOTAL_RUNS / SHARDS);
  for (let shard = 0; shard < SHARDS; shard++) {
    it(`shard ${shard}: staff work at every request boundary; nothing is lost, misplaced or duplicated`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => runSequence(worlds[shard]!, steps)),
        { numRuns: perShard, seed: Number(process.env.SYNC_PROPERTY_SEED ?? 9090) + shard, path: process.env.SYNC_PROPERTY_PATH, endOnFailure: true },
      );
    }, 600_000);
  }
});
