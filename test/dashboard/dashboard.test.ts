// The "Dasbor" tab of the city-wide spreadsheet, against the Sheets emulator (real googleapis
// client over HTTP) and the Firestore emulator: `sheets init` makes the tab, its five charts and
// today's figures, and a second init adds nothing; chart ids lost from Firestore are found again
// by title, a chart staff deleted comes back; a sync run refreshes the figures with at most one
// more request (none when nothing changed); staff cells and charts elsewhere stay as they were;
// a deleted tab is said, not retried forever, and init makes it again.
import type { sheets_v4 } from "@googleapis/sheets";
import { Command } from "commander";
import { registerSheetsCommands } from "../../cli/sheetsCommands.js";
import { describe, expect, it } from "vitest";
import { SHEET_DASHBOARDS } from "../../sheets/dashboard/store.js";
import { DASHBOARD_WORDS } from "../../sheets/dashboard/words.js";
import { DATA_HEADER_ROW } from "../../sheets/dashboard/layout.js";
import { initTarget } from "../../sheets/init.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { reloadConfig } from "../../src/config.js";
import { COLLECTIONS } from "../../src/store/db.js";
import { IID_INDICATORS_COLLECTION, shippedIndicators } from "../../src/iid/indicators.js";
import { todayWib } from "../../src/model/time.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, columnOf, newSpreadsheet, readTab, takeCounts, syncWorldForEachTest, type } from "../sync/support.js";

const world = syncWorldForEachTest();

const TITLES = ["Inovasi per tahap", "Inovasi per unit dan tahap", "Inovasi macet menurut lamanya", "Butir rencana aksi terlambat per unit", "Kesiapan IID per unit (perkiraan skor)"];

/** A city-wide spreadsheet with its innovations tab laid out and synced, and the target's id. */
async function cityWide(): Promise<{ spreadsheetId: string; targetId: string }> {
  const spreadsheetId = await newSpreadsheet(world, "Laboratorium Inovasi Kota Probolinggo");
  const target = await addTarget(world, { spreadsheetId, units: "all" });
  return { spreadsheetId, targetId: target.id };
}

async function dashboardSheet(spreadsheetId: string): Promise<sheets_v4.Schema$Sheet | undefined> {
  const { data } = await world.sheets.spreadsheets.get({ spreadsheetId, fields: "sheets(properties(sheetId,title),charts)" });
  return data.sheets?.find((sheet) => sheet.properties?.title === "Dasbor");
}

/** The per-stage table as the chart reads it: [label, count] rows under the header. */
async function perStage(spreadsheetId: string): Promise<unknown[][]> {
  const { data } = await world.sheets.spreadsheets.values.get({ spreadsheetId, range: `'Dasbor'!A${DATA_HEADER_ROW + 2}:B${DATA_HEADER_ROW + 7}`, valueRenderOption: "UNFORMATTED_VALUE" });
  return data.values ?? [];
}

