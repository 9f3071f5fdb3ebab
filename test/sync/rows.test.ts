// Rows that come and go: new rows become records with their ID written back, deleted rows
// archive their record (restorable), copied rows with a duplicate ID are told, and a record
// shown in its OPD's spreadsheet and the city-wide one carries an edit from either to the other.
import { describe, expect, it } from "vitest";
import { initTarget } from "../../sheets/init.js";
import { STATUS } from "../../sheets/layout/labels.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { reconcileAll } from "../../sheets/sync/schedule.js";
import { targetsForRecord } from "../../sheets/targets/store.js";
import { COLLECTIONS } from "../../src/store/db.js";
import type { AuditEntry } from "../../src/model/schemas.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, columnOf, newSpreadsheet, readTab, tabRows, takeCounts, type, syncWorldForEachTest } from "./support.js";

const world = syncWorldForEachTest();

async function sheetWithTwo(units: "all" | string[] = ["dinkes"]) {
  const spreadsheetId = await newSpreadsheet(world);
  const target = await addTarget(world, { spreadsheetId, units });
  await initTarget(world.deps, target.id);
  await world.stores.innovations.create("INO-AAAAAAA1", innovationFields({ name: "Si-Pintar" }), testActor);
  await world.stores.innovations.create("INO-BBBBBBB2", innovationFields({ name: "Posyandu Remaja" }), testActor);
  await syncSpreadsheet(world.deps, spreadsheetId);
  const header = (await readTab(world, spreadsheetId))[0]!;
  takeCounts(world);
  return { spreadsheetId, target, header, col: (name: string) => columnOf(header, name) };
}

describe("new rows", () => {
  it("become records with their ID written back; the next run creates nothing more", async () => {
    const { spreadsheetId, col } = await sheetWithTwo();
    await type(world, spreadsheetId, `${col("Nama Inovasi")}4:${col("Bentuk")}4`, [["Kampung KB Digital", "", "", "", "Digital", "Inovasi pelayanan publik"]]);
    await type(world, spreadsheetId, `${col("Inisiator")}4`, [["ASN"]]);
    await type(world, spreadsheetId, `${col("Nama Inovasi")}5`, [["Baris setengah jadi"]]);
    takeCounts(world);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.targets[0]!.created).toBe(1);
    // IDs first, then the rest: two value writes when new rows appear, each checked right before.
    expect(takeCounts(world)).toEqual({ "spreadsheets.values.batchGet": 3, "spreadsheets.values.batchUpdate": 2 });
    const rows = await tabRows(world, spreadsheetId);
    const id = String(rows[2]!.ID);
    expect(id).toMatch(/^INO-[A-Z0-9]{10}$/);
    expect(rows[2]).toMatchObject({ Unit: "Dinas Kesehatan P2KB", Tahap: "Drum-up", Tahapan: "Inisiatif", Status: "Aktif", "Status Sinkron": STATUS.created });
    expect(await world.stores.innovations.require(id)).toMatchObject({ name: "Kampung KB Digital", initiator: "asn", unitId: "dinkes", source: "sheet", version: 1 });
    // The half-made row gets no ID, only a message of what it lacks.
    expect(rows[3]!.ID).toBe("");
    expect(rows[3]!["Status Sinkron"]).toMatch(/⚠ Perlu diperbaiki: kolom "Jenis", "Bentuk" dan "Inisiator": wajib diisi\. Baris ini belum disimpan sebagai data baru\./);

    const again = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(again.recordWrites).toBe(0);
    expect(again.cellsWritten).toBe(0);
    expect((await world.stores.innovations.list()).length).toBe(3);
  });
});

