// The record side of a run at more than one transaction's worth of rows: records are written
// several to a transaction (sheets/sync/records.ts), and one record refused there (changed by
// someone since the run read it) must not refuse the others that share its transaction.
import { describe, expect, it } from "vitest";
import { initTarget } from "../../sheets/init.js";
import { STATUS } from "../../sheets/layout/labels.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { COLLECTIONS } from "../../src/store/db.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, columnOf, newSpreadsheet, readTab, tabRows, type, syncWorldForEachTest } from "./support.js";

const world = syncWorldForEachTest();

/** More rows than one transaction takes (25), so the run's writes span several. */
const ROWS = 60;
const idOf = (index: number) => `INO-MANY${String(index).padStart(5, "0")}`;

async function auditVersions(recordId: string): Promise<number[]> {
  const snapshot = await world.database.db.collection(COLLECTIONS.audit).where("recordId", "==", recordId).get();
  return snapshot.docs.map((doc) => doc.get("version") as number).sort((a, b) => a - b);
}

describe("record writes of a run, several to a transaction", () => {
  it("every edited record is written once; one changed meanwhile waits for the next run, the others in its transaction are written", async () => {
    const spreadsheetId = await newSpreadsheet(world);
    const target = await addTarget(world, { spreadsheetId });
    await initTarget(world.deps, target.id);
    await Promise.all(Array.from({ length: ROWS }, (_, index) => world.stores.innovations.create(idOf(index), innovationFields({ name: `Inovasi ${index}` }), testActor)));
    expect((await syncSpreadsheet(world.deps, spreadsheetId)).targets[0]!.appended).toBe(ROWS);
    const header = (await readTab(world, spreadsheetId))[0]!;
    const col = (name: string) => columnOf(header, name);

    // Staff change Urusan on every row, and type a new row (its ID is written before the records).
    await type(world, spreadsheetId, `${col("Urusan")}2:${col("Urusan")}${ROWS + 1}`, Array.from({ length: ROWS }, (_, index) => [`urusan staf ${index}`]));
    const newRow = ROWS + 2;
    await type(world, spreadsheetId, `${col("Nama Inovasi")}${newRow}`, [["Inovasi baru"]]);
    await type(world, spreadsheetId, `${col("Jenis")}${newRow}:${col("Bentuk")}${newRow}`, [["Digital", "Inovasi pelayanan publik"]]);
    await type(world, spreadsheetId, `${col("Inisiator")}${newRow}`, [["OPD"]]);

    // Someone changes one record (in the middle of a transaction's share) between the run's read
    // of the records and its record writes: while the run writes the new row's ID.
    const changed = idOf(37);
    const off = world.emulator.hooks.beforeApply("spreadsheets.values.batchUpdate", async () => {
      off();
      await world.stores.innovations.update(changed, { goal: "diubah dari sistem" }, testActor);
    });
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.status).toBe("done");
    expect(report.targets[0]).toMatchObject({ created: 1, retryLater: 1, updated: ROWS - 1 });
    expect(report.recordWrites).toBe(ROWS); // 59 updates and the new row

    const records = new Map((await world.stores.innovations.list()).map((record) => [record.id, record]));
    for (let index = 0; index < ROWS; index++) {
      const record = records.get(idOf(index))!;
      if (record.id === changed) {
        expect(record).toMatchObject({ urusan: "kesehatan", goal: "diubah dari sistem", version: 2, source: "api" });
        continue;
      }
      expect(record).toMatchObject({ urusan: `urusan staf ${index}`, version: 2, source: "sheet" });
    }
    // Written once each: one audit entry per version, none twice.
    for (const id of [idOf(0), idOf(24), idOf(25), idOf(59)]) expect(await auditVersions(id)).toEqual([1, 2]);
    expect([...records.values()].filter((record) => record.name === "Inovasi baru")).toHaveLength(1);
    expect((await tabRows(world, spreadsheetId))[37]!["Status Sinkron"]).toBe(STATUS.retryLater);

    // The next run merges the waiting row: the sheet's edit and the record's own change both stay.
    const next = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(next.recordWrites).toBe(1);
    expect(await world.stores.innovations.require(changed)).toMatchObject({ urusan: "urusan staf 37", goal: "diubah dari sistem", version: 3 });
    expect((await tabRows(world, spreadsheetId))[37]!["Status Sinkron"]).toBe(STATUS.ok);
  });
});