describe("sheets init", () => {
  it("makes the tab with five charts over its own tables and writes today's figures; a second init sends one read and nothing else", async () => {
    await world.stores.innovations.create("INO-DASH000001", innovationFields({ stage: "drum_up" }), testActor);
    await world.stores.innovations.create("INO-DASH000002", innovationFields({ name: "Kampung KB Digital", stage: "drum_up" }), testActor);
    const { spreadsheetId, targetId } = await cityWide();
    const report = await initTarget(world.deps, targetId);
    expect(report.dashboard).toEqual({ createdTab: true, chartsAdded: 5, chartsUpdated: 0, data: "written" });

    const sheet = (await dashboardSheet(spreadsheetId))!;
    expect(sheet.charts!.map((chart) => chart.spec?.title)).toEqual(TITLES);
    for (const chart of sheet.charts!) {
      for (const source of [chart.spec!.basicChart!.domains![0]!.domain!, ...chart.spec!.basicChart!.series!.map((series) => series.series!)]) {
        expect(source.sourceRange!.sources![0]).toMatchObject({ sheetId: sheet.properties!.sheetId, startRowIndex: DATA_HEADER_ROW });
      }
    }
    expect(await perStage(spreadsheetId)).toEqual([["Drum-up", 2], ["Diagnose", 0], ["Design", 0], ["Deliver", 0], ["Display", 0], ["Dokumentasi", 0]]);

    takeCounts(world);
    const again = await initTarget(world.deps, targetId);
    expect(again.dashboard).toEqual({ createdTab: false, chartsAdded: 0, chartsUpdated: 0, data: "unchanged" });
    const counts = takeCounts(world);
    expect(counts["spreadsheets.batchUpdate"]).toBeUndefined();
    expect(counts["spreadsheets.values.batchUpdate"]).toBeUndefined();
    expect((await dashboardSheet(spreadsheetId))!.charts).toHaveLength(5);
  });

  it("`labinov sheets init` says what it did to the dashboard, in Bahasa Indonesia", async () => {
    const { targetId } = await cityWide();
    const printed: string[] = [];
    const program = new Command("labinov").exitOverride();
    registerSheetsCommands(program, { db: () => world.database.db, sheets: () => world.sheets, print: (line) => printed.push(line) });
    await program.parseAsync(["node", "labinov", "sheets", "init", targetId]);
    expect(printed.at(-1)).toBe("Dasbor: tab dibuat; 5 grafik ditambahkan, 0 grafik diperbaiki.");
  });

  it("`labinov sheets init` and `sheets sync` age stalled innovations by the configured STALLED_AFTER_DAYS, not the default 30", async () => {
    await world.stores.innovations.create("INO-DASH000001", innovationFields(), testActor, { now: new Date(Date.now() - 12 * 86_400_000) });
    const { spreadsheetId, targetId } = await cityWide();
    const stalledTable = async () => (await world.sheets.spreadsheets.values.get({ spreadsheetId, range: `'Dasbor'!L${DATA_HEADER_ROW + 2}:M${DATA_HEADER_ROW + 5}`, valueRenderOption: "UNFORMATTED_VALUE" })).data.values;
    const saved = process.env.STALLED_AFTER_DAYS;
    process.env.STALLED_AFTER_DAYS = "10";
    reloadConfig();
    try {
      const labinov = () => {
        const program = new Command("labinov").exitOverride();
        registerSheetsCommands(program, { db: () => world.database.db, sheets: () => world.sheets, print: () => undefined });
        return program;
      };
      await labinov().parseAsync(["node", "labinov", "sheets", "init", targetId]);
      expect(await stalledTable()).toEqual([["10–19 hari", 1], ["20–29 hari", 0], ["30–59 hari", 0], ["60 hari atau lebih", 0]]);

      await world.stores.innovations.create("INO-DASH000002", innovationFields({ name: "Kampung KB Digital" }), testActor, { now: new Date(Date.now() - 25 * 86_400_000) });
      await labinov().parseAsync(["node", "labinov", "sheets", "sync", spreadsheetId]);
      expect((await stalledTable())!.slice(0, 2)).toEqual([["10–19 hari", 1], ["20–29 hari", 1]]);
    } finally {
      if (saved === undefined) delete process.env.STALLED_AFTER_DAYS;
      else process.env.STALLED_AFTER_DAYS = saved;
      reloadConfig();
    }
  });

  it("makes no dashboard in a unit's own spreadsheet", async () => {
    const spreadsheetId = await newSpreadsheet(world);
    const target = await addTarget(world, { spreadsheetId, units: ["dinkes"] });
    const report = await initTarget(world.deps, target.id);
    expect(report.dashboard).toBeUndefined();
    expect(await dashboardSheet(spreadsheetId)).toBeUndefined();
  });

  it("finds its charts by title when their ids were lost, and puts back only the chart staff deleted", async () => {
    const { spreadsheetId, targetId } = await cityWide();
    await initTarget(world.deps, targetId);
    const before = (await dashboardSheet(spreadsheetId))!.charts!;
    await world.database.db.collection(SHEET_DASHBOARDS).doc(spreadsheetId).delete();
    const adopted = await initTarget(world.deps, targetId);
    expect(adopted.dashboard).toMatchObject({ chartsAdded: 0, chartsUpdated: 5 });
    expect((await dashboardSheet(spreadsheetId))!.charts!.map((chart) => chart.chartId)).toEqual(before.map((chart) => chart.chartId));

    const stalledChart = before[2]!.chartId!;
    await world.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ deleteEmbeddedObject: { objectId: stalledChart } }] } });
    const repaired = await initTarget(world.deps, targetId);
    expect(repaired.dashboard).toMatchObject({ chartsAdded: 1, chartsUpdated: 0 });
    const after = (await dashboardSheet(spreadsheetId))!.charts!;
    expect(after.map((chart) => chart.spec?.title).sort()).toEqual([...TITLES].sort());
    expect(after.filter((chart) => chart.chartId !== stalledChart)).toHaveLength(5);
  });
});

