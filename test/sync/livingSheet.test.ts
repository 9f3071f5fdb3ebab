// A spreadsheet staff are working in while a run reads and writes it (issue "nothing lost while
// staff work"): at a request boundary of the run, staff insert and delete rows, type new rows,
// edit cells, change headers and IDs; a second run takes over a slowed one; an answer is lost
// after the server applied the request. Each case checks nothing lands on a wrong row, no edit
// or record is lost or duplicated, and the next run is quiet.
import { randomUUID } from "node:crypto";
import { sheets_v4 } from "@googleapis/sheets";
import { describe, expect, it } from "vitest";
import { columnLetter } from "../../sheets/layout/columns.js";
import { initTarget } from "../../sheets/init.js";
import { PAUSE_MESSAGES, STATUS } from "../../sheets/layout/labels.js";
import { SHEET_TARGETS } from "../../sheets/targets/store.js";
import { recordSheetEdits } from "../../sheets/sync/journal.js";
import { syncSpreadsheet } from "../../sheets/sync/run.js";
import { syncAfterChange } from "../../sheets/sync/schedule.js";
import { readRunSnapshot } from "../../sheets/sync/state.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, boundaryClient, columnOf, newSpreadsheet, readTab, tabRows, takeCounts, type, syncWorldForEachTest } from "./support.js";

const world = syncWorldForEachTest();

async function synced(count = 3) {
  const spreadsheetId = await newSpreadsheet(world);
  const target = await addTarget(world, { spreadsheetId });
  await initTarget(world.deps, target.id);
  for (let index = 0; index < count; index++) {
    await world.stores.innovations.create(`INO-SEED${String(index).padStart(4, "0")}`, innovationFields({ name: `Inovasi ${index}`, goal: `tujuan ${index}` }), testActor);
  }
  await syncSpreadsheet(world.deps, spreadsheetId);
  const header = (await readTab(world, spreadsheetId))[0]!;
  return { spreadsheetId, targetId: target.id, header, col: (name: string) => columnOf(header, name) };
}

async function sheetId(spreadsheetId: string): Promise<number> {
  const book = await world.sheets.spreadsheets.get({ spreadsheetId });
  return book.data.sheets!.find((sheet) => sheet.properties?.title === "Inovasi")!.properties!.sheetId!;
}

/** Staff insert (or delete) whole rows, as the Sheets UI does: 1-based row number. */
async function insertRow(spreadsheetId: string, row: number): Promise<void> {
  const id = await sheetId(spreadsheetId);
  await world.sheets.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: { requests: [{ insertDimension: { range: { sheetId: id, dimension: "ROWS", startIndex: row - 1, endIndex: row }, inheritFromBefore: false } }] },
  });
}

async function deleteRow(spreadsheetId: string, row: number): Promise<void> {
  const id = await sheetId(spreadsheetId);
  await world.sheets.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: { requests: [{ deleteDimension: { range: { sheetId: id, dimension: "ROWS", startIndex: row - 1, endIndex: row } } }] },
  });
}

/** Staff sort the data rows by a column (0-based), as the Sheets UI's "Sort range" does. */
async function sortRows(spreadsheetId: string, column: number, order: "ASCENDING" | "DESCENDING"): Promise<void> {
  const id = await sheetId(spreadsheetId);
  await world.sheets.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: { requests: [{ sortRange: { range: { sheetId: id, startRowIndex: 1 }, sortSpecs: [{ dimensionIndex: column, sortOrder: order }] } }] },
  });
}

/** Staff drag a row (1-based) to before another row (1-based), as moveDimension does. */
async function moveRow(spreadsheetId: string, row: number, before: number): Promise<void> {
  const id = await sheetId(spreadsheetId);
  await world.sheets.spreadsheets.batchUpdate({
    spreadsheetId,
    requestBody: { requests: [{ moveDimension: { source: { sheetId: id, dimension: "ROWS", startIndex: row - 1, endIndex: row }, destinationIndex: before - 1 } }] },
  });
}

