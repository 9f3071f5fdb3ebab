// The "Bukti IID" tab of a unit's spreadsheet, through the real sync: `sheets init` lays it
// out with dropdowns, a row staff type becomes an iidEvidence record, a change in Firestore
// reaches the row, and a bad cell is explained in the row. Sheets emulator + Firestore emulator.
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerIidCommands } from "../../cli/iidCommands.js";
import { initTarget } from "../../sheets/init.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { shippedIndicators } from "../../src/iid/indicators.js";
import { scoreInnovation } from "../../src/iid/scoring.js";
import { testActor } from "../support/fixtures.js";
import { addTarget, columnOf, newSpreadsheet, readTab, syncWorldForEachTest, tabRows, takeCounts, type, type SyncWorld } from "../sync/support.js";

const world = syncWorldForEachTest();
const TAB = "Bukti IID";
const link = "https://drive.google.com/file/d/perwali-12";

async function evidenceSheet(w: SyncWorld) {
  const base = { initiator: "opd", stage: "drum_up", jenis: "digital", bentuk: "pelayanan_publik", tahapanOverride: "penerapan" };
  await w.stores.innovations.create("INO-SIPINTAR1", { ...base, name: "Si-Pintar", unitId: "dinkes" }, testActor);
  await w.stores.innovations.create("INO-KTPKILAT1", { ...base, name: "KTP Kilat", unitId: "dispenduk" }, testActor);
  const spreadsheetId = await newSpreadsheet(w);
  const target = await addTarget(w, { spreadsheetId, tab: TAB, kind: "iidEvidence", units: ["dinkes"] });
  const init = await initTarget(w.deps, target.id);
  return { spreadsheetId, target, init, header: (await readTab(w, spreadsheetId, TAB))[0]! };
}

/** The dropdown values of a column's cell (the first data row unless told), as Sheets keeps them. */
async function dropdown(w: SyncWorld, spreadsheetId: string, column: string, row = 2): Promise<string[]> {
  const response = await w.sheets.spreadsheets.get({ spreadsheetId, ranges: [`'${TAB}'!${column}${row}`], includeGridData: true });
  const cell = response.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0];
  return (cell?.dataValidation?.condition?.values ?? []).map((value) => value.userEnteredValue ?? "");
}