describe("a sync run", () => {
  it("refreshes the figures with at most one more request, and none when nothing changed", async () => {
    await world.stores.innovations.create("INO-DASH000001", innovationFields(), testActor);
    const plain = await cityWide();
    await initTarget(world.deps, plain.targetId);
    await world.database.db.collection(SHEET_DASHBOARDS).doc(plain.spreadsheetId).delete(); // the same spreadsheet, without a dashboard
    const withDashboard = await cityWide();
    await initTarget(world.deps, withDashboard.targetId);
    await syncSpreadsheet(world.deps, plain.spreadsheetId);
    await syncSpreadsheet(world.deps, withDashboard.spreadsheetId);

    await world.stores.innovations.moveStage("INO-DASH000001", { to: "diagnose", date: todayWib() }, testActor);
    const without = await syncSpreadsheet(world.deps, plain.spreadsheetId);
    const withIt = await syncSpreadsheet(world.deps, withDashboard.spreadsheetId);
    expect(without.status).toBe("done");
    expect(withIt.sheetsRequests).toBe(without.sheetsRequests + 1);
    expect(withIt.sheetsCalls["spreadsheets.values.batchUpdate"]).toBe((without.sheetsCalls["spreadsheets.values.batchUpdate"] ?? 0) + 1);
    expect((await perStage(withDashboard.spreadsheetId)).slice(0, 2)).toEqual([["Drum-up", 0], ["Diagnose", 1]]);

    const quiet = await syncSpreadsheet(world.deps, withDashboard.spreadsheetId);
    expect(quiet.sheetsCalls["spreadsheets.values.batchUpdate"]).toBeUndefined();
  });

  it("a run's dashboard reads the innovations itself once the tabs' records are let go, the rows the run just saved among them", async () => {
    await Promise.all(Array.from({ length: 30 }, (_, index) => world.stores.innovations.create(`INO-DASHR${String(index).padStart(5, "0")}`, innovationFields({ name: `Inovasi ${index}` }), testActor)));
    const plain = await cityWide();
    await initTarget(world.deps, plain.targetId);
    await world.database.db.collection(SHEET_DASHBOARDS).doc(plain.spreadsheetId).delete(); // the same spreadsheet, without a dashboard
    const withDashboard = await cityWide();
    await initTarget(world.deps, withDashboard.targetId);
    // Staff add an innovation on the city-wide tab; the first run (no cursor yet) reads every innovation.
    const header = (await readTab(world, withDashboard.spreadsheetId))[0]!;
    const typed = { "Nama Inovasi": "Lapor Banjir", Unit: "Dinas Kesehatan P2KB", Jenis: "Digital", Bentuk: "Inovasi pelayanan publik", Inisiator: "OPD" };
    for (const spreadsheetId of [plain.spreadsheetId, withDashboard.spreadsheetId]) {
      for (const [column, value] of Object.entries(typed)) await type(world, spreadsheetId, `${columnOf(header, column)}2`, [[value]]);
    }
    const without = await syncSpreadsheet(world.deps, plain.spreadsheetId);
    const withIt = await syncSpreadsheet(world.deps, withDashboard.spreadsheetId);
    expect(withIt.recordWrites).toBe(1);
    expect((await perStage(withDashboard.spreadsheetId))[0]).toEqual(["Drum-up", 32]); // 30, the row saved in this run, and plain's
    // The run no longer hands its records on (a city-wide tab of 50,000 innovations and their
    // figures did not fit the syncing functions' heap together): the dashboard reads the 32
    // innovations itself, only the fields its figures need; the units still come from the run.
    const stored = (await world.database.db.collection(COLLECTIONS.innovations).count().get()).data().count;
    expect(stored).toBeGreaterThanOrEqual(32);
    expect(withIt.firestore.reads - without.firestore.reads).toBeGreaterThanOrEqual(stored);
    expect(withIt.firestore.reads - without.firestore.reads).toBeLessThan(stored + 10);

    // A run that reads only what changed leaves the dashboard to read the innovations itself.
    await world.stores.innovations.moveStage("INO-DASHR00000", { to: "diagnose", date: todayWib() }, testActor);
    const later = await syncSpreadsheet(world.deps, withDashboard.spreadsheetId);
    expect((await perStage(withDashboard.spreadsheetId)).slice(0, 2)).toEqual([["Drum-up", 31], ["Diagnose", 1]]);
    expect(later.firestore.reads).toBeGreaterThan(32);
  });

  it("writes the next day's figures on the first run of the day, once, even when the answer to the write is lost", async () => {
    await world.stores.innovations.create("INO-DASH000001", innovationFields(), testActor, { now: new Date(Date.now() - 29 * 86_400_000) });
    const { spreadsheetId, targetId } = await cityWide();
    await initTarget(world.deps, targetId);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const stalledBand = async () => (await world.sheets.spreadsheets.values.get({ spreadsheetId, range: `'Dasbor'!L${DATA_HEADER_ROW + 2}:M${DATA_HEADER_ROW + 2}`, valueRenderOption: "UNFORMATTED_VALUE" })).data.values;
    expect(await stalledBand()).toEqual([["30–59 hari", 0]]);

    // A day later nothing changed in the records, but the innovation has now waited 30 days.
    takeCounts(world);
    world.emulator.faults.inject({ method: "spreadsheets.values.batchUpdate", afterApply: "drop", nth: 1 });
    const tomorrow = await syncSpreadsheet({ ...world.deps, now: () => new Date(Date.now() + 86_400_000) }, spreadsheetId);
    expect(tomorrow.status).toBe("done");
    expect(takeCounts(world)["spreadsheets.values.batchUpdate"]).toBe(2); // the lost answer, and the retry
    expect(await stalledBand()).toEqual([["30–59 hari", 1]]);
    const again = await syncSpreadsheet({ ...world.deps, now: () => new Date(Date.now() + 86_400_000) }, spreadsheetId);
    expect(again.sheetsCalls["spreadsheets.values.batchUpdate"]).toBeUndefined();
  });

  it("reads only what was committed since, on a day whose figures it already worked out", async () => {
    await Promise.all(Array.from({ length: 40 }, (_, index) => world.stores.innovations.create(`INO-DASHQ${String(index).padStart(5, "0")}`, innovationFields({ name: `Inovasi ${index}` }), testActor)));
    const { spreadsheetId, targetId } = await cityWide();
    await initTarget(world.deps, targetId);
    const exact = { cursorMarginMs: 0 }; // one process, one clock: no margin needed to see every commit
    await syncSpreadsheet(world.deps, spreadsheetId, exact);
    await syncSpreadsheet(world.deps, spreadsheetId, exact);

    const quiet = await syncSpreadsheet(world.deps, spreadsheetId, exact);
    expect(quiet.sheetsCalls["spreadsheets.values.batchUpdate"]).toBeUndefined();
    expect(quiet.firestore.reads).toBeLessThan(40); // not every innovation again

    await world.stores.units.update("dinkes", { name: "Dinas Kesehatan, Pengendalian Penduduk dan KB" }, testActor);
    await syncSpreadsheet(world.deps, spreadsheetId, exact);
    const { data } = await world.sheets.spreadsheets.values.get({ spreadsheetId, range: `'Dasbor'!D${DATA_HEADER_ROW + 2}` });
    expect(data.values).toEqual([["Dinas Kesehatan, Pengendalian Penduduk dan KB"]]);
  });

  it("leaves staff's cells between the tables, their own chart and their other tabs as they were", async () => {
    await world.stores.innovations.create("INO-DASH000001", innovationFields(), testActor);
    const { spreadsheetId, targetId } = await cityWide();
    await initTarget(world.deps, targetId);
    const dashboardId = (await dashboardSheet(spreadsheetId))!.properties!.sheetId!;
    await world.sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          { addSheet: { properties: { title: "Catatan Koordinator" } } },
          {
            addChart: {
              chart: {
                chartId: 999001,
                spec: { title: "Grafik buatan staf", basicChart: { chartType: "LINE", domains: [{ domain: { sourceRange: { sources: [{ sheetId: dashboardId, startRowIndex: 0, endRowIndex: 3, startColumnIndex: 20, endColumnIndex: 21 }] } } }] } },
                position: { overlayPosition: { anchorCell: { sheetId: dashboardId, rowIndex: 0, columnIndex: 20 } } },
              },
            },
          },
        ],
      },
    });
    const staffCells = { "'Dasbor'!C70": "catatan di sela tabel", "'Dasbor'!U2": "target 2027: 40 inovasi", "'Dasbor'!D2": "rapat Senin", "'Catatan Koordinator'!A1": "jangan dihapus" };
    await world.sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: { valueInputOption: "USER_ENTERED", data: Object.entries(staffCells).map(([range, value]) => ({ range, values: [[value]] })) },
    });

    await world.stores.innovations.moveStage("INO-DASH000001", { to: "diagnose", date: todayWib() }, testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    await initTarget(world.deps, targetId);
    for (const [range, value] of Object.entries(staffCells)) {
      const { data } = await world.sheets.spreadsheets.values.get({ spreadsheetId, range });
      expect(data.values, range).toEqual([[value]]);
    }
    const charts = (await dashboardSheet(spreadsheetId))!.charts!;
    expect(charts.find((chart) => chart.chartId === 999001)?.spec?.title).toBe("Grafik buatan staf");
    expect(charts).toHaveLength(6);
    expect((await readTab(world, spreadsheetId)).length).toBe(2); // the innovations tab: header and one row
  });

  it("an invalid indicator override in Firestore is logged and the shipped guide used; the run still refreshes the tab", async () => {
    await world.stores.innovations.create("INO-DASH000001", innovationFields(), testActor);
    const { spreadsheetId, targetId } = await cityWide();
    await initTarget(world.deps, targetId);
    const broken = { ...shippedIndicators(2023), year: Number(todayWib().slice(0, 4)), indicators: [] };
    await world.database.db.collection(IID_INDICATORS_COLLECTION).doc(todayWib().slice(0, 4)).set(broken);
    await world.stores.innovations.moveStage("INO-DASH000001", { to: "diagnose", date: todayWib() }, testActor);

    const errors: string[] = [];
    const report = await syncSpreadsheet({ ...world.deps, log: { ...world.deps.log!, error: (message: string) => errors.push(message) } }, spreadsheetId);
    expect(report.status).toBe("done");
    expect((await perStage(spreadsheetId)).slice(0, 2)).toEqual([["Drum-up", 0], ["Diagnose", 1]]);
    expect(errors.filter((message) => message.includes("the IID indicators in Firestore are invalid"))).toHaveLength(1);
  });

  it("says a deleted tab instead of failing the run, and init makes it again", async () => {
    await world.stores.innovations.create("INO-DASH000001", innovationFields(), testActor);
    const { spreadsheetId, targetId } = await cityWide();
    await initTarget(world.deps, targetId);
    const sheetId = (await dashboardSheet(spreadsheetId))!.properties!.sheetId!;
    await world.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ deleteSheet: { sheetId } }] } });

    await world.stores.innovations.moveStage("INO-DASH000001", { to: "diagnose", date: todayWib() }, testActor);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.status).toBe("done");
    const state = (await world.database.db.collection(SHEET_DASHBOARDS).doc(spreadsheetId).get()).data();
    expect(state?.pausedReason).toBe(DASHBOARD_WORDS.missingTab("Dasbor"));

    const init = await initTarget(world.deps, targetId);
    expect(init.dashboard).toEqual({ createdTab: true, chartsAdded: 5, chartsUpdated: 0, data: "written" });
    expect((await perStage(spreadsheetId)).slice(0, 2)).toEqual([["Drum-up", 0], ["Diagnose", 1]]);
    expect((await world.database.db.collection(SHEET_DASHBOARDS).doc(spreadsheetId).get()).data()?.pausedReason).toBeNull();
  });
});
