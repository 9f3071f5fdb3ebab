// Runs in one process share its memory (sheets/sync/memoryShare.ts): a function instance serves
// many events at once, and its heap fits one 50,000-row tab. How it breaks: two large
// spreadsheets' runs start in the same instance at once (two OPDs edit at the same moment, or the
// scheduled reconcile runs several side by side); a run that never gives its rows back; a small
// run that slips past a large one waiting forever.
import { describe, expect, it, vi } from "vitest";
import { initTarget } from "../../sheets/init.js";
import { RowAllowance, UNKNOWN_ROWS, rowsForHeap } from "../../sheets/sync/memoryShare.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { SYNC_RUNS } from "../../sheets/sync/state.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, newSpreadsheet, syncWorldForEachTest } from "./support.js";

/** Which of the given promises have settled, after every job queued so far has run. */
async function settled(promises: Promise<unknown>[]): Promise<boolean[]> {
  const done = promises.map(() => false);
  promises.forEach((promise, index) => void promise.then(() => (done[index] = true)));
  await new Promise<void>((resolve) => setImmediate(resolve));
  return done;
}

describe("RowAllowance", () => {
  it("a run alone goes whatever its size; runs that fit go together; one that does not waits for rows given back", async () => {
    const allowance = new RowAllowance(100);
    const huge = await allowance.take(500);
    expect(allowance.inUse).toBe(500);
    const small = allowance.take(10);
    expect(await settled([small])).toEqual([false]);
    huge();
    const giveSmall = await small;
    const fits = await allowance.take(90);
    expect(allowance.inUse).toBe(100);
    const waits = allowance.take(1);
    expect(await settled([waits])).toEqual([false]);
    giveSmall();
    await waits;
    fits();
    expect(allowance.inUse).toBe(1);
  });

  it("runs wait in arrival order: a small run does not pass a large one waiting before it", async () => {
    const allowance = new RowAllowance(100);
    const first = await allowance.take(60);
    const large = allowance.take(80);
    const small = allowance.take(10);
    expect(await settled([large, small])).toEqual([false, false]);
    first();
    const giveLarge = await large;
    await small;
    expect(allowance.inUse).toBe(90);
    giveLarge();
  });

  it("giving back twice gives back once", async () => {
    const allowance = new RowAllowance(100);
    const give = await allowance.take(60);
    const other = await allowance.take(40);
    give();
    give();
    expect(allowance.inUse).toBe(40);
    other();
    expect(allowance.inUse).toBe(0);
  });

  it("the process's share follows its heap limit: a 134 MB heap (deploy's 128 MB old space and 3 x 2 MB semi-spaces) holds one 50,000-row tab, not two", () => {
    const rows = rowsForHeap(134 * 1024 * 1024);
    expect(rows).toBeGreaterThan(50_000);
    expect(rows).toBeLessThan(100_000);
    expect(rowsForHeap(8 * 1024 * 1024)).toBe(UNKNOWN_ROWS);
  });
});

const world = syncWorldForEachTest();

describe("runs of one process share its rows", () => {
  it("a spreadsheet's run waits while another's holds the process's rows, then runs; each run notes its rows for the next", async () => {
    const sheets = [await newSpreadsheet(world), await newSpreadsheet(world)];
    for (const spreadsheetId of sheets) await initTarget(world.deps, (await addTarget(world, { spreadsheetId })).id);
    await Promise.all(Array.from({ length: 12 }, (_, index) => world.stores.innovations.create(`INO-SHARE${String(index).padStart(4, "0")}`, innovationFields({ name: `Inovasi ${index}` }), testActor)));
    // One run alone first: each spreadsheet's run notes the rows it had (12 added).
    for (const spreadsheetId of sheets) expect((await syncSpreadsheet(world.deps, spreadsheetId)).status).toBe("done");
    for (const spreadsheetId of sheets) expect((await world.database.db.collection(SYNC_RUNS).doc(spreadsheetId).get()).get("rows")).toBe(12);

    // An instance whose rows fit one of them: the second run waits for the first.
    const allowance = new RowAllowance(20);
    const deps = { ...world.deps, rows: allowance };
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const requests: string[] = [];
    const off = world.emulator.hooks.beforeApply("*", async (call) => {
      requests.push(call.spreadsheetId ?? "");
      if (call.spreadsheetId === sheets[0]) await held;
    });
    try {
      const first = syncSpreadsheet(deps, sheets[0]!);
      await vi.waitFor(() => expect(requests).toContain(sheets[0]));
      const second = syncSpreadsheet(deps, sheets[1]!);
      await vi.waitFor(() => expect(allowance.inUse).toBe(12));
      expect(await settled([second])).toEqual([false]);
      expect(requests).not.toContain(sheets[1]);
      release();
      expect((await first).status).toBe("done");
      expect((await second).status).toBe("done");
      expect(requests).toContain(sheets[1]);
      expect(allowance.inUse).toBe(0);
    } finally {
      release();
      off();
    }
  });
});