describe("the Bukti IID tab", () => {
  it("sheets init writes its headers and dropdowns: the unit's innovations, the indicators, their parameters, document types", async () => {
    const { spreadsheetId, init, header } = await evidenceSheet(world);
    expect(init.createdTab).toBe(true);
    expect(header).toEqual(["ID", "Inovasi", "Unit", "Indikator IID", "Parameter", "Tautan Bukti", "Jenis Dokumen", "Tanggal Dokumen", "Keterangan", "Status", "Status Sinkron"]);
    expect(await dropdown(world, spreadsheetId, columnOf(header, "Inovasi"))).toEqual(["Si-Pintar"]);
    const indicators = await dropdown(world, spreadsheetId, columnOf(header, "Indikator IID"));
    expect(indicators).toHaveLength(shippedIndicators(new Date().getUTCFullYear()).indicators.length);
    expect(indicators[0]).toBe("16. Regulasi inovasi daerah");
    expect(await dropdown(world, spreadsheetId, columnOf(header, "Parameter"))).toContain("16.3 Peraturan Daerah");
    expect(await dropdown(world, spreadsheetId, columnOf(header, "Jenis Dokumen"))).toContain("Regulasi (Perda/Perwali)");
  });

  it("a row staff type becomes an evidence record of the unit, and scores", async () => {
    const { spreadsheetId, header } = await evidenceSheet(world);
    const row: Record<string, string> = {
      Inovasi: "si-pintar",
      "Indikator IID": "16. Regulasi inovasi daerah",
      Parameter: "16.3 Peraturan Daerah",
      "Tautan Bukti": link,
      "Jenis Dokumen": "Regulasi (Perda/Perwali)",
      "Tanggal Dokumen": "10/02/2026",
    };
    for (const [column, value] of Object.entries(row)) await type(world, spreadsheetId, `${columnOf(header, column)}2`, [[value]], TAB);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.status).toBe("done");
    const [synced] = await tabRows(world, spreadsheetId, TAB);
    expect(synced!["Status Sinkron"]).toBe("✓ Data baru tersimpan");
    expect(String(synced!.ID)).toMatch(/^BKT-/);
    expect(synced!.Inovasi).toBe("si-pintar");
    const record = await world.stores.iidEvidence.require(String(synced!.ID));
    expect(record).toMatchObject({
      innovationId: "INO-SIPINTAR1",
      unitId: "dinkes",
      indicator: "regulasi",
      option: "perda",
      link,
      documentType: "regulasi",
      documentDate: "2026-02-10",
      status: "aktif",
    });
    const innovation = (await world.stores.innovations.require("INO-SIPINTAR1"))!;
    expect(scoreInnovation(shippedIndicators(2026), innovation, [record]).indicators[0]).toMatchObject({ points: 9, gap: null });
  });

  it("rows the sync adds (evidence entered elsewhere) carry the tab's dropdowns, the first ones and later ones", async () => {
    const { spreadsheetId, header } = await evidenceSheet(world);
    const add = (id: string, indicator: string) => world.stores.iidEvidence.create(id, { innovationId: "INO-SIPINTAR1", unitId: "dinkes", indicator, option: null, link: null }, testActor);
    await add("BKT-ADDED0001", "regulasi");
    await add("BKT-ADDED0002", "sdm");
    await syncSpreadsheet(world.deps, spreadsheetId);
    await add("BKT-ADDED0003", "anggaran");
    takeCounts(world);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect(takeCounts(world)).toEqual({ "spreadsheets.values.batchGet": 2, "spreadsheets.batchUpdate": 1 }); // the row, its values and dropdowns in one batch
    expect((await tabRows(world, spreadsheetId, TAB)).map((row) => row.ID)).toEqual(["BKT-ADDED0001", "BKT-ADDED0002", "BKT-ADDED0003"]);
    for (const row of [2, 3, 4]) {
      expect(await dropdown(world, spreadsheetId, columnOf(header, "Indikator IID"), row), `row ${row}`).toContain("16. Regulasi inovasi daerah");
      expect(await dropdown(world, spreadsheetId, columnOf(header, "Parameter"), row), `row ${row}`).toContain("16.3 Peraturan Daerah");
      expect(await dropdown(world, spreadsheetId, columnOf(header, "Inovasi"), row), `row ${row}`).toEqual(["Si-Pintar"]);
    }
  });

  it("a change in Firestore reaches the row, and evidence entered elsewhere gets its own row with the innovation's name", async () => {
    const { spreadsheetId } = await evidenceSheet(world);
    await world.stores.iidEvidence.create("BKT-FROMAPI01", { innovationId: "INO-SIPINTAR1", unitId: "dinkes", indicator: "anggaran", option: null, link: null }, testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    let [row] = await tabRows(world, spreadsheetId, TAB);
    expect(row).toMatchObject({ ID: "BKT-FROMAPI01", Inovasi: "Si-Pintar", Unit: "Dinas Kesehatan P2KB", "Indikator IID": "18. Dukungan anggaran", Parameter: "", "Tautan Bukti": "" });
    await world.stores.iidEvidence.update("BKT-FROMAPI01", { option: "anggaran_3_tahun", link }, testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    [row] = await tabRows(world, spreadsheetId, TAB);
    expect(row).toMatchObject({ Parameter: "18.3 Dianggarkan T-0, T-1 dan T-2", "Tautan Bukti": link, "Status Sinkron": "✓ Tersinkron" });
  });

  it("an innovation of another unit, a link without http, or another indicator's parameter is explained in the row and not saved", async () => {
    const { spreadsheetId, header } = await evidenceSheet(world);
    await type(world, spreadsheetId, `${columnOf(header, "Inovasi")}2`, [["KTP Kilat"]], TAB);
    await type(world, spreadsheetId, `${columnOf(header, "Indikator IID")}2`, [["16. Regulasi inovasi daerah"]], TAB);
    await type(world, spreadsheetId, `${columnOf(header, "Inovasi")}3`, [["Si-Pintar"]], TAB);
    await type(world, spreadsheetId, `${columnOf(header, "Indikator IID")}3`, [["17. Ketersediaan dan peran SDM terhadap inovasi daerah"]], TAB);
    await type(world, spreadsheetId, `${columnOf(header, "Tautan Bukti")}3`, [["drive.google.com/bukti"]], TAB);
    await type(world, spreadsheetId, `${columnOf(header, "Inovasi")}4`, [["Si-Pintar"]], TAB);
    await type(world, spreadsheetId, `${columnOf(header, "Indikator IID")}4`, [["16. Regulasi inovasi daerah"]], TAB);
    await type(world, spreadsheetId, `${columnOf(header, "Parameter")}4`, [["17.2 11-30 orang"]], TAB);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const [other, noHttp, wrongParameter] = await tabRows(world, spreadsheetId, TAB);
    expect(String(wrongParameter!["Status Sinkron"])).toContain('kolom "Parameter": parameter "17.2 11-30 orang" bukan milik indikator "16. Regulasi inovasi daerah"; pilih parameter yang diawali 16.');
    const saved = await world.stores.iidEvidence.require(String(wrongParameter!.ID));
    expect(saved.option).toBeNull();
    expect(other!.ID).toBe("");
    expect(String(other!["Status Sinkron"])).toContain('inovasi "KTP Kilat" tidak dikenal di unit ini');
    // The row is saved without its bad link, which stays typed and is named in the status.
    expect(String(noHttp!["Status Sinkron"])).toContain("tautan bukti dukung harus diawali http:// atau https://");
    expect(noHttp!["Tautan Bukti"]).toBe("drive.google.com/bukti");
  });

  it("labinov iid rows prepares one row per scored innovation and indicator, once, and the sync shows them", async () => {
    const { spreadsheetId } = await evidenceSheet(world);
    // One row exists already: it is kept, not doubled.
    await world.stores.iidEvidence.create("BKT-TYPED00001", { innovationId: "INO-SIPINTAR1", unitId: "dinkes", indicator: "regulasi", option: "perda", link }, testActor);
    const printed: string[] = [];
    const rows = async () => {
      const program = new Command("labinov").exitOverride();
      registerIidCommands(program, { db: () => world.database.db, print: (line) => printed.push(line) });
      await program.parseAsync(["node", "labinov", "iid", "rows", "--year", "2027"]);
    };
    await rows();
    await rows();
    // Si-Pintar (dinkes) lacks 19 indicators; KTP Kilat (dispenduk) all 20.
    expect(printed[0]).toBe('39 baris bukti baru dibuat (0 sudah ada); baris muncul di tab "Bukti IID" setiap unit pada sinkron berikutnya.');
    expect(printed[1]).toMatch(/^0 baris bukti baru dibuat/);
    takeCounts(world);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const calls = takeCounts(world);
    // 20 new rows in one run: read, check, one batchUpdate adding them with their dropdowns, whatever the number of rows.
    expect(calls).toEqual({ "spreadsheets.values.batchGet": 2, "spreadsheets.batchUpdate": 1 });
    const tab = await tabRows(world, spreadsheetId, TAB);
    expect(tab).toHaveLength(20);
    expect(new Set(tab.map((row) => row["Indikator IID"])).size).toBe(20);
    expect(tab.every((row) => row.Inovasi === "Si-Pintar")).toBe(true);
  });
});
