// Runs that fail part-way: a crashed run resumed by the next one, API faults (429, 5xx, dropped
// connections) retried with backoff, retries that run out, two runs at once, and a burst of
// record changes coalesced into a handful of runs.
import { spawn, type ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { GoogleApiError } from "../../sheets/client.js";
import { initTarget } from "../../sheets/init.js";
import { STATUS } from "../../sheets/layout/labels.js";
import { syncSpreadsheet, type SyncReport } from "../../sheets/sync/run.js";
import { syncAfterChange } from "../../sheets/sync/schedule.js";
import { readRunState } from "../../sheets/sync/state.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, columnOf, newSpreadsheet, readTab, tabRows, takeCounts, type, syncWorldForEachTest } from "./support.js";

const world = syncWorldForEachTest();

async function synced(count = 2) {
  const spreadsheetId = await newSpreadsheet(world);
  const target = await addTarget(world, { spreadsheetId });
  await initTarget(world.deps, target.id);
  for (let index = 0; index < count; index++) {
    await world.stores.innovations.create(`INO-SEED${String(index).padStart(4, "0")}`, innovationFields({ name: `Inovasi ${index}` }), testActor);
  }
  await syncSpreadsheet(world.deps, spreadsheetId);
  const header = (await readTab(world, spreadsheetId))[0]!;
  takeCounts(world);
  return { spreadsheetId, header, col: (name: string) => columnOf(header, name) };
}

async function newRow(spreadsheetId: string, col: (name: string) => string, row: number, name: string) {
  await type(world, spreadsheetId, `${col("Nama Inovasi")}${row}`, [[name]]);
  await type(world, spreadsheetId, `${col("Jenis")}${row}:${col("Bentuk")}${row}`, [["Digital", "Inovasi pelayanan publik"]]);
  await type(world, spreadsheetId, `${col("Inisiator")}${row}`, [["OPD"]]);
}

describe("an interrupted run is resumed by the next one", () => {
  /**
   * Where the run's process is killed, as Sheets requests it makes: the IDs of new rows and the
   * changed cells each go in one values.batchUpdate, the record writes (Firestore) between them.
   */
  const KILL_POINTS = {
    ids: { phase: "after", write: 1 }, // the IDs are in the sheet, no record written yet
    records: { phase: "before", write: 2 }, // records written, the cells write not yet applied
    cells: { phase: "after", write: 2 }, // cells written, the run's base not yet saved
  } as const;

  /** Runs a sync in a child process and kills it (SIGKILL) at the given request boundary; resolves once it is dead. */
  async function syncKilledAt(spreadsheetId: string, at: (typeof KILL_POINTS)[keyof typeof KILL_POINTS], leaseMs: number): Promise<void> {
    const child: ChildProcess = spawn(
      process.execPath,
      ["--import", "tsx", "test/sync/syncProcess.ts", world.database.projectId, world.emulator.url, spreadsheetId, String(leaseMs)],
      { stdio: ["ignore", "pipe", "pipe"], env: process.env },
    );
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
    let writes = 0;
    const kill = async () => {
      child.kill("SIGKILL");
      await exited;
    };
    const hook = at.phase === "before" ? world.emulator.hooks.beforeApply.bind(world.emulator.hooks) : world.emulator.hooks.afterApply.bind(world.emulator.hooks);
    const off = hook("spreadsheets.values.batchUpdate", async () => {
      if (++writes !== at.write) return;
      await kill();
      // A request already sent is applied even when its sender dies; "before" means the process
      // died before sending it, so it is not applied (a throwing hook stops it, emulator hooks.ts).
      if (at.phase === "before") throw new Error("the process died before sending this request");
    });
    try {
      expect(await exited, `the run ended on its own instead of being killed:\n${output}`).toBe("SIGKILL");
    } finally {
      off();
    }
  }

  it.each(["ids", "records", "cells"] as const)("a process killed after %s: no record twice, no edit lost, then quiet", async (phase) => {
    const { spreadsheetId, col } = await synced();
    await newRow(spreadsheetId, col, 4, "Baris baru");
    await type(world, spreadsheetId, `${col("Urusan")}2`, [["kesehatan jiwa"]]);
    await world.stores.innovations.update("INO-SEED0001", { goal: "dari sistem" }, testActor);
    // The sync's clock, moved on by hand past the lease instead of waiting for it to expire.
    let ahead = 0;
    const deps = { ...world.deps, now: () => new Date(Date.now() + ahead) };
    const leaseMs = 60_000;
    await syncKilledAt(spreadsheetId, KILL_POINTS[phase], leaseMs);
    // It died where it was meant to: what reached Firestore and the sheet before the kill.
    const reached = {
      records: (await world.stores.innovations.list()).some((record) => record.name === "Baris baru"),
      cells: (await tabRows(world, spreadsheetId))[1]!.Tujuan === "dari sistem",
    };
    expect(reached).toEqual({ records: phase !== "ids", cells: phase === "cells" });
    // The killed run still holds its lease until it expires.
    expect((await syncSpreadsheet(deps, spreadsheetId)).status).toBe("busy");
    ahead = leaseMs + 1;
    const resumed = await syncSpreadsheet(deps, spreadsheetId);
    expect(resumed.status).toBe("done");
    const records = await world.stores.innovations.list();
    expect(records.filter((record) => record.name === "Baris baru")).toHaveLength(1);
    expect(records).toHaveLength(3);
    expect((await world.stores.innovations.require("INO-SEED0000")).urusan).toBe("kesehatan jiwa");
    const rows = await tabRows(world, spreadsheetId);
    expect(rows[1]!.Tujuan).toBe("dari sistem");
    expect(rows[2]!.ID).toBe(records.find((record) => record.name === "Baris baru")!.id);
    expect(rows.map((row) => String(row["Status Sinkron"]).slice(0, 1))).toEqual(["✓", "✓", "✓"]);
    takeCounts(world);
    const quiet = await syncSpreadsheet(deps, spreadsheetId);
    expect(quiet.recordWrites + quiet.cellsWritten).toBe(0);
    expect(takeCounts(world)).toEqual({ "spreadsheets.values.batchGet": 1 });
  });

  it("when retries run out the run fails with a plain Google error, keeps state consistent, and the next run finishes", async () => {
    const { spreadsheetId, col } = await synced();
    await type(world, spreadsheetId, `${col("Hasil")}3`, [["antrean turun 40%"]]);
    await world.stores.innovations.update("INO-SEED0000", { benefits: "lebih cepat" }, testActor);
    takeCounts(world);
    world.emulator.faults.inject({ method: "spreadsheets.values.batchUpdate", status: 503 });
    const failure = await syncSpreadsheet(world.deps, spreadsheetId).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GoogleApiError);
    expect((failure as Error).message).toMatch(/^Google API error - \[503 UNAVAILABLE\] .+ \(while writing changed cells in spreadsheet /);
    expect(takeCounts(world)["spreadsheets.values.batchUpdate"]).toBe(6); // every attempt of the retry budget
    // The sheet edit is already in Firestore; the lease is free again.
    expect((await world.stores.innovations.require("INO-SEED0001")).results).toBe("antrean turun 40%");
    expect((await readRunState(world.database.db, spreadsheetId)).leaseOwner).toBeNull();
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await tabRows(world, spreadsheetId))[0]!.Manfaat).toBe("lebih cepat");
    const quiet = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(quiet.recordWrites + quiet.cellsWritten).toBe(0);
  });
});