async function typeNewRow(spreadsheetId: string, col: (name: string) => string, row: number, name: string): Promise<void> {
  await type(world, spreadsheetId, `${col("Nama Inovasi")}${row}`, [[name]]);
  await type(world, spreadsheetId, `${col("Jenis")}${row}:${col("Bentuk")}${row}`, [["Digital", "Inovasi pelayanan publik"]]);
  await type(world, spreadsheetId, `${col("Inisiator")}${row}`, [["OPD"]]);
}

async function rowOf(spreadsheetId: string, id: string) {
  return (await tabRows(world, spreadsheetId)).find((row) => row.ID === id);
}

async function goals(): Promise<Record<string, unknown>> {
  const all = await world.stores.innovations.list();
  return Object.fromEntries(all.map((record) => [record.id, record.goal]));
}

function runWith(sheets: sheets_v4.Sheets, extra: Partial<typeof world.deps> = {}) {
  return { ...world.deps, sheets, ...extra };
}

describe("rows move while a run writes", () => {
  it.each([
    ["before the check right before writing", "batchGet#2"],
    ["between that check and the write", "valuesWrite#1"],
  ])("a row inserted at the top %s: the record's new value lands on its own row", async (_when, boundary) => {
    const { spreadsheetId } = await synced();
    await world.stores.innovations.update("INO-SEED0001", { goal: "baru dari sistem" }, testActor);
    const sheets = boundaryClient(world, { [boundary]: () => insertRow(spreadsheetId, 2) });
    await syncSpreadsheet(runWith(sheets), spreadsheetId);
    expect((await rowOf(spreadsheetId, "INO-SEED0001"))?.Tujuan).toBe("baru dari sistem");
    expect((await rowOf(spreadsheetId, "INO-SEED0000"))?.Tujuan).toBe("tujuan 0");
    expect((await rowOf(spreadsheetId, "INO-SEED0002"))?.Tujuan).toBe("tujuan 2");
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect(await goals()).toEqual({ "INO-SEED0000": "tujuan 0", "INO-SEED0001": "baru dari sistem", "INO-SEED0002": "tujuan 2" });
  });

  it.each([
    ["sorted by name, descending", (spreadsheetId: string) => sortRows(spreadsheetId, 1, "DESCENDING")],
    ["with the last row moved to the top", (spreadsheetId: string) => moveRow(spreadsheetId, 4, 2)],
  ])("rows %s between the check and the write: every value stays on its own row", async (_how, act) => {
    const { spreadsheetId } = await synced();
    await world.stores.innovations.update("INO-SEED0000", { goal: "baru 0" }, testActor);
    await world.stores.innovations.update("INO-SEED0002", { goal: "baru 2" }, testActor);
    const sheets = boundaryClient(world, { "valuesWrite#1": () => act(spreadsheetId) });
    await syncSpreadsheet(runWith(sheets), spreadsheetId);
    expect((await rowOf(spreadsheetId, "INO-SEED0000"))?.Tujuan).toBe("baru 0");
    expect((await rowOf(spreadsheetId, "INO-SEED0001"))?.Tujuan).toBe("tujuan 1");
    expect((await rowOf(spreadsheetId, "INO-SEED0002"))?.Tujuan).toBe("baru 2");
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect(await goals()).toEqual({ "INO-SEED0000": "baru 0", "INO-SEED0001": "tujuan 1", "INO-SEED0002": "baru 2" });
    for (const id of ["INO-SEED0000", "INO-SEED0001", "INO-SEED0002"]) expect((await rowOf(spreadsheetId, id))?.["Nama Inovasi"]).toBe(`Inovasi ${id.slice(-1)}`);
  });

  it("a row deleted above between the check and the write: the neighbours keep their values", async () => {
    const { spreadsheetId } = await synced();
    await world.stores.innovations.update("INO-SEED0002", { goal: "baru dari sistem" }, testActor);
    const sheets = boundaryClient(world, { "valuesWrite#1": () => deleteRow(spreadsheetId, 2) });
    await syncSpreadsheet(runWith(sheets), spreadsheetId);
    expect((await rowOf(spreadsheetId, "INO-SEED0002"))?.Tujuan).toBe("baru dari sistem");
    expect((await rowOf(spreadsheetId, "INO-SEED0001"))?.Tujuan).toBe("tujuan 1");
    await syncSpreadsheet(world.deps, spreadsheetId);
    const records = await world.stores.innovations.list();
    expect(records.find((record) => record.id === "INO-SEED0001")?.goal).toBe("tujuan 1");
    // The deleted row was staff's choice: its record is archived, never reverted or forked.
    expect(records.find((record) => record.id === "INO-SEED0000")?.status).toBe("diarsipkan");
    expect(records).toHaveLength(3);
  });

  it("a row inserted above a new row about to get its ID: the ID lands on the new row, no other ID changes", async () => {
    const { spreadsheetId, col } = await synced();
    await typeNewRow(spreadsheetId, col, 5, "Baris staf");
    const sheets = boundaryClient(world, { "valuesWrite#1": () => insertRow(spreadsheetId, 2) });
    await syncSpreadsheet(runWith(sheets), spreadsheetId);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const rows = await tabRows(world, spreadsheetId);
    const staff = rows.find((row) => row["Nama Inovasi"] === "Baris staf");
    expect(String(staff?.ID)).toMatch(/^INO-/);
    expect(rows.filter((row) => String(row.ID).startsWith("INO-SEED")).map((row) => row["Nama Inovasi"])).toEqual(["Inovasi 0", "Inovasi 1", "Inovasi 2"]);
    const records = await world.stores.innovations.list();
    expect(records).toHaveLength(4);
    expect(records.filter((record) => record.status === "diarsipkan")).toHaveLength(0);
  });
});

