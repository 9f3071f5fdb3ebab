// reconcileAll with many spreadsheets under Google's per-minute quota (sheets/sync/schedule.ts):
// waiting spreadsheets first, one project budget so no run meets a 429, a 429 that does come
// pauses everyone and loses no run, a failing spreadsheet is named, and what the deadline cut
// off is served first next time. The Sheets emulator counts the quota on the same virtual clock
// the budget sleeps on, so minutes pass without waiting.
import { describe, expect, it } from "vitest";
import { initTarget } from "../../sheets/init.js";
import { SheetsBudget, type BudgetClock } from "../../sheets/sync/budget.js";
import { reconcileAll, reconcileOrder, ReconcileIncompleteError } from "../../sheets/sync/schedule.js";
import type { SyncDeps } from "../../sheets/sync/run.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, newSpreadsheet, syncWorldForEachTest, tabRows, type SyncWorld } from "./support.js";

const world = syncWorldForEachTest();

function virtualClock(): BudgetClock {
  let now = Date.parse("2026-11-29T01:00:00Z");
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

/** `count` spreadsheets with a target each, two innovations to show, quota on from here. */
async function spreadsheets(count: number, perMinute: number, clock: BudgetClock): Promise<{ ids: string[]; deps: SyncDeps; budget: SheetsBudget }> {
  world.emulator.quota.disable();
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const spreadsheetId = await newSpreadsheet(world as SyncWorld, `Unit ${index}`);
    await initTarget(world.deps, (await addTarget(world, { spreadsheetId, units: ["dinkes"] })).id);
    ids.push(spreadsheetId);
  }
  await world.stores.innovations.create("INO-AAAAAAA1", innovationFields({ name: "Si-Pintar" }), testActor);
  await world.stores.innovations.create("INO-BBBBBBB2", innovationFields({ name: "Posyandu Remaja" }), testActor);
  world.emulator.reset();
  world.emulator.quota.enable({ perUserPerMinute: perMinute, perProjectPerMinute: perMinute, now: clock.now });
  const deps: SyncDeps = { ...world.deps, retry: { ...world.deps.retry, sleep: clock.sleep } };
  return { ids, deps, budget: new SheetsBudget(world.database.db, { perMinute, clock }) };
}

const statuses = () => world.emulator.requestLog.map((entry) => entry.status);
const rowIds = async (spreadsheetId: string) => (await tabRows(world, spreadsheetId)).map((row) => row.ID).sort();

describe("reconcileOrder", () => {
  const at = (minute: number) => `2026-11-29T01:${String(minute).padStart(2, "0")}:00.000Z`;
  it.each([
    ["a notice newer than the last run comes before any other", [{ spreadsheetId: "a", coveredUntil: at(1), requestedAt: null }, { spreadsheetId: "b", coveredUntil: at(5), requestedAt: at(6) }], ["b", "a"]],
    ["never synced comes first too", [{ spreadsheetId: "a", coveredUntil: at(1), requestedAt: null }, { spreadsheetId: "b", coveredUntil: null, requestedAt: null }], ["b", "a"]],
    ["a notice already covered waits like the rest", [{ spreadsheetId: "a", coveredUntil: at(1), requestedAt: null }, { spreadsheetId: "b", coveredUntil: at(5), requestedAt: at(4) }], ["a", "b"]],
    ["then the longest unsynced", [{ spreadsheetId: "a", coveredUntil: at(9), requestedAt: null }, { spreadsheetId: "b", coveredUntil: at(2), requestedAt: null }, { spreadsheetId: "c", coveredUntil: at(5), requestedAt: null }], ["b", "c", "a"]],
  ])("%s", (_name, entries, order) => {
    expect(reconcileOrder(entries)).toEqual(order);
  });
});

describe("reconcileAll under the per-minute quota", () => {
  it("every spreadsheet gets every record, no request meets a 429, and the work spreads over minutes", async () => {
    const clock = virtualClock();
    const started = clock.now();
    const { ids, deps, budget } = await spreadsheets(6, 20, clock);
    await reconcileAll(deps, { budget, clock, concurrency: 3 });
    for (const spreadsheetId of ids) expect(await rowIds(spreadsheetId)).toEqual(["INO-AAAAAAA1", "INO-BBBBBBB2"]);
    expect(statuses()).not.toContain(429);
    // More requests than one minute's quota went out, so the budget made them wait.
    expect(statuses().length).toBeGreaterThan(20);
    expect(clock.now() - started).toBeGreaterThanOrEqual(60_000);
  });

  it("without the budget the same work meets 429s (the quota is real in the emulator)", async () => {
    const clock = virtualClock();
    const { deps } = await spreadsheets(6, 8, clock);
    await reconcileAll({ ...deps, retry: { ...deps.retry, attempts: 1 } }, { clock, concurrency: 3 }).catch(() => undefined);
    expect(statuses()).toContain(429);
  });

  it("a 429 pauses every run and loses none: the failed run goes back in the queue", async () => {
    const clock = virtualClock();
    const started = clock.now();
    const { ids, deps, budget } = await spreadsheets(4, 300, clock);
    world.emulator.faults.inject({ method: "spreadsheets.values.batchGet", status: 429, times: 2 });
    await reconcileAll({ ...deps, retry: { ...deps.retry, attempts: 1 } }, { budget, clock, concurrency: 2 });
    expect(statuses().filter((status) => status === 429)).toHaveLength(2);
    for (const spreadsheetId of ids) expect(await rowIds(spreadsheetId)).toEqual(["INO-AAAAAAA1", "INO-BBBBBBB2"]);
    // Everyone waited out Google's minute after the 429.
    expect(clock.now() - started).toBeGreaterThanOrEqual(60_000);
  });

  it("a spreadsheet whose runs keep failing is named in the error, and the others are synced", async () => {
    const clock = virtualClock();
    const { ids, deps, budget } = await spreadsheets(2, 300, clock);
    await addTarget(world, { spreadsheetId: "spreadsheet-yang-dihapus", units: ["dinkes"] });
    const error = await reconcileAll(deps, { budget, clock }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReconcileIncompleteError);
    expect((error as ReconcileIncompleteError).failed.map((item) => item.spreadsheetId)).toEqual(["spreadsheet-yang-dihapus"]);
    expect((error as ReconcileIncompleteError).reports.map((report) => report.spreadsheetId).sort()).toEqual([...ids].sort());
    for (const spreadsheetId of ids) expect(await rowIds(spreadsheetId)).toEqual(["INO-AAAAAAA1", "INO-BBBBBBB2"]);
  });

  it("what the deadline cut off is served first by the next call", async () => {
    const clock = virtualClock();
    const { ids, deps, budget } = await spreadsheets(5, 20, clock);
    const first = await reconcileAll(deps, { budget, clock, concurrency: 1, deadlineMs: 30_000, maxPasses: 1 });
    const reached = new Set(first.map((report) => report.spreadsheetId));
    const left = ids.filter((id) => !reached.has(id));
    expect(left.length).toBeGreaterThan(0);
    const second = await reconcileAll(deps, { budget, clock, concurrency: 1, maxPasses: 1 });
    expect(second.slice(0, left.length).map((report) => report.spreadsheetId).sort()).toEqual([...left].sort());
    for (const spreadsheetId of ids) expect(await rowIds(spreadsheetId)).toEqual(["INO-AAAAAAA1", "INO-BBBBBBB2"]);
  });
});
