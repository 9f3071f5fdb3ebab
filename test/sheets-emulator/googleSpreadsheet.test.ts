// google-spreadsheet (node-google-spreadsheet v5), a client nobody here wrote, runs its ordinary
// workflow unchanged against the target (emulator, or Google in parity mode: see target.ts);
// only its two Google hosts are redirected. Each result is also read back with the official client.
import { GoogleSpreadsheet, type GoogleSpreadsheetWorksheet } from "google-spreadsheet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sheetsTarget, type SheetsTarget } from "./target.js";

let target: SheetsTarget;
let undoRedirect: () => void = () => undefined;
let spreadsheetId: string;
let doc: GoogleSpreadsheet;
let originalTitle: string | undefined;
const madeTabs = new Set<number>();
let tabCount = 0;

const HEADERS = ["ID", "Nama Inovasi", "Anggaran", "Telepon"];

/**
 * A tab of its own per test, made with the official client so that a check depends only on
 * the calls it is about (addSheet has its own test); the client then finds it by loadInfo.
 */
async function freshTab(headerValues?: string[]): Promise<GoogleSpreadsheetWorksheet> {
  const title = `gs-${process.pid}-${++tabCount}`;
  const made = await target.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { title } } }] } });
  const sheetId = made.data.replies![0]!.addSheet!.properties!.sheetId!;
  madeTabs.add(sheetId);
  if (headerValues) {
    await target.sheets.spreadsheets.values.update({ spreadsheetId, range: `${title}!A1`, valueInputOption: "RAW", requestBody: { values: [headerValues] } });
  }
  await doc.loadInfo();
  return doc.sheetsById[sheetId]!;
}

async function officialValues(range: string): Promise<unknown[][]> {
  const got = await target.sheets.spreadsheets.values.get({ spreadsheetId, range });
  return got.data.values ?? [];
}

async function officialSheets(): Promise<{ sheetId: number; title: string; rowCount: number; columnCount: number }[]> {
  const got = await target.sheets.spreadsheets.get({ spreadsheetId, fields: "sheets.properties" });
  return (got.data.sheets ?? []).map((s) => ({
    sheetId: s.properties!.sheetId!,
    title: s.properties!.title!,
    rowCount: s.properties!.gridProperties!.rowCount!,
    columnCount: s.properties!.gridProperties!.columnCount!,
  }));
}

