// A sync world for tests: the local Sheets API emulator through the real googleapis client,
// a Firestore emulator database of its own, units, targets, and helpers that act like staff.
import { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";
import type { CellValue } from "../../sheets/layout/cells.js";
import { columnLetter, quoteTab } from "../../sheets/layout/columns.js";
import { initTarget } from "../../sheets/init.js";
import { syncSpreadsheet, type SyncDeps } from "../../sheets/sync/run.js";
import { SheetTargetStore, type SheetTarget } from "../../sheets/targets/store.js";
import { stores, type Stores } from "../../src/store/kinds.js";
import { testDatabase, type TestDatabase } from "../support/firestore.js";
import { testActor } from "../support/fixtures.js";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface SyncWorld {
  emulator: SheetsEmulator;
  sheets: sheets_v4.Sheets;
  database: TestDatabase;
  stores: Stores;
  deps: SyncDeps;
  targets: SheetTargetStore;
  stop(): Promise<void>;
}

export async function startSyncWorld(): Promise<SyncWorld> {
  const emulator = await startSheetsEmulator();
  const sheets = new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "test-api-key", retry: false });
  const database = testDatabase();
  return {
    emulator,
    sheets,
    database,
    stores: stores(database.db),
    deps: { db: database.db, sheets, log: quiet, retry: { baseMs: 1, maxMs: 5 } },
    targets: new SheetTargetStore(database.db),
    async stop() {
      await emulator.stop();
      await database.db.terminate();
    },
  };
}

/** One world per test file, emptied and given its two units before each test. */
export function syncWorldForEachTest(): SyncWorld {
  const world = {} as SyncWorld;
  beforeAll(async () => {
    Object.assign(world, await startSyncWorld());
  });
  afterAll(() => world.stop());
  beforeEach(async () => {
    await world.database.clear();
    world.emulator.wipe();
    await seedUnits(world);
  });
  return world;
}

/** A world per property-test shard, so that faults injected by one shard never reach another. */
export function shardWorlds(shards: number): SyncWorld[] {
  const worlds: SyncWorld[] = [];
  beforeAll(async () => {
    for (let shard = 0; shard < shards; shard++) worlds.push(await startSyncWorld());
  });
  afterAll(async () => {
    for (const world of worlds) await world.stop();
  });
  return worlds;
}

export async function seedUnits(world: SyncWorld): Promise<void> {
  await world.stores.units.create("dinkes", { name: "Dinas Kesehatan P2KB", kind: "opd" }, testActor);
  await world.stores.units.create("dispenduk", { name: "Dinas Kependudukan dan Pencatatan Sipil", kind: "opd" }, testActor);
}

export async function newSpreadsheet(world: SyncWorld, title = "Inovasi"): Promise<string> {
  // The OPD spreadsheets are Indonesian (File > Settings > Locale: Indonesia), as the demo ones.
  const response = await world.sheets.spreadsheets.create({ requestBody: { properties: { title, locale: "id_ID", timeZone: "Asia/Jakarta" } } });
  return response.data.spreadsheetId!;
}

export async function addTarget(world: SyncWorld, fields: { spreadsheetId: string; tab?: string; kind?: "innovations" | "programs" | "iidEvidence"; units?: "all" | string[] }): Promise<SheetTarget> {
  return world.targets.add({ tab: "Inovasi", kind: "innovations", units: ["dinkes"], ...fields });
}

/** A tab as the sync reads it. */
export async function readTab(world: SyncWorld, spreadsheetId: string, tab = "Inovasi", render: "UNFORMATTED_VALUE" | "FORMULA" = "UNFORMATTED_VALUE"): Promise<CellValue[][]> {
  const response = await world.sheets.spreadsheets.values.get({ spreadsheetId, range: quoteTab(tab), valueRenderOption: render });
  return (response.data.values as CellValue[][] | undefined) ?? [];
}

/** Rows as objects keyed by header (the header row itself left out). */
export async function tabRows(world: SyncWorld, spreadsheetId: string, tab = "Inovasi"): Promise<Record<string, CellValue>[]> {
  const [header = [], ...rows] = await readTab(world, spreadsheetId, tab);
  return rows.map((row) => Object.fromEntries(header.map((name, index) => [String(name), row[index] ?? ""])));
}