describe("deleted rows", () => {
  it("archive their record with an audit entry; restoring brings the row back", async () => {
    const { spreadsheetId, target } = await sheetWithTwo();
    const sheetId = (await world.sheets.spreadsheets.get({ spreadsheetId })).data.sheets!.find((sheet) => sheet.properties?.title === target.tab)!.properties!.sheetId!;
    await world.sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ deleteDimension: { range: { sheetId, dimension: "ROWS", startIndex: 1, endIndex: 2 } } }] },
    });
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.targets[0]!.archived).toBe(1);
    const archived = await world.stores.innovations.require("INO-AAAAAAA1");
    expect(archived).toMatchObject({ status: "diarsipkan", statusBeforeArchive: "aktif" });
    const audit = await world.database.db.collection(COLLECTIONS.audit).where("recordId", "==", "INO-AAAAAAA1").get();
    expect(audit.docs.map((doc) => doc.data() as AuditEntry).find((entry) => entry.action === "archive")).toMatchObject({ source: "sheet", note: "Baris dihapus dari spreadsheet" });
    expect((await tabRows(world, spreadsheetId)).map((row) => row.ID)).toEqual(["INO-BBBBBBB2"]);

    await world.stores.innovations.restore("INO-AAAAAAA1", testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const rows = await tabRows(world, spreadsheetId);
    expect(rows.map((row) => [row.ID, row.Status])).toEqual([["INO-BBBBBBB2", "Aktif"], ["INO-AAAAAAA1", "Aktif"]]);
    expect((await syncSpreadsheet(world.deps, spreadsheetId)).cellsWritten).toBe(0);
  });
});

describe("duplicate IDs from a copied row", () => {
  it("the original keeps syncing; the copy is told and changes nothing; clearing its ID makes it a new record", async () => {
    const { spreadsheetId, header } = await sheetWithTwo();
    const rows = await readTab(world, spreadsheetId);
    const copy = rows[1]!.map((cell, index) => (header[index] === "Nama Inovasi" ? "Salinan Si-Pintar" : cell));
    await type(world, spreadsheetId, "A4", [copy]);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.recordWrites).toBe(0);
    expect((await world.stores.innovations.require("INO-AAAAAAA1")).name).toBe("Si-Pintar");
    let after = await tabRows(world, spreadsheetId);
    expect(after[2]!["Status Sinkron"]).toBe(STATUS.duplicateId(2));
    expect((await syncSpreadsheet(world.deps, spreadsheetId)).cellsWritten).toBe(0);

    await type(world, spreadsheetId, `${columnOf(header, "ID")}4`, [[""]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    after = await tabRows(world, spreadsheetId);
    expect(after[2]!.ID).not.toBe("INO-AAAAAAA1");
    expect(await world.stores.innovations.require(String(after[2]!.ID))).toMatchObject({ name: "Salinan Si-Pintar" });
    expect((await world.stores.innovations.list()).length).toBe(3);
  });
});

describe("an innovation in its OPD's spreadsheet and the city-wide one", () => {
  it("an edit in either reaches Firestore and then the other", async () => {
    const opd = await sheetWithTwo(["dinkes"]);
    const city = await newSpreadsheet(world, "Kota");
    const cityTarget = await addTarget(world, { spreadsheetId: city, tab: "Semua Inovasi", units: "all" });
    await initTarget(world.deps, cityTarget.id);
    await world.stores.innovations.create("INO-DUKCAPIL1", innovationFields({ name: "Dukcapil Keliling", unitId: "dispenduk" }), testActor);
    await reconcileAll(world.deps);
    expect((await tabRows(world, city, "Semua Inovasi")).map((row) => row.ID).sort()).toEqual(["INO-AAAAAAA1", "INO-BBBBBBB2", "INO-DUKCAPIL1"]);
    expect(await targetsForRecord(world.database.db, "dinkes")).toEqual([city, opd.spreadsheetId].sort());
    expect(await targetsForRecord(world.database.db, "dispenduk")).toEqual([city]);

    const cityHeader = (await readTab(world, city, "Semua Inovasi"))[0]!;
    const cityRows = await tabRows(world, city, "Semua Inovasi");
    const rowOfA = cityRows.findIndex((row) => row.ID === "INO-AAAAAAA1") + 2;
    await type(world, city, `${columnOf(cityHeader, "Urusan")}${rowOfA}`, [["kesehatan ibu dan anak"]], "Semua Inovasi");
    await type(world, opd.spreadsheetId, `${opd.col("Manfaat")}3`, [["antrean lebih pendek"]]);
    await reconcileAll(world.deps);
    expect((await tabRows(world, opd.spreadsheetId))[0]!.Urusan).toBe("kesehatan ibu dan anak");
    expect((await tabRows(world, city, "Semua Inovasi")).find((row) => row.ID === "INO-BBBBBBB2")!.Manfaat).toBe("antrean lebih pendek");
    const quiet = await reconcileAll(world.deps);
    expect(quiet.every((report) => report.recordWrites === 0 && report.cellsWritten === 0)).toBe(true);
  });
});