describe("staff type where a run writes", () => {
  it("a new row typed at the bottom while a record's row is being added: both rows stay", async () => {
    const { spreadsheetId, col } = await synced();
    await world.stores.innovations.create("INO-FORM000001", innovationFields({ name: "Dari formulir" }), { by: "form:x", source: "form" });
    const sheets = boundaryClient(world, { "addRows#1": () => typeNewRow(spreadsheetId, col, 5, "Diketik staf") });
    await syncSpreadsheet(runWith(sheets), spreadsheetId);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const names = (await tabRows(world, spreadsheetId)).map((row) => row["Nama Inovasi"]);
    expect(names.filter((name) => name === "Dari formulir")).toHaveLength(1);
    expect(names.filter((name) => name === "Diketik staf")).toHaveLength(1);
    expect(await world.stores.innovations.list()).toHaveLength(5);
  });

  it("a cell staff edit before the run writes it keeps the staff value; the record's value is kept in the audit", async () => {
    const { spreadsheetId, col } = await synced();
    await world.stores.innovations.update("INO-SEED0001", { goal: "dari sistem" }, testActor);
    const sheets = boundaryClient(world, { "batchGet#2": () => type(world, spreadsheetId, `${col("Tujuan")}3`, [["dari staf"]]) });
    await syncSpreadsheet(runWith(sheets), spreadsheetId);
    expect((await rowOf(spreadsheetId, "INO-SEED0001"))?.Tujuan).toBe("dari staf");
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.innovations.get("INO-SEED0001"))?.goal).toBe("dari staf");
    const audit = await world.database.db.collection("audit").where("recordId", "==", "INO-SEED0001").get();
    const olds = audit.docs.flatMap((doc) => (doc.get("changes") as { field: string; old: unknown }[]).filter((change) => change.field === "goal").map((change) => change.old));
    expect(olds).toContain("dari sistem");
  });
});

/** Staff typing, as the Apps Script reports it: the edit reaches the sheet and the edit journal. */
async function staffTypes(spreadsheetId: string, col: (name: string) => string, header: string, row: number, value: string): Promise<void> {
  const rowId = String((await readTab(world, spreadsheetId))[row - 1]?.[0] ?? "");
  await type(world, spreadsheetId, `${col(header)}${row}`, [[value]]);
  await recordSheetEdits(world.database.db, { eventId: randomUUID(), spreadsheetId, sheetName: "Inovasi", editedAt: new Date().toISOString(), cells: [{ rowId, header, value }] });
}

