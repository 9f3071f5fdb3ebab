// A run at the size of a whole city's records: a tab with only its header (a new unit's
// spreadsheet, or a tab restored empty) must get 50,000 rows in one run. A spread of that many
// arguments (`Math.max(...cells)`) once threw RangeError after the records were written and
// before any cell was, and every retry failed the same way. Not timed: the bench measures speed.
import { describe, expect, it } from "vitest";
import { initTarget } from "../../sheets/init.js";
import { STATUS } from "../../sheets/layout/labels.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { COLLECTIONS } from "../../src/store/db.js";
import { innovationFields } from "../support/fixtures.js";
import { addTarget, newSpreadsheet, readTab, takeCounts, syncWorldForEachTest } from "./support.js";

const world = syncWorldForEachTest();
const ROWS = 50_000;
const id = (index: number) => `INO-S${String(index).padStart(9, "0")}`;

/** The records as an import would leave them (seeding, not a sync: written in one BulkWriter). */
async function seedRecords(count: number): Promise<void> {
  const db = world.database.db;
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const writer = db.bulkWriter({ throttling: false });
  const writes = Array.from({ length: count }, (_, index) =>
    writer.set(db.collection(COLLECTIONS.innovations).doc(id(index)), {
      ...innovationFields({ name: `Inovasi ${index}`, problem: `Masalah ${index}` }),
      id: id(index),
      initiatorName: "",
      team: [],
      stageHistory: [{ stage: "drum_up", start: "2026-01-05", finish: null, output: "", note: "" }],
      tahapan: "inisiatif",
      tahapanOverride: null,
      goal: "",
      benefits: "",
      results: "",
      design: "",
      actionPlan: [],
      trialDate: null,
      inUseDate: null,
      evidenceLinks: [],
      budget: null,
      regulation: "",
      proposerEmail: null,
      status: "aktif",
      statusBeforeArchive: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
      updatedBy: "test",
      source: "seed",
    }),
  );
  const settled = Promise.allSettled(writes);
  await writer.close();
  expect((await settled).filter((outcome) => outcome.status === "rejected")).toEqual([]);
}

describe("a run that adds tens of thousands of rows", () => {
  it(
    "adds 50,000 rows in one run, every record once, and the next run adds none",
    async () => {
      const spreadsheetId = await newSpreadsheet(world);
      const target = await addTarget(world, { spreadsheetId });
      await initTarget(world.deps, target.id);
      await seedRecords(ROWS);
      takeCounts(world);

      const first = await syncSpreadsheet(world.deps, spreadsheetId, { leaseMs: 30 * 60_000 });
      expect(first.status).toBe("done");
      expect(first.targets[0]!.appended).toBe(ROWS);
      // The read, the check before adding, and one batchUpdate per 10,000 rows that inserts them with their values and dropdowns: not one request per row.
      // Under load the in-process emulator's answer to a big batch was seen lost after it applied
      // it: the run then reads once more and adds nothing twice (a sixth batchUpdate would fail here).
      const counts = takeCounts(world);
      expect(Object.keys(counts).sort()).toEqual(["spreadsheets.batchUpdate", "spreadsheets.values.batchGet"]);
      expect(counts["spreadsheets.batchUpdate"]).toBe(ROWS / 10_000);
      expect(counts["spreadsheets.values.batchGet"]).toBeGreaterThanOrEqual(2);
      expect(counts["spreadsheets.values.batchGet"]).toBeLessThanOrEqual(3);
      const [header, ...rows] = await readTab(world, spreadsheetId);
      expect(rows).toHaveLength(ROWS);
      const idColumn = header!.indexOf("ID");
      const ids = new Set(rows.map((row) => row[idColumn]));
      expect(ids.size).toBe(ROWS);
      expect(ids.has(id(0)) && ids.has(id(ROWS - 1))).toBe(true);
      expect(rows.every((row) => row[header!.indexOf("Status Sinkron")] === STATUS.ok)).toBe(true);

      const second = await syncSpreadsheet(world.deps, spreadsheetId, { leaseMs: 30 * 60_000 });
      expect(second).toMatchObject({ status: "done", cellsWritten: 0, recordWrites: 0 });
      expect(second.targets[0]!.appended).toBe(0);
      expect((await readTab(world, spreadsheetId)).length).toBe(ROWS + 1);
    },
    10 * 60_000,
  );
});