describe("API faults during a run are retried", () => {
  it.each([
    ["quota (429) on the read", { method: "spreadsheets.values.batchGet", status: 429, times: 2 }],
    ["500 on the write", { method: "spreadsheets.values.batchUpdate", status: 500, times: 1 }],
    ["503 on both", { method: "*", status: 503, times: 3 }],
    ["a dropped connection on the write (POST)", { method: "spreadsheets.values.batchUpdate", drop: true, times: 1 }],
  ])("%s", async (_name, fault) => {
    const { spreadsheetId, col } = await synced();
    await newRow(spreadsheetId, col, 4, "Saat gangguan");
    await world.stores.innovations.update("INO-SEED0000", { problem: "antrean" }, testActor);
    takeCounts(world);
    world.emulator.faults.inject(fault);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.status).toBe("done");
    expect(report.sheetsRequests).toBeGreaterThan(3); // the failed attempts are counted too
    expect((await world.stores.innovations.list()).filter((record) => record.name === "Saat gangguan")).toHaveLength(1);
    expect((await tabRows(world, spreadsheetId))[0]!.Permasalahan).toBe("antrean");
    world.emulator.faults.clear();
    const quiet = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(quiet.recordWrites + quiet.cellsWritten).toBe(0);
  });

  it("the emulator's quota mode (per-minute limit) is met with backoff until the window passes", async () => {
    const { spreadsheetId, col } = await synced();
    // A minute passes during each backoff wait (the emulator's quota clock, not a real sleep).
    let clock = Date.now();
    world.emulator.quota.enable({ perUserPerMinute: 1, perProjectPerMinute: 100, now: () => clock });
    await type(world, spreadsheetId, `${col("Urusan")}2`, [["kesehatan"]]); // uses this minute's one write
    await world.stores.innovations.update("INO-SEED0001", { goal: "naik" }, testActor);
    let waits = 0;
    const deps = { ...world.deps, retry: { baseMs: 1, maxMs: 2, onRetry: () => ((clock += 61_000), waits++) } };
    try {
      const report = await syncSpreadsheet(deps, spreadsheetId);
      expect(report.status).toBe("done");
      expect(waits).toBeGreaterThan(0);
    } finally {
      world.emulator.quota.disable();
    }
    expect((await world.stores.innovations.require("INO-SEED0000")).urusan).toBe("kesehatan");
    expect((await tabRows(world, spreadsheetId))[1]!.Tujuan).toBe("naik");
  });
});