describe("an edit typed in the instant before a write lands on the same cell", () => {
  it("is overwritten in the sheet, then applied from the edit journal by the next run", async () => {
    const { spreadsheetId, col } = await synced();
    await world.stores.innovations.update("INO-SEED0001", { goal: "dari sistem" }, testActor);
    const sheets = boundaryClient(world, { "valuesWrite#1": () => staffTypes(spreadsheetId, col, "Tujuan", 3, "dari staf") });
    await syncSpreadsheet(runWith(sheets), spreadsheetId);
    // Sheets has no compare-and-set: the run's value landed over the staff edit.
    expect((await rowOf(spreadsheetId, "INO-SEED0001"))?.Tujuan).toBe("dari sistem");
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.innovations.get("INO-SEED0001"))?.goal).toBe("dari staf");
    expect((await rowOf(spreadsheetId, "INO-SEED0001"))?.Tujuan).toBe("dari staf");
    const quiet = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(quiet.recordWrites + quiet.cellsWritten).toBe(0);
    expect((await world.stores.innovations.get("INO-SEED0001"))?.goal).toBe("dari staf");
  });

  it("an edit the record already got is not applied again when the record changed since", async () => {
    const { spreadsheetId, col } = await synced();
    await type(world, spreadsheetId, `${col("Tujuan")}3`, [["dari staf"]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    // The notice arrives after the run that merged the edit had read the journal.
    await recordSheetEdits(world.database.db, { eventId: randomUUID(), spreadsheetId, sheetName: "Inovasi", editedAt: new Date(Date.now() - 1000).toISOString(), cells: [{ rowId: "INO-SEED0001", header: "Tujuan", value: "dari staf" }] });
    await world.stores.innovations.update("INO-SEED0001", { goal: "lebih baru dari sistem" }, testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.innovations.get("INO-SEED0001"))?.goal).toBe("lebih baru dari sistem");
    expect((await rowOf(spreadsheetId, "INO-SEED0001"))?.Tujuan).toBe("lebih baru dari sistem");
  });

  it("an overwritten edit and a record change made after it: a conflict the sheet wins, the record's value kept in the audit", async () => {
    const { spreadsheetId, col } = await synced();
    await world.stores.innovations.update("INO-SEED0001", { goal: "dari sistem" }, testActor);
    const sheets = boundaryClient(world, { "valuesWrite#1": () => staffTypes(spreadsheetId, col, "Tujuan", 3, "dari staf") });
    await syncSpreadsheet(runWith(sheets), spreadsheetId);
    await world.stores.innovations.update("INO-SEED0001", { goal: "lebih baru dari sistem" }, testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.innovations.get("INO-SEED0001"))?.goal).toBe("dari staf");
    const audit = await world.database.db.collection("audit").where("recordId", "==", "INO-SEED0001").get();
    const olds = audit.docs.flatMap((doc) => (doc.get("changes") as { field: string; old: unknown }[]).filter((change) => change.field === "goal").map((change) => change.old));
    expect(olds).toContain("lebih baru dari sistem");
  });
});

