// Sync runs end to end: the real googleapis client against the Sheets emulator, firebase-admin
// against the Firestore emulator. Edits on each side, layout freedom, new, deleted and copied
// rows, conflicts, bad cells, and the cost of a run.
import { describe, expect, it } from "vitest";
import { initTarget } from "../../sheets/init.js";
import { STATUS } from "../../sheets/layout/labels.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { COLLECTIONS } from "../../src/store/db.js";
import type { AuditEntry } from "../../src/model/schemas.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, columnOf, newSpreadsheet, putRows, readTab, tabRows, takeCounts, type, syncWorldForEachTest } from "./support.js";

const world = syncWorldForEachTest();

async function auditOf(recordId: string): Promise<AuditEntry[]> {
  const snapshot = await world.database.db.collection(COLLECTIONS.audit).where("recordId", "==", recordId).get();
  return snapshot.docs.map((doc) => doc.data() as AuditEntry).sort((a, b) => a.version - b.version);
}

/** A spreadsheet with an initialised tab and two innovations of dinkes already synced into it. */
async function syncedSheet() {
  const spreadsheetId = await newSpreadsheet(world);
  const target = await addTarget(world, { spreadsheetId });
  await initTarget(world.deps, target.id);
  await world.stores.innovations.create("INO-AAAAAAA1", innovationFields({ name: "Si-Pintar" }), testActor);
  await world.stores.innovations.create("INO-BBBBBBB2", innovationFields({ name: "Posyandu Remaja", budget: 2500000 }), testActor);
  await world.stores.innovations.create("INO-OTHERUNIT", innovationFields({ name: "Dukcapil Keliling", unitId: "dispenduk" }), testActor);
  await syncSpreadsheet(world.deps, spreadsheetId);
  const header = (await readTab(world, spreadsheetId))[0]!;
  takeCounts(world);
  return { spreadsheetId, target, header, col: (name: string) => columnOf(header, name) };
}

describe("sheets init", () => {
  it("creates the tab with headers, frozen row and protection; a second init changes nothing", async () => {
    const spreadsheetId = await newSpreadsheet(world);
    const target = await addTarget(world, { spreadsheetId });
    const first = await initTarget(world.deps, target.id);
    expect(first.createdTab).toBe(true);
    expect(first.headersAdded).toContain("Nama Inovasi");
    const book = await world.sheets.spreadsheets.get({ spreadsheetId, fields: "sheets(properties,protectedRanges)" });
    const tab = book.data.sheets!.find((sheet) => sheet.properties?.title === "Inovasi")!;
    expect(tab.properties?.gridProperties?.frozenRowCount).toBe(1);
    expect(tab.protectedRanges?.map((range) => range.description).sort()).toEqual([
      "labinov: kolom ID (diisi otomatis)",
      "labinov: kolom Status Sinkron (diisi otomatis)",
    ]);
    const header = (await readTab(world, spreadsheetId))[0]!;
    expect(header[0]).toBe("ID");
    expect(header.at(-1)).toBe("Status Sinkron");
    takeCounts(world);

    const second = await initTarget(world.deps, target.id);
    expect(second).toMatchObject({ createdTab: false, headersAdded: [], structureRequests: 0 });
    const counts = takeCounts(world);
    expect(counts["spreadsheets.batchUpdate"] ?? 0).toBe(0);
    expect(counts["spreadsheets.values.update"] ?? 0).toBe(0);
  });

  it("a missing required header pauses the target, writes nothing, and init repairs it", async () => {
    const spreadsheetId = await newSpreadsheet(world);
    await world.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { title: "Inovasi" } } }] } });
    await putRows(world, spreadsheetId, [["Nama Inovasi", "Catatan"], ["Si-Pintar", "punya staf"]]);
    const target = await addTarget(world, { spreadsheetId });
    takeCounts(world);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.targets[0]!.paused).toMatch(/tidak punya kolom wajib: ID, Status Sinkron.*sheets init/);
    expect((await world.targets.get(target.id))!.pausedReason).toMatch(/ID, Status Sinkron/);
    const counts = takeCounts(world);
    expect(counts["spreadsheets.values.batchUpdate"] ?? 0).toBe(0);
    expect(await world.stores.innovations.list()).toEqual([]);

    await initTarget(world.deps, target.id);
    expect((await world.targets.get(target.id))!.pausedReason).toBeNull();
    const rows = await readTab(world, spreadsheetId);
    expect(rows[0]!.slice(0, 2)).toEqual(["Nama Inovasi", "Catatan"]);
    expect(rows[1]).toEqual(["Si-Pintar", "punya staf"]);
  });
});