describe(`google-spreadsheet against the ${process.env.SHEETS_LIVE_CREDENTIALS ? "real Google Sheets API" : "Sheets emulator"}`, () => {
  beforeAll(async () => {
    target = await sheetsTarget();
    undoRedirect = target.redirectGoogleHosts();
    spreadsheetId = await target.spreadsheet("google-spreadsheet parity");
    // No retries: a check must see the first answer, as the emulator gave it.
    doc = new GoogleSpreadsheet(spreadsheetId, target.auth, { retryConfig: 0 });
    const { data } = await target.sheets.spreadsheets.get({ spreadsheetId, fields: "properties.title" });
    originalTitle = data.properties?.title ?? undefined;
  });

  afterAll(async () => {
    try {
      // A shared live spreadsheet is left as it was found: its title, and none of our tabs.
      const left = (await officialSheets()).filter((s) => madeTabs.has(s.sheetId));
      if (left.length > 0) {
        await target.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: left.map((s) => ({ deleteSheet: { sheetId: s.sheetId } })) } });
      }
      if (originalTitle) {
        await target.sheets.spreadsheets.batchUpdate({
          spreadsheetId,
          requestBody: { requests: [{ updateSpreadsheetProperties: { properties: { title: originalTitle }, fields: "title" } }] },
        });
      }
    } finally {
      undoRedirect();
      await target?.stop();
    }
  });

  it("loadInfo reads the spreadsheet's id, title, locale and tabs", async () => {
    await doc.loadInfo();
    expect(doc.spreadsheetId).toBe(spreadsheetId);
    expect(doc.title).toBe(originalTitle);
    expect(typeof doc.locale).toBe("string");
    expect(doc.sheetCount).toBeGreaterThan(0);
    const first = doc.sheetsByIndex[0]!;
    const official = (await officialSheets())[0]!;
    expect({ sheetId: first.sheetId, title: first.title, rowCount: first.rowCount, columnCount: first.columnCount }).toEqual(official);
  });

  it("addSheet with headerValues makes a 1000 x 26 tab whose first row is the headers", async () => {
    await doc.loadInfo();
    const sheet = await doc.addSheet({ title: `gs-${process.pid}-added`, headerValues: HEADERS });
    madeTabs.add(sheet.sheetId);
    expect(sheet.headerValues).toEqual(HEADERS);
    expect(doc.sheetsById[sheet.sheetId]).toBe(sheet);
    expect(sheet.rowCount).toBe(1000);
    expect(sheet.columnCount).toBe(26);
    expect(await officialValues(`${sheet.title}!A1:Z1`)).toEqual([HEADERS]);
    expect((await officialSheets()).some((s) => s.sheetId === sheet.sheetId && s.title === sheet.title)).toBe(true);
  });

  it("setHeaderRow replaces the header row and clears what the old one had beyond it", async () => {
    const sheet = await freshTab(HEADERS);
    await sheet.setHeaderRow(["ID", "Nama Inovasi"]);
    expect(await officialValues(`${sheet.title}!A1:Z1`)).toEqual([["ID", "Nama Inovasi"]]);
    await sheet.loadHeaderRow();
    expect(sheet.headerValues).toEqual(["ID", "Nama Inovasi"]);
  });

  it("addRows appends below the table as USER_ENTERED; getRows pages with offset and limit", async () => {
    const sheet = await freshTab(HEADERS);
    const added = await sheet.addRows([
      { ID: "inv-1", "Nama Inovasi": "Sigap", Anggaran: "1500" },
      { ID: "inv-2", "Nama Inovasi": "Ambulans Desa", Anggaran: "2500", Telepon: "'0812345" },
      { ID: "inv-3", "Nama Inovasi": "Kelurahan Digital" },
      { ID: "inv-4", "Nama Inovasi": "Posyandu Pintar" },
    ]);
    expect(added.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5]);
    // USER_ENTERED: "1500" becomes a number, "'0812345" stays text without its apostrophe.
    const typed = await target.sheets.spreadsheets.values.get({ spreadsheetId, range: `${sheet.title}!C2:D3`, valueRenderOption: "UNFORMATTED_VALUE" });
    expect(typed.data.values).toEqual([[1500], [2500, "0812345"]]);

    const all = await sheet.getRows();
    expect(all.map((r) => r.get("Nama Inovasi"))).toEqual(["Sigap", "Ambulans Desa", "Kelurahan Digital", "Posyandu Pintar"]);
    const page = await sheet.getRows({ offset: 1, limit: 2 });
    expect(page.map((r) => [r.rowNumber, r.get("ID")])).toEqual([
      [3, "inv-2"],
      [4, "inv-3"],
    ]);
    expect(page[0]!.toObject()).toEqual({ ID: "inv-2", "Nama Inovasi": "Ambulans Desa", Anggaran: "2500", Telepon: "0812345" });
    // Past the last row: nothing, not an error.
    expect(await sheet.getRows({ offset: 10, limit: 5 })).toEqual([]);
  });

  it("row.save writes the row back and takes the stored values from the answer", async () => {
    const sheet = await freshTab(HEADERS);
    await sheet.addRows([{ ID: "inv-1", "Nama Inovasi": "Sigap", Anggaran: "1500" }]);
    const [row] = await sheet.getRows();
    row!.set("Nama Inovasi", "Sigap Sehat");
    row!.set("Anggaran", "=1000+500");
    await row!.save();
    // includeValuesInResponse: the client now holds the computed value, not the formula.
    expect(row!.get("Anggaran")).toBe("1500");
    expect(await officialValues(`${sheet.title}!A2:C2`)).toEqual([["inv-1", "Sigap Sehat", "1500"]]);
  });

  it("row.delete removes the row and shifts the ones below up (deleteRange)", async () => {
    const sheet = await freshTab(HEADERS);
    await sheet.addRows([{ ID: "inv-1" }, { ID: "inv-2" }, { ID: "inv-3" }]);
    const rows = await sheet.getRows();
    await rows[1]!.delete();
    expect(await officialValues(`${sheet.title}!A1:A4`)).toEqual([["ID"], ["inv-1"], ["inv-3"]]);
    expect((await sheet.getRows()).map((r) => [r.rowNumber, r.get("ID")])).toEqual([
      [2, "inv-1"],
      [3, "inv-3"],
    ]);
    // deleteRange shifts cells; the grid keeps its size (unlike deleteDimension).
    expect((await officialSheets()).find((s) => s.sheetId === sheet.sheetId)?.rowCount).toBe(1000);
  });

  it("loadCells on an A1 range and on a grid range loads exactly those cells", async () => {
    const sheet = await freshTab(HEADERS);
    await sheet.addRows([{ ID: "inv-1", "Nama Inovasi": "Sigap", Anggaran: "1500" }]);
    await sheet.loadCells("A1:C2");
    expect(sheet.getCellByA1("B2").value).toBe("Sigap");
    expect(sheet.getCellByA1("C2").value).toBe(1500);
    expect(sheet.cellStats).toMatchObject({ loaded: 6, nonEmpty: 6 });
    expect(() => sheet.getCellByA1("D2")).toThrow("This cell has not been loaded yet");

    const other = await freshTab(HEADERS);
    await other.loadCells({ startRowIndex: 0, endRowIndex: 1, startColumnIndex: 1, endColumnIndex: 3 });
    expect(other.getCell(0, 1).value).toBe("Nama Inovasi");
    expect(other.getCell(0, 2).value).toBe("Anggaran");
    expect(() => other.getCell(0, 0)).toThrow("This cell has not been loaded yet");
  });

  it("cell edits saved with saveUpdatedCells: value, formula, note, number format, bold", async () => {
    const sheet = await freshTab(["Nama", "Anggaran", "Dua kali"]);
    await sheet.loadCells("A1:C3");
    sheet.getCellByA1("A2").value = "Sigap";
    sheet.getCellByA1("B2").value = 1500000;
    sheet.getCellByA1("B2").numberFormat = { type: "NUMBER", pattern: "#,##0" };
    sheet.getCellByA1("C2").formula = "=B2*2";
    sheet.getCellByA1("A2").note = "diusulkan oleh Dinkes";
    sheet.getCellByA1("A1").textFormat = { bold: true };
    await sheet.saveUpdatedCells();

    // The client refreshes the saved cells from the batchUpdate answer (responseIncludeGridData).
    expect(sheet.getCellByA1("C2").value).toBe(3000000);
    expect(sheet.getCellByA1("C2").formula).toBe("=B2*2");
    // Grouping follows the spreadsheet's locale (a shared live spreadsheet may be id_ID).
    const grouped = ({ en_US: "1,500,000", id_ID: "1.500.000" } as Record<string, string>)[doc.locale];
    expect(grouped, `a check for locale ${doc.locale}`).toBeDefined();
    expect(sheet.getCellByA1("B2").formattedValue).toBe(grouped);

    const reread = new GoogleSpreadsheet(spreadsheetId, target.auth, { retryConfig: 0 });
    await reread.loadInfo();
    const again = reread.sheetsById[sheet.sheetId]!;
    await again.loadCells("A1:C2");
    expect(again.getCellByA1("A2").value).toBe("Sigap");
    expect(again.getCellByA1("A2").note).toBe("diusulkan oleh Dinkes");
    expect(again.getCellByA1("A1").textFormat?.bold).toBe(true);
    expect(again.getCellByA1("B2").numberFormat).toMatchObject({ type: "NUMBER", pattern: "#,##0" });
    expect(again.getCellByA1("C2").formula).toBe("=B2*2");
    expect(await officialValues(`${sheet.title}!B2:C2`)).toEqual([[grouped, "3000000"]]);
  });

  it("resize changes the grid's rows and columns", async () => {
    const sheet = await freshTab(HEADERS);
    await sheet.resize({ rowCount: 50, columnCount: 6 });
    expect([sheet.rowCount, sheet.columnCount]).toEqual([50, 6]);
    expect((await officialSheets()).find((s) => s.sheetId === sheet.sheetId)).toMatchObject({ rowCount: 50, columnCount: 6 });
  });

  it("updateProperties renames a tab and freezes its header row", async () => {
    const sheet = await freshTab(HEADERS);
    const title = `${sheet.title}-baru`;
    await sheet.updateProperties({ title, gridProperties: { rowCount: 1000, columnCount: 26, frozenRowCount: 1 } });
    expect(sheet.title).toBe(title);
    expect(doc.sheetsByTitle[title]).toBe(sheet);
    const got = await target.sheets.spreadsheets.get({ spreadsheetId, fields: "sheets.properties" });
    const props = got.data.sheets?.find((s) => s.properties?.sheetId === sheet.sheetId)?.properties;
    expect(props?.title).toBe(title);
    expect(props?.gridProperties?.frozenRowCount).toBe(1);
  });

  it("duplicate copies a tab with its values under a new title (duplicateSheet)", async () => {
    const sheet = await freshTab(HEADERS);
    await sheet.addRows([{ ID: "inv-1", "Nama Inovasi": "Sigap" }]);
    const copy = await sheet.duplicate({ title: `${sheet.title}-salinan` });
    madeTabs.add(copy.sheetId);
    expect(copy.sheetId).not.toBe(sheet.sheetId);
    expect(copy.title).toBe(`${sheet.title}-salinan`);
    expect(await officialValues(`${copy.title}!A1:B2`)).toEqual([
      ["ID", "Nama Inovasi"],
      ["inv-1", "Sigap"],
    ]);
  });

  it("delete removes the tab", async () => {
    const sheet = await freshTab();
    await sheet.delete();
    expect(doc.sheetsById[sheet.sheetId]).toBeUndefined();
    expect((await officialSheets()).some((s) => s.sheetId === sheet.sheetId)).toBe(false);
  });

  it("updateProperties on the document changes its title", async () => {
    await doc.loadInfo();
    await doc.updateProperties({ title: "Inovasi Kecamatan Mayangan (uji)" });
    expect(doc.title).toBe("Inovasi Kecamatan Mayangan (uji)");
    const { data } = await target.sheets.spreadsheets.get({ spreadsheetId, fields: "properties.title" });
    expect(data.properties?.title).toBe("Inovasi Kecamatan Mayangan (uji)");
  });

  describe("errors, as Google says them", () => {
    it("a spreadsheet that does not exist: 404", async () => {
      const missing = new GoogleSpreadsheet("1NoSuchSpreadsheet0000000000000000000000000", target.auth, { retryConfig: 0 });
      await expect(missing.loadInfo()).rejects.toThrow("Google API error - [404] Requested entity was not found.");
    });

    it("a second tab with the same title: 400", async () => {
      const sheet = await freshTab();
      await expect(doc.addSheet({ title: sheet.title })).rejects.toThrow(
        `Google API error - [400] Invalid requests[0].addSheet: A sheet with the name "${sheet.title}" already exists. Please enter another name.`,
      );
    });

    // Message as recorded from Google: fixtures/sheets-api/errors/sheets-spreadsheets-get-nonexistent-range_400.body.json
    it("a range on a tab that is gone: 400 Unable to parse range", async () => {
      const sheet = await freshTab(HEADERS);
      await target.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ deleteSheet: { sheetId: sheet.sheetId } }] } });
      // Google echoes the range as sent; the client always quotes the tab name.
      await expect(sheet.getCellsInRange("A1:B2")).rejects.toThrow(`Google API error - [400] Unable to parse range: '${sheet.title}'!A1:B2`);
    });

    it("a tab that was deleted meanwhile: 400 naming the grid", async () => {
      const sheet = await freshTab();
      await target.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ deleteSheet: { sheetId: sheet.sheetId } }] } });
      await expect(sheet.updateProperties({ title: "x" })).rejects.toThrow(
        `Google API error - [400] Invalid requests[0].updateSheetProperties: No grid with id: ${sheet.sheetId}`,
      );
    });

    it("rows of a tab without a header row: the client refuses, because Google sends no values", async () => {
      const sheet = await freshTab();
      await expect(sheet.getRows()).rejects.toThrow("No values in the header row");
    });
  });
});