describe("a run that outlives its lease", () => {
  it("writes nothing once another run took over: one staff row stays one record and one row", async () => {
    const { spreadsheetId, col } = await synced();
    await typeNewRow(spreadsheetId, col, 5, "Baris staf");
    const start = Date.now();
    const slowClock = () => new Date(start);
    const laterClock = () => new Date(start + 5 * 60_000);
    // Paused between two requests (a throttled instance) long enough for its lease to run out.
    const sheets = boundaryClient(world, { "batchGet#2": () => syncSpreadsheet({ ...world.deps, now: laterClock }, spreadsheetId, { leaseMs: 60_000 }) });
    const slow = await syncSpreadsheet(runWith(sheets, { now: slowClock }), spreadsheetId, { leaseMs: 60_000 });
    expect(slow.status).toBe("leaseLost");
    const rows = (await tabRows(world, spreadsheetId)).filter((row) => row["Nama Inovasi"] === "Baris staf");
    expect(rows).toHaveLength(1);
    expect((await world.stores.innovations.list()).filter((record) => record.name === "Baris staf")).toHaveLength(1);
  });

  it("a record write after the lease was taken over is refused in its own transaction (fencing)", async () => {
    const { spreadsheetId, col } = await synced();
    await type(world, spreadsheetId, `${col("Tujuan")}3`, [["dari staf"]]);
    const start = Date.now();
    // Taken over right after the slow run's first read, before it writes any record.
    const sheets = boundaryClient(world, {
      "after:batchGet#1": async () => {
        await syncSpreadsheet({ ...world.deps, now: () => new Date(start + 5 * 60_000) }, spreadsheetId, { leaseMs: 60_000 });
        await world.stores.innovations.update("INO-SEED0001", { goal: "lalu diubah sistem" }, testActor);
      },
    });
    const slow = await syncSpreadsheet(runWith(sheets, { now: () => new Date(start) }), spreadsheetId, { leaseMs: 60_000 });
    expect(slow.status).toBe("leaseLost");
    expect((await world.stores.innovations.get("INO-SEED0001"))?.goal).toBe("lalu diubah sistem");
  });
});

describe("a run that stops between its write and its check", () => {
  it("the run that takes over puts back what it wrote on another record's row, never taking it for a staff edit", async () => {
    const { spreadsheetId } = await synced();
    await world.stores.innovations.update("INO-SEED0000", { goal: "baru 0" }, testActor);
    const start = Date.now();
    const sheets = boundaryClient(world, {
      // Rows swap in the instant before the write, so "baru 0" lands on INO-SEED0002's row...
      "valuesWrite#1": () => sortRows(spreadsheetId, 1, "DESCENDING"),
      // ...and before the slowed run can check its write, another run takes over.
      "after:valuesWrite#1": () => syncSpreadsheet({ ...world.deps, now: () => new Date(start + 10 * 60_000) }, spreadsheetId, { leaseMs: 60_000 }),
    });
    const slow = await syncSpreadsheet(runWith(sheets, { now: () => new Date(start) }), spreadsheetId, { leaseMs: 60_000 });
    expect(slow.status).toBe("leaseLost");
    expect((await rowOf(spreadsheetId, "INO-SEED0002"))?.Tujuan).toBe("tujuan 2");
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect(await goals()).toEqual({ "INO-SEED0000": "baru 0", "INO-SEED0001": "tujuan 1", "INO-SEED0002": "tujuan 2" });
    expect((await rowOf(spreadsheetId, "INO-SEED0000"))?.Tujuan).toBe("baru 0");
  });
});

describe("a write whose answer was lost", () => {
  it("an added row whose answer timed out is not added twice", async () => {
    const { spreadsheetId } = await synced();
    await world.stores.innovations.create("INO-API0000001", innovationFields({ name: "Dari API" }), testActor);
    const sheets = boundaryClient(world, {}, { loseAnswerOf: "addRows#1" });
    await syncSpreadsheet(runWith(sheets), spreadsheetId);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await tabRows(world, spreadsheetId)).filter((row) => row.ID === "INO-API0000001")).toHaveLength(1);
  });

  it("an ID write whose answer timed out makes one record, not two", async () => {
    const { spreadsheetId, col } = await synced();
    await typeNewRow(spreadsheetId, col, 5, "Baris staf");
    const sheets = boundaryClient(world, {}, { loseAnswerOf: "valuesWrite#1" });
    await syncSpreadsheet(runWith(sheets), spreadsheetId);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.innovations.list()).filter((record) => record.name === "Baris staf")).toHaveLength(1);
    expect((await tabRows(world, spreadsheetId)).filter((row) => row["Nama Inovasi"] === "Baris staf")).toHaveLength(1);
  });
});

