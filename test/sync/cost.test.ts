// What a run costs: Sheets requests do not grow with rows or changes, metadata is read only to
// add rows, and Firestore reads follow the records changed since the last run, not all records.
// Also a programs tab, whose dates and numbers must round-trip as well.
import { describe, expect, it } from "vitest";
import { initTarget } from "../../sheets/init.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, columnOf, syncedProgramSheet, newSpreadsheet, readTab, tabRows, takeCounts, type, syncWorldForEachTest } from "./support.js";

const world = syncWorldForEachTest();

describe("cost of a run", () => {
  it("Sheets requests stay constant and Firestore reads follow the changes", async () => {
    const spreadsheetId = await newSpreadsheet(world);
    const target = await addTarget(world, { spreadsheetId });
    await initTarget(world.deps, target.id);
    const records = 150;
    await Promise.all(
      Array.from({ length: records }, (_, index) =>
        world.stores.innovations.create(`INO-C${String(index).padStart(7, "0")}`, innovationFields({ name: `Inovasi ${index}` }), testActor, {
          now: new Date(Date.now() - 3_600_000),
        }),
      ),
    );
    takeCounts(world);
    const first = await syncSpreadsheet(world.deps, spreadsheetId);
    // First run: every record read, all rows added after a check read in one batchUpdate (rows
    // inserted, values written, dropdowns copied onto them).
    expect(first.firestore.reads).toBeGreaterThan(records);
    expect(takeCounts(world)).toEqual({ "spreadsheets.values.batchGet": 2, "spreadsheets.batchUpdate": 1 });

    const header = (await readTab(world, spreadsheetId))[0]!;
    const edits = Array.from({ length: 40 }, (_, index) => [`${columnOf(header, "Urusan")}${index * 3 + 2}`, `urusan ${index}`] as const);
    await world.sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: { valueInputOption: "USER_ENTERED", data: edits.map(([range, value]) => ({ range: `'Inovasi'!${range}`, values: [[value]] })) },
    });
    for (let index = 0; index < 5; index++) await world.stores.innovations.update(`INO-C${String(index * 3 + 1).padStart(7, "0")}`, { goal: "baru" }, testActor);
    // No margin for slow commits here (one process, one clock), so the reads show only the changes.
    const exact = { cursorMarginMs: 0 };
    await syncSpreadsheet(world.deps, spreadsheetId, exact);
    await syncSpreadsheet(world.deps, spreadsheetId, exact); // reads back the previous run's own writes once
    takeCounts(world);

    for (let index = 0; index < 3; index++) await world.stores.innovations.update(`INO-C${String(index * 5 + 2).padStart(7, "0")}`, { goal: "lagi" }, testActor);
    const small = await syncSpreadsheet(world.deps, spreadsheetId, exact);
    // The read, the check right before writing, and the write (which echoes each row): 3 requests.
    expect(takeCounts(world)).toEqual({ "spreadsheets.values.batchGet": 2, "spreadsheets.values.batchUpdate": 1 });
    // 3 changed records, the run's lease, targets, units and one base bucket: far below 150.
    expect(small.firestore.reads).toBeLessThan(30);
    expect(small.cellsWritten).toBe(3);
    expect((await tabRows(world, spreadsheetId)).filter((row) => row.Tujuan === "lagi")).toHaveLength(3);
  });
});

describe("a programs tab", () => {
  it("syncs dates, numbers and the end-after-start rule", async () => {
    const { spreadsheetId, header } = await syncedProgramSheet(world);
    let row = (await tabRows(world, spreadsheetId, "Program"))[0]!;
    expect(row).toMatchObject({ "Tanggal Mulai": 46055, "Tanggal Selesai": 46059, "Jumlah Peserta": 30, "Ruang Lingkup": "Kajian kebijakan" });

    await type(world, spreadsheetId, `${columnOf(header, "Tanggal Selesai")}2`, [["01/02/2026"]], "Program");
    await type(world, spreadsheetId, `${columnOf(header, "Jumlah Peserta")}2`, [["45"]], "Program");
    await syncSpreadsheet(world.deps, spreadsheetId);
    const stored = await world.stores.programs.require("PRG-AAAAAAA1");
    expect(stored).toMatchObject({ participants: 45, endDate: "2026-02-06" });
    row = (await tabRows(world, spreadsheetId, "Program"))[0]!;
    expect(row["Status Sinkron"]).toMatch(/kolom "Tanggal Mulai" dan "Tanggal Selesai": Tanggal Mulai \(2 Februari 2026\) sesudah Tanggal Selesai \(.*\); perbaiki salah satunya\./);

    await type(world, spreadsheetId, `${columnOf(header, "Tanggal Selesai")}2`, [["2026-02-09"]], "Program");
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.programs.require("PRG-AAAAAAA1")).endDate).toBe("2026-02-09");
    expect((await syncSpreadsheet(world.deps, spreadsheetId)).cellsWritten).toBe(0);
  });
});