describe("a sync run", () => {
  it("fills the tab from Firestore, and a run right after changes nothing and writes nothing", async () => {
    const { spreadsheetId } = await syncedSheet();
    const rows = await tabRows(world, spreadsheetId);
    expect(rows.map((row) => [row.ID, row["Nama Inovasi"], row.Unit, row.Tahap, row.Anggaran, row["Status Sinkron"]])).toEqual([
      ["INO-AAAAAAA1", "Si-Pintar", "Dinas Kesehatan P2KB", "Drum-up", "", STATUS.ok],
      ["INO-BBBBBBB2", "Posyandu Remaja", "Dinas Kesehatan P2KB", "Drum-up", 2500000, STATUS.ok],
    ]);
    takeCounts(world);
    for (let run = 0; run < 2; run++) {
      const report = await syncSpreadsheet(world.deps, spreadsheetId);
      expect(report.recordWrites).toBe(0);
      expect(report.cellsWritten).toBe(0);
      expect(takeCounts(world)).toEqual({ "spreadsheets.values.batchGet": 1 });
    }
  });

  it("a tab that resumes after a pause gets every record of its units, though the records were read since the other tab's cursor", async () => {
    const { spreadsheetId } = await syncedSheet();
    // Dispenduk's tab, made by its staff without labinov's columns: paused from its first run on.
    await world.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { title: "Dukcapil" } } }] } });
    await putRows(world, spreadsheetId, [["Nama Inovasi", "Catatan"]], "Dukcapil");
    await addTarget(world, { spreadsheetId, tab: "Dukcapil", units: ["dispenduk"] });
    const paused = await syncSpreadsheet(world.deps, spreadsheetId, { cursorMarginMs: 0 });
    expect(paused.targets.find((target) => target.tab === "Dukcapil")!.paused).toMatch(/kolom wajib/);
    // The Inovasi tab's cursor is now past INO-OTHERUNIT's last change: its run reads only later ones.
    await type(world, spreadsheetId, "C1:D1", [["ID", "Status Sinkron"]], "Dukcapil");
    const resumed = await syncSpreadsheet(world.deps, spreadsheetId, { cursorMarginMs: 0 });
    expect(resumed.targets.find((target) => target.tab === "Dukcapil")!.paused).toBeNull();
    const rows = await tabRows(world, spreadsheetId, "Dukcapil");
    expect(rows.map((row) => [row.ID, row["Nama Inovasi"], row["Status Sinkron"]])).toEqual([["INO-OTHERUNIT", "Dukcapil Keliling", STATUS.ok]]);
  });

  it("an edit in the sheet reaches Firestore, validated, versioned and audited as the sheet", async () => {
    const { spreadsheetId, col } = await syncedSheet();
    await type(world, spreadsheetId, `${col("Nama Inovasi")}2`, [["Si-Pintar 2.0"]]);
    await type(world, spreadsheetId, `${col("Tahap")}2`, [["Diagnose"]]);
    await type(world, spreadsheetId, `${col("Anggaran")}3`, [["Rp 3.000.000"]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const a = await world.stores.innovations.require("INO-AAAAAAA1");
    expect(a).toMatchObject({ name: "Si-Pintar 2.0", stage: "diagnose", version: 2, source: "sheet", updatedBy: `sheet:${spreadsheetId}` });
    expect(a.stageHistory.map((entry) => entry.stage)).toEqual(["drum_up", "diagnose"]);
    expect((await world.stores.innovations.require("INO-BBBBBBB2")).budget).toBe(3000000);
    expect((await auditOf("INO-AAAAAAA1")).at(-1)).toMatchObject({ source: "sheet", by: `sheet:${spreadsheetId}` });
    // The derived tahapan of a stage moved in the sheet is written back in the same run: no echo later.
    takeCounts(world);
    const again = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(again.cellsWritten).toBe(0);
    expect(takeCounts(world)["spreadsheets.values.batchUpdate"] ?? 0).toBe(0);
  });

  it("an edit in Firestore reaches the sheet, only the changed cells", async () => {
    const { spreadsheetId } = await syncedSheet();
    await world.stores.innovations.update("INO-BBBBBBB2", { stage: "diagnose", trialDate: "2026-01-05" }, testActor);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.recordWrites).toBe(0);
    expect(report.cellsWritten).toBe(2);
    const counts = takeCounts(world);
    // The read, the check right before writing, the write: 3 requests (sheets/sync/README.md).
    expect(counts).toEqual({ "spreadsheets.values.batchGet": 2, "spreadsheets.values.batchUpdate": 1 });
    const row = (await tabRows(world, spreadsheetId))[1]!;
    expect(row.Tahap).toBe("Diagnose");
    expect(row["Waktu Uji Coba"]).toBe(46027); // a real date cell: serial of 2026-01-05
  });

  it("reordered, renamed-by-alias and staff columns with formulas: found by header, staff cells untouched", async () => {
    const spreadsheetId = await newSpreadsheet(world);
    await world.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { title: "Inovasi" } } }] } });
    await addTarget(world, { spreadsheetId });
    await world.stores.innovations.create("INO-AAAAAAA1", innovationFields({ name: "Si-Pintar", budget: 100 }), testActor);
    await putRows(world, spreadsheetId, [["Catatan Staf", "Anggaran (Rp)", "Judul Inovasi", "Dobel", "OPD", "Sinkron", "ID Labinov", "Tahap Lab"]]);
    await type(world, spreadsheetId, "D2", [["=B2*2"]]);
    await type(world, spreadsheetId, "A2", [["jangan diubah"]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    // Row 2 is the staff's own (no ID, no field value): the record goes below it.
    let rows = await readTab(world, spreadsheetId, "Inovasi", "FORMULA");
    expect(rows[1]).toEqual(["jangan diubah", "", "", "=B2*2"]);
    expect(rows[2]).toEqual(["", 100, "Si-Pintar", "", "Dinas Kesehatan P2KB", STATUS.ok, "INO-AAAAAAA1", "Drum-up"]);
    await type(world, spreadsheetId, "B3", [["250"]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.innovations.require("INO-AAAAAAA1")).budget).toBe(250);
    rows = await readTab(world, spreadsheetId, "Inovasi", "FORMULA");
    expect(rows[1]![0]).toBe("jangan diubah");
    expect(rows[1]![3]).toBe("=B2*2");
  });

  it("text from Firestore never becomes a live formula; NIP and phone keep their zeros", async () => {
    const { spreadsheetId } = await syncedSheet();
    const team = [{ name: "Budi", nip: "198001012005011001", role: "Ketua", phone: "081234567890" }];
    await world.stores.innovations.update("INO-AAAAAAA1", { name: '=IMPORTXML("http://x","//a")', team }, testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const formulas = await readTab(world, spreadsheetId, "Inovasi", "FORMULA");
    const header = formulas[0]!;
    expect(formulas[1]![header.indexOf("Nama Inovasi")]).toBe('=IMPORTXML("http://x","//a")');
    expect(formulas[1]![header.indexOf("Tim")]).toBe("Budi (198001012005011001, Ketua, 081234567890)");
    // Round trip: the next run reads these back and finds nothing to change on either side.
    const again = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(again.recordWrites + again.cellsWritten).toBe(0);
    expect((await world.stores.innovations.require("INO-AAAAAAA1")).team[0]).toMatchObject({ nip: "198001012005011001", phone: "081234567890" });
  });

  it("conflict: the sheet's value wins; the lost value is in the audit log and the status cell", async () => {
    const { spreadsheetId, col } = await syncedSheet();
    await world.stores.innovations.update("INO-AAAAAAA1", { name: "Nama dari sistem" }, testActor);
    await type(world, spreadsheetId, `${col("Nama Inovasi")}2`, [["Nama dari sheet"]]);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.targets[0]!.conflicts).toBe(1);
    expect((await world.stores.innovations.require("INO-AAAAAAA1")).name).toBe("Nama dari sheet");
    const last = (await auditOf("INO-AAAAAAA1")).at(-1)!;
    expect(last.changes).toContainEqual({ field: "name", old: "Nama dari sistem", new: "Nama dari sheet" });
    expect(last.note).toMatch(/Bentrok.*Nama dari sistem/);
    const row = (await tabRows(world, spreadsheetId))[0]!;
    expect(row["Status Sinkron"]).toMatch(/Bentrok.*"Nama Inovasi" sebelumnya "Nama dari sistem"/);
    expect((await syncSpreadsheet(world.deps, spreadsheetId)).cellsWritten).toBe(0);
  });

  it.each([
    ["Tahap", "Display", /Tahap tidak boleh dilompati/, "stage", "drum_up"],
    ["Tahap", "Entah", /pilih salah satu/, "stage", "drum_up"],
    ["Jenis", "analog", /pilih salah satu: Digital, Non-digital/, "jenis", "digital"],
    ["Anggaran", "-5", /Anggaran/, "budget", 2500000],
    ["Anggaran", "banyak", /"banyak" bukan angka/, "budget", 2500000],
    ["Waktu Uji Coba", "31/02/2026", /tanggal "31\/02\/2026" tidak ada di kalender/, "trialDate", null],
    ["Unit", "Dinas Entah", /tidak dikenal/, "unitId", "dinkes"],
    ["Bukti Dukung", "bukan-url", /tautan tidak dikenali dalam "bukan-url"/, "evidenceLinks", []],
    ["Tim", "Budi (1,2,3,4)", /anggota tim/, "team", []],
    ["Tim", "Budi (12345)", /NIP "12345" harus 18 angka/, "team", []],
    ["Nama Inovasi", "", /wajib diisi|minimal/i, "name", "Posyandu Remaja"],
    ["Inisiator", "", /wajib diisi/, "initiator", "opd"],
  ])("a bad %s cell (%j) is not applied; the status names it; fixing clears it", async (column, typed, message, field, kept) => {
    const { spreadsheetId, col } = await syncedSheet();
    await type(world, spreadsheetId, `${col(column)}3`, [[typed]]);
    await type(world, spreadsheetId, `${col("Urusan")}3`, [["pendidikan"]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const record = await world.stores.innovations.require("INO-BBBBBBB2");
    expect((record as Record<string, unknown>)[field]).toEqual(kept);
    expect(record.urusan).toBe("pendidikan"); // the rest of the row still applies
    let row = (await tabRows(world, spreadsheetId))[1]!;
    expect(row["Status Sinkron"]).toMatch(new RegExp(`⚠ Perlu diperbaiki: kolom "${column}"`));
    expect(row["Status Sinkron"]).toMatch(message);
    if (typed !== "") expect(String(row[column])).not.toBe(""); // what staff typed stays for them to fix
    // A run later changes nothing while the cell stays wrong.
    takeCounts(world);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect(takeCounts(world)["spreadsheets.values.batchUpdate"] ?? 0).toBe(0);
    // Fixing the cell (here: putting back the stored value) clears the message.
    await type(world, spreadsheetId, `${col(column)}3`, [[fixValue(column)]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    row = (await tabRows(world, spreadsheetId))[1]!;
    expect(row["Status Sinkron"]).toBe(STATUS.ok);
  });
});

function fixValue(column: string): string {
  return (
    { Tahap: "Diagnose", Jenis: "Digital", Anggaran: "2500000", "Waktu Uji Coba": "", Unit: "Dinas Kesehatan P2KB", "Bukti Dukung": "https://contoh.id/a", Tim: "Budi (198001012005011001, Ketua, -)", "Nama Inovasi": "Posyandu Remaja", Inisiator: "OPD" } as Record<string, string>
  )[column]!;
}