describe("rows a run adds", () => {
  /** The dropdown labels of one cell (A1), as Sheets keeps its data validation. */
  async function dropdownAt(spreadsheetId: string, cell: string): Promise<string[]> {
    const response = await world.sheets.spreadsheets.get({ spreadsheetId, ranges: [`Inovasi!${cell}`], includeGridData: true });
    const data = response.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0];
    return (data?.dataValidation?.condition?.values ?? []).map((value) => value.userEnteredValue ?? "");
  }

  async function setStoredSheetId(targetId: string, sheetId: number | null): Promise<void> {
    await world.database.db.collection(SHEET_TARGETS).doc(targetId).update({ sheetId });
  }

  // values.append over A:A finds no "table" in a blank column A and writes at the range's top
  // (recorded: cassettes/WorksheetTest.test_insert_row.json in ../shared); the row would go above
  // the header. The rows are inserted right below the last row the run read instead.
  it("staff inserted a blank column A: a record's new row lands below the last row, the header stays on row 1", async () => {
    const { spreadsheetId } = await synced();
    await world.sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ insertDimension: { range: { sheetId: await sheetId(spreadsheetId), dimension: "COLUMNS", startIndex: 0, endIndex: 1 } } }] },
    });
    await world.stores.innovations.create("INO-API0000001", innovationFields({ name: "Dari API" }), testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const [header, ...rows] = await readTab(world, spreadsheetId);
    expect(header![0] ?? "").toBe("");
    expect(header![1]).toBe("ID");
    const col = (name: string) => columnOf(header!, name);
    expect(rows.map((row) => row[1])).toEqual(["INO-SEED0000", "INO-SEED0001", "INO-SEED0002", "INO-API0000001"]);
    expect(rows[3]![0] ?? "").toBe("");
    expect(await dropdownAt(spreadsheetId, `${col("Jenis")}5`)).toEqual(await dropdownAt(spreadsheetId, `${col("Jenis")}2`));
    expect(await dropdownAt(spreadsheetId, `${col("Jenis")}5`)).not.toEqual([]);
    expect((await syncSpreadsheet(world.deps, spreadsheetId)).cellsWritten).toBe(0);
  });

  it("values, dropdowns and rows land in one request: text that looks like a formula or a number stays text", async () => {
    const { spreadsheetId, col } = await synced();
    await world.stores.innovations.create("INO-API0000001", innovationFields({ name: "=bukan rumus", goal: "0042" }), testActor);
    takeCounts(world);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect(takeCounts(world)).toEqual({ "spreadsheets.values.batchGet": 2, "spreadsheets.batchUpdate": 1 });
    const formulas = await readTab(world, spreadsheetId, "Inovasi", "FORMULA");
    const added = formulas.find((row) => row.includes("INO-API0000001"))!;
    const header = formulas[0]!;
    expect(added[header.indexOf("Nama Inovasi")]).toBe("=bukan rumus");
    expect(added[header.indexOf("Tujuan")]).toBe("0042");
    expect(await dropdownAt(spreadsheetId, `${col("Jenis")}5`)).not.toEqual([]);
    expect((await world.stores.innovations.require("INO-API0000001")).name).toBe("=bukan rumus");
    expect((await syncSpreadsheet(world.deps, spreadsheetId)).recordWrites).toBe(0);
  });

  it.each([
    ["dropped after Google applied it", "drop" as const],
    ["unanswered until the client's time-out", "hang" as const],
  ])("the batch adding a row %s: the run reads again and adds nothing twice", async (_how, afterApply) => {
    const { spreadsheetId } = await synced();
    await world.stores.innovations.create("INO-API0000001", innovationFields({ name: "Dari API" }), testActor);
    world.emulator.faults.inject({ method: "spreadsheets.batchUpdate", afterApply, times: 1 });
    // A client with a short time-out, as the deployed one has its own (60 s).
    const sheets = new sheets_v4.Sheets({ rootUrl: `${world.emulator.url}/`, auth: "test-api-key", retry: false, timeout: 1_000 } as sheets_v4.Options);
    const report = await syncSpreadsheet(runWith(sheets), spreadsheetId);
    expect(report.status).toBe("done");
    expect((await tabRows(world, spreadsheetId)).filter((row) => row.ID === "INO-API0000001")).toHaveLength(1);
    expect((await syncSpreadsheet(world.deps, spreadsheetId)).cellsWritten).toBe(0);
    expect((await tabRows(world, spreadsheetId)).map((row) => row.ID)).toEqual(["INO-SEED0000", "INO-SEED0001", "INO-SEED0002", "INO-API0000001"]);
  });

  // Staff's own structural edits are spreadsheets.batchUpdate calls too, so the property test
  // cannot fault that method while staff act; this case covers Google refusing it for a while.
  it.each([429, 500, 503] as const)("the batch adding a row answered %i twice: tried again after a fresh read, added once", async (status) => {
    const { spreadsheetId } = await synced();
    await world.stores.innovations.create("INO-API0000001", innovationFields({ name: "Dari API" }), testActor);
    world.emulator.faults.inject({ method: "spreadsheets.batchUpdate", status, times: 2 });
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.status).toBe("done");
    expect((await tabRows(world, spreadsheetId)).map((row) => row.ID)).toEqual(["INO-SEED0000", "INO-SEED0001", "INO-SEED0002", "INO-API0000001"]);
  });

  it("a target without a stored sheetId finds it in one metadata read; a stale one is read again once Google refuses it", async () => {
    const { spreadsheetId, targetId, col } = await synced();
    await setStoredSheetId(targetId, null);
    await world.stores.innovations.create("INO-API0000001", innovationFields({ name: "Tanpa sheetId" }), testActor);
    takeCounts(world);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect(takeCounts(world)).toEqual({ "spreadsheets.values.batchGet": 2, "spreadsheets.get": 1, "spreadsheets.batchUpdate": 1 });
    await setStoredSheetId(targetId, 987_654);
    await world.stores.innovations.create("INO-API0000002", innovationFields({ name: "sheetId lama" }), testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await tabRows(world, spreadsheetId)).map((row) => row.ID)).toEqual(["INO-SEED0000", "INO-SEED0001", "INO-SEED0002", "INO-API0000001", "INO-API0000002"]);
    expect(await dropdownAt(spreadsheetId, `${col("Jenis")}6`)).not.toEqual([]);
  });
});