describe("two runs at once", () => {
  it("one runs, the other stands back while the lease is held; nothing is written twice", async () => {
    const { spreadsheetId, col } = await synced();
    await newRow(spreadsheetId, col, 4, "Sekali saja");
    // The second run starts from inside the first run's first Sheets call, so the first one
    // certainly holds its lease then; the first call waits until the second run has answered.
    let second: SyncReport | undefined;
    const off = world.emulator.hooks.beforeApply("*", async () => {
      off();
      second = await syncSpreadsheet(world.deps, spreadsheetId);
    });
    const first = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(second?.status).toBe("busy");
    expect(second?.sheetsRequests).toBe(0);
    expect(first.status).toBe("done");
    // Started together, they never overlap: whichever waits finds the work done.
    const together = await Promise.all([syncSpreadsheet(world.deps, spreadsheetId), syncSpreadsheet(world.deps, spreadsheetId)]);
    expect(together.every((report) => report.recordWrites === 0)).toBe(true);
    expect((await world.stores.innovations.list()).filter((record) => record.name === "Sekali saja")).toHaveLength(1);
    const rows = await tabRows(world, spreadsheetId);
    expect(rows[2]!["Status Sinkron"]).toBe(STATUS.created);
  });
});

describe("a burst of record changes", () => {
  it("1,000 change events (duplicates among them) cost a handful of Sheets writes, and all changes arrive", async () => {
    const { spreadsheetId } = await synced(100);
    takeCounts(world);
    // The changes land first (as a form import would), then their 1,000 trigger events arrive at once.
    const changedAt: string[] = [];
    await Promise.all(
      Array.from({ length: 100 }, async (_, index) => {
        const { record } = await world.stores.innovations.update(`INO-SEED${String(index).padStart(4, "0")}`, { urusan: `urusan ${index}` }, testActor);
        changedAt[index] = record.updatedAt;
      }),
    );
    const events = Array.from({ length: 1000 }, (_, index) =>
      syncAfterChange(world.deps, spreadsheetId, changedAt[index % 100]!, { debounceMs: 200, pollMs: 50 }),
    );
    const results = (await Promise.all(events)) as { covered: boolean }[];
    expect(results.every((result) => result.covered)).toBe(true);
    const counts = takeCounts(world);
    expect(counts["spreadsheets.values.batchUpdate"] ?? 0).toBe(1);
    expect(counts["spreadsheets.values.batchGet"] ?? 0).toBeLessThanOrEqual(3);
    const rows = await tabRows(world, spreadsheetId);
    expect(rows.map((row) => row.Urusan)).toEqual(Array.from({ length: 100 }, (_, index) => `urusan ${index}`));
  });

  it("without a debounce (staff edits start at once), events arriving during a run share one run queued behind it", async () => {
    const { spreadsheetId } = await synced(20);
    takeCounts(world);
    const changes = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => (await world.stores.innovations.update(`INO-SEED${String(index).padStart(4, "0")}`, { urusan: `urusan ${index}` }, testActor)).record.updatedAt),
    );
    const first = syncAfterChange(world.deps, spreadsheetId, changes[0]!, { debounceMs: 0, pollMs: 20 });
    const rest = changes.slice(1).flatMap((at) => Array.from({ length: 10 }, () => syncAfterChange(world.deps, spreadsheetId, at, { debounceMs: 0, pollMs: 20 })));
    const results = (await Promise.all([first, ...rest])) as { covered: boolean }[];
    expect(results.every((result) => result.covered)).toBe(true);
    // At most the first run and the one queued behind it (each: its read and its check read).
    expect(takeCounts(world)["spreadsheets.values.batchGet"] ?? 0).toBeLessThanOrEqual(4);
    expect((await tabRows(world, spreadsheetId)).map((row) => row.Urusan)).toEqual(Array.from({ length: 20 }, (_, index) => `urusan ${index}`));
  });
});