/** Staff typing into cells: USER_ENTERED, as the Sheets UI parses input. */
export async function type(world: SyncWorld, spreadsheetId: string, range: string, values: CellValue[][], tab = "Inovasi"): Promise<void> {
  await world.sheets.spreadsheets.values.update({
    spreadsheetId,
    range: `${quoteTab(tab)}!${range}`,
    valueInputOption: "USER_ENTERED",
    requestBody: { values: values.map((row) => row.map((cell) => cell ?? "")) },
  });
}

/** Writes a whole tab at once (RAW), e.g. a header row staff made themselves. */
export async function putRows(world: SyncWorld, spreadsheetId: string, values: CellValue[][], tab = "Inovasi"): Promise<void> {
  await world.sheets.spreadsheets.values.update({
    spreadsheetId,
    range: `${quoteTab(tab)}!A1`,
    valueInputOption: "RAW",
    requestBody: { values: values.map((row) => row.map((cell) => cell ?? "")) },
  });
}

export async function clearTab(world: SyncWorld, spreadsheetId: string, tab = "Inovasi"): Promise<void> {
  await world.sheets.spreadsheets.values.clear({ spreadsheetId, range: quoteTab(tab) });
}

/** Sheets API calls made since the last reset, by method, and the reset. */
export function takeCounts(world: SyncWorld): Record<string, number> {
  const counts = { ...world.emulator.counters };
  world.emulator.reset();
  return counts;
}

export function columnOf(header: CellValue[], name: string): string {
  const index = header.findIndex((cell) => cell === name);
  if (index < 0) throw new Error(`no column ${name}`);
  return columnLetter(index);
}

/** A Sheets request as the run makes it, named for boundaries: "batchGet", "valuesWrite", "addRows" (the batch that inserts new rows), "batchUpdate", "get". */
function callName(url: string, method: string, body: unknown): string {
  if (url.includes("/values:batchGet")) return "batchGet";
  if (url.includes("/values:batchUpdate")) return "valuesWrite";
  if (url.includes(":batchUpdate") && typeof body === "string" && body.includes('"insertDimension"')) return "addRows";
  if (url.includes(":batchUpdate")) return "batchUpdate";
  return method === "GET" ? "get" : "other";
}

/**
 * A client for the run under test whose requests pass request boundaries where staff act:
 * `"valuesWrite#1"` runs before the run's first values write reaches the server, and
 * `"after:batchGet#1"` after the first read was answered; `"any#3"` before the third request of any kind. `loseAnswerOf` lets the server apply
 * that request and then fails it as a client time-out: the answer lost on the way back (a fake
 * on the client side, as no server can make the network lose an answer).
 * Staff actions go through `world.sheets`, which passes no boundary.
 */
export function boundaryClient(
  world: SyncWorld,
  hooks: Record<string, () => Promise<unknown>>,
  options: { loseAnswerOf?: string } = {},
): sheets_v4.Sheets {
  const seen: Record<string, number> = {};
  const fetchImplementation = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const name = callName(String(url), init?.method ?? "GET", init?.body);
    seen[name] = (seen[name] ?? 0) + 1;
    const key = `${name}#${seen[name]}`;
    seen.any = (seen.any ?? 0) + 1;
    await hooks[`any#${seen.any}`]?.();
    await hooks[key]?.();
    const response = await fetch(url, init);
    await hooks[`after:${key}`]?.();
    if (options.loseAnswerOf === key) throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
    return response;
  };
  return new sheets_v4.Sheets({ rootUrl: `${world.emulator.url}/`, auth: "test-api-key", retry: false, fetchImplementation } as sheets_v4.Options);
}

/** A "Program" tab (all units) with one synced activity, 2–6 February 2026, 30 participants. */
export async function syncedProgramSheet(world: SyncWorld): Promise<{ spreadsheetId: string; header: CellValue[] }> {
  const spreadsheetId = await newSpreadsheet(world);
  const target = await addTarget(world, { spreadsheetId, tab: "Program", kind: "programs", units: "all" });
  await initTarget(world.deps, target.id);
  await world.stores.programs.create(
    "PRG-AAAAAAA1",
    { name: "Pelatihan analis kebijakan", area: "kajian_kebijakan", unitId: "dinkes", startDate: "2026-02-02", endDate: "2026-02-06", participants: 30 },
    testActor,
  );
  await syncSpreadsheet(world.deps, spreadsheetId);
  return { spreadsheetId, header: (await readTab(world, spreadsheetId, "Program"))[0]! };
}