describe("headers", () => {
  it("a second column with the same header pauses the tab and blanks nothing", async () => {
    const { spreadsheetId, targetId, header } = await synced();
    // Staff add an empty column and give it a header that matches "Urusan" (case and spaces aside).
    await type(world, spreadsheetId, `${columnLetter(header.length)}1`, [["urusan "]]);
    const report = await syncSpreadsheet(world.deps, spreadsheetId);
    expect(report.targets[0]!.paused).toBe(PAUSE_MESSAGES.duplicateHeaders("Inovasi", ["Urusan"]));
    expect((await world.targets.get(targetId))?.pausedReason).toContain("lebih dari satu kolom");
    const urusan = (await world.stores.innovations.list()).map((record) => record.urusan);
    expect(urusan.every((value) => value === "kesehatan")).toBe(true);
    // Staff see why in the sheet: a note on the tab's first cell.
    const grid = await world.sheets.spreadsheets.get({ spreadsheetId, ranges: ["'Inovasi'!A1"], includeGridData: true });
    expect(grid.data.sheets![0]!.data![0]!.rowData![0]!.values![0]!.note).toBe(PAUSE_MESSAGES.duplicateHeaders("Inovasi", ["Urusan"]));
  });

  it("a run whose caller read the run state before another run paused the tab takes the lease on what is stored, and notes nothing twice", async () => {
    const { spreadsheetId, targetId, header } = await synced();
    const stale = await readRunSnapshot(world.database.db, spreadsheetId);
    await type(world, spreadsheetId, `${columnLetter(header.length)}1`, [["urusan "]]);
    const pausing = await syncSpreadsheet(world.deps, spreadsheetId);
    world.emulator.reset();
    const late = await syncSpreadsheet(world.deps, spreadsheetId, { runState: stale });
    expect(late.status).toBe("done");
    expect(late.targets[0]!.paused).toBe(PAUSE_MESSAGES.duplicateHeaders("Inovasi", ["Urusan"]));
    expect((await world.targets.get(targetId))?.pausedReason).toContain("lebih dari satu kolom");
    // The paused tab is read, and its note (written by the run before) is not written again.
    expect(takeCounts(world)).toEqual({ "spreadsheets.values.batchGet": 1 });
    expect((await readRunSnapshot(world.database.db, spreadsheetId)).state.fence).toBe(stale.state.fence + 2);
    expect(pausing.status).toBe("done");
  });

  it("a header renamed and renamed back: what staff typed in that column meanwhile is applied", async () => {
    const { spreadsheetId, col } = await synced();
    const goal = col("Tujuan");
    await type(world, spreadsheetId, `${goal}1`, [["Tujuan (lama)"]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    await type(world, spreadsheetId, `${goal}3`, [["diketik saat judul berubah"]]);
    await type(world, spreadsheetId, `${goal}1`, [["Tujuan"]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await world.stores.innovations.get("INO-SEED0001"))?.goal).toBe("diketik saat judul berubah");
  });
});

describe("the ID cell", () => {
  it.each([
    ["overwritten with another row's ID", "INO-SEED0000"],
    ["overwritten with text", "abc"],
    ["lower-cased", "ino-seed0001"],
    ["cleared", ""],
  ])("%s: the ID is put back, nothing archived or forked", async (_what, typed) => {
    const { spreadsheetId, col } = await synced();
    await type(world, spreadsheetId, `${col("ID")}3`, [[typed]]);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const row = (await tabRows(world, spreadsheetId))[1]!;
    expect(row.ID).toBe("INO-SEED0001");
    expect(row["Status Sinkron"]).toBe(STATUS.idRestored(typed));
    await syncSpreadsheet(world.deps, spreadsheetId);
    const records = await world.stores.innovations.list();
    expect(records).toHaveLength(3);
    expect(records.filter((record) => record.status === "diarsipkan")).toHaveLength(0);
    expect((await tabRows(world, spreadsheetId))[1]!["Status Sinkron"]).toBe(STATUS.ok);
  });
});

describe("a value Firestore refuses", () => {
  it("is that row's problem; every other row syncs", async () => {
    const { spreadsheetId, col } = await synced();
    await type(world, spreadsheetId, `${col("Tujuan")}3`, [["rusak \uD800 teks"]]);
    await world.stores.innovations.update("INO-SEED0002", { goal: "dari sistem" }, testActor);
    await syncSpreadsheet(world.deps, spreadsheetId);
    const rows = await tabRows(world, spreadsheetId);
    expect(String(rows[1]!["Status Sinkron"])).toMatch(/^⚠/);
    expect(rows[2]!.Tujuan).toBe("dari sistem");
    expect((await world.stores.innovations.get("INO-SEED0001"))?.goal).toBe("tujuan 1");
  });
});

describe("clocks", () => {
  it("a record written by an instance whose clock is 5 minutes slow still reaches the sheet", async () => {
    const { spreadsheetId } = await synced();
    await world.stores.innovations.update("INO-SEED0001", { goal: "dari jam lambat" }, testActor, { now: new Date(Date.now() - 5 * 60_000) });
    await syncSpreadsheet(world.deps, spreadsheetId);
    expect((await rowOf(spreadsheetId, "INO-SEED0001"))?.Tujuan).toBe("dari jam lambat");
  });

  it("a change is covered by the next run even when its writer's clock is 10 minutes fast", async () => {
    const { spreadsheetId } = await synced();
    await world.stores.innovations.update("INO-SEED0001", { goal: "dari jam cepat" }, testActor, { now: new Date(Date.now() + 10 * 60_000) });
    // What recordChanged passes on: the write's commit time, from the event's document.
    const changedAt = ((await world.stores.innovations.get("INO-SEED0001")) as { committedAt?: string } | null)?.committedAt;
    expect(changedAt).toMatch(/^\d{4}-/);
    const result = await syncAfterChange(world.deps, spreadsheetId, changedAt!, { debounceMs: 0, pollMs: 1, timeoutMs: 60_000 });
    expect(result.covered).toBe(true);
    expect(result.report?.status).toBe("done");
    expect((await rowOf(spreadsheetId, "INO-SEED0001"))?.Tujuan).toBe("dari jam cepat");
  });
});
