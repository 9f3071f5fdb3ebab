// Developer metadata that stays with its row or column, lookups by location and range, and
// formula references that shift, through the real client.
// Sources: Sheets API v4 reference, spreadsheets.developerMetadata ("if developer metadata is
// associated with row 5 and another row is then subsequently inserted above row 5, that
// original metadata will still be associated with the row it was first associated with (what
// is now row 6). If the associated object is deleted its metadata is deleted too."),
// DeveloperMetadataLocation, DeveloperMetadataLookup, and the "Read & write developer metadata"
// guide; formula shifting as the Sheets UI does it (Docs Editors Help, "Insert, delete, or move
// rows and columns").
import type { sheets_v4 } from "@googleapis/sheets";
import { describe, expect, it } from "vitest";
import { batch, googleError, newBook, harnessForFile, values } from "./structuralHelpers.js";

const h = harnessForFile();

const rowAnchor = (row: number, key = "baris", sheetId = 0, dimension = "ROWS"): sheets_v4.Schema$Request => ({
  createDeveloperMetadata: {
    developerMetadata: { metadataKey: key, metadataValue: `v${row}`, visibility: "DOCUMENT", location: { dimensionRange: { sheetId, dimension, startIndex: row, endIndex: row + 1 } } },
  },
});

async function search(id: string, dataFilters: sheets_v4.Schema$DataFilter[]): Promise<sheets_v4.Schema$DeveloperMetadata[]> {
  const res = await h.sheets.spreadsheets.developerMetadata.search({ spreadsheetId: id, requestBody: { dataFilters } });
  return (res.data.matchedDeveloperMetadata ?? []).map((m) => m.developerMetadata!);
}

async function anchorRows(id: string, key = "baris"): Promise<number[]> {
  return (await search(id, [{ developerMetadataLookup: { metadataKey: key } }])).map((m) => m.location!.dimensionRange!.startIndex!).sort((a, b) => a - b);
}

describe("a row or column anchor follows its row or column", () => {
  it("moves down when rows are inserted above it and up when rows above are deleted", async () => {
    const id = await newBook(h);
    await batch(h, id, rowAnchor(4));
    await batch(h, id, { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 1 } } });
    expect(await anchorRows(id)).toEqual([5]);
    await batch(h, id, { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 6, endIndex: 9 } } });
    expect(await anchorRows(id)).toEqual([5]);
    await batch(h, id, { deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 2 } } });
    expect(await anchorRows(id)).toEqual([3]);
  });

  it("is deleted with its row, and with its tab", async () => {
    const id = await newBook(h);
    await batch(h, id, rowAnchor(2), rowAnchor(3), { addSheet: { properties: { sheetId: 9, title: "Lain" } } }, rowAnchor(1, "lain", 9));
    await batch(h, id, { deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 2, endIndex: 3 } } });
    expect(await anchorRows(id)).toEqual([2]);
    await batch(h, id, { deleteSheet: { sheetId: 9 } });
    expect(await search(id, [{ developerMetadataLookup: { metadataKey: "lain" } }])).toEqual([]);
  });

  it("follows moveDimension and inserted columns", async () => {
    const id = await newBook(h);
    await batch(h, id, rowAnchor(1), rowAnchor(2, "kolom", 0, "COLUMNS"));
    await batch(h, id, { moveDimension: { source: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 2 }, destinationIndex: 5 } });
    expect(await anchorRows(id)).toEqual([4]);
    await batch(h, id, { insertDimension: { range: { sheetId: 0, dimension: "COLUMNS", startIndex: 0, endIndex: 2 } } });
    expect(await anchorRows(id, "kolom")).toEqual([4]);
    expect(await anchorRows(id)).toEqual([4]);
  });

  // A sort of whole rows (the staff action "Sort sheet") carries each row's anchor with it.
  it("follows its row through a sort of whole rows", async () => {
    const id = await newBook(h, [["c"], ["a"], ["b"]]);
    await batch(h, id, rowAnchor(0, "c"), rowAnchor(1, "a"));
    await batch(h, id, { sortRange: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 3 }, sortSpecs: [{ dimensionIndex: 0 }] } });
    expect(await anchorRows(id, "a")).toEqual([0]);
    expect(await anchorRows(id, "c")).toEqual([2]);
  });

  // values.append with insertDataOption INSERT_ROWS ("Rows are inserted for the new data") pushes
  // the rows below the table down, anchors included.
  it("moves down when values.append inserts rows above it", async () => {
    const id = await newBook(h, [["a"], ["b"]]);
    await batch(h, id, rowAnchor(5));
    await h.sheets.spreadsheets.values.append({ spreadsheetId: id, range: "Sheet1!A1", valueInputOption: "RAW", insertDataOption: "INSERT_ROWS", requestBody: { values: [["c"], ["d"]] } });
    expect(await anchorRows(id)).toEqual([7]);
  });

  // Shrinking gridProperties.rowCount deletes the rows past the new edge, so their metadata goes.
  it("is deleted when the grid shrinks past its row", async () => {
    const id = await newBook(h);
    await batch(h, id, rowAnchor(50), rowAnchor(5, "kept"));
    await batch(h, id, { updateSheetProperties: { properties: { sheetId: 0, gridProperties: { rowCount: 10, columnCount: 26 } }, fields: "gridProperties" } });
    expect(await anchorRows(id)).toEqual([]);
    expect(await anchorRows(id, "kept")).toEqual([5]);
  });

  // DeveloperMetadataLocation.dimensionRange: "must represent a single row or column; it cannot
  // be unbounded or span multiple rows or columns."
  it("refuses a location spanning two rows, or an unbounded one", async () => {
    const id = await newBook(h);
    const two = await googleError(batch(h, id, { createDeveloperMetadata: { developerMetadata: { metadataKey: "k", visibility: "DOCUMENT", location: { dimensionRange: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 3 } } } } }));
    expect(two).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    const open = await googleError(batch(h, id, { createDeveloperMetadata: { developerMetadata: { metadataKey: "k", visibility: "DOCUMENT", location: { dimensionRange: { sheetId: 0, dimension: "ROWS", startIndex: 1 } } } } }));
    expect(open.status).toBe("INVALID_ARGUMENT");
  });
});

describe("finding metadata by location and by range", () => {
  // developerMetadata.search: "If the DataFilter represents a location in a spreadsheet, this
  // will return all developer metadata associated with locations intersecting that region."
  it("a1Range and gridRange find the rows and columns crossing the range", async () => {
    const id = await newBook(h);
    await batch(h, id, rowAnchor(1, "r1"), rowAnchor(5, "r5"), rowAnchor(3, "colD", 0, "COLUMNS"), {
      createDeveloperMetadata: { developerMetadata: { metadataKey: "buku", visibility: "DOCUMENT", location: { spreadsheet: true } } },
    });
    const byA1 = (await search(id, [{ a1Range: "Sheet1!A2:B3" }])).map((m) => m.metadataKey).sort();
    expect(byA1).toEqual(["r1"]);
    const byGrid = (await search(id, [{ gridRange: { sheetId: 0, startRowIndex: 4, endRowIndex: 6, startColumnIndex: 0, endColumnIndex: 4 } }])).map((m) => m.metadataKey).sort();
    expect(byGrid).toEqual(["colD", "r5"]);
  });

  // DeveloperMetadataLookup.locationMatchingStrategy: EXACT_LOCATION matches only that location;
  // INTERSECTING_LOCATION (the default) also matches locations crossing it ("column B intersects
  // row three").
  it("EXACT_LOCATION matches one row; INTERSECTING_LOCATION also the columns crossing it", async () => {
    const id = await newBook(h);
    await batch(h, id, rowAnchor(2, "row3"), rowAnchor(4, "row5"), rowAnchor(1, "colB", 0, "COLUMNS"));
    const row3 = { dimensionRange: { sheetId: 0, dimension: "ROWS", startIndex: 2, endIndex: 3 } };
    const exact = await search(id, [{ developerMetadataLookup: { metadataLocation: row3, locationMatchingStrategy: "EXACT_LOCATION" } }]);
    expect(exact.map((m) => m.metadataKey)).toEqual(["row3"]);
    const crossing = await search(id, [{ developerMetadataLookup: { metadataLocation: row3, locationMatchingStrategy: "INTERSECTING_LOCATION" } }]);
    expect(crossing.map((m) => m.metadataKey).sort()).toEqual(["colB", "row3"]);
    const byDefault = await search(id, [{ developerMetadataLookup: { metadataLocation: row3 } }]);
    expect(byDefault.map((m) => m.metadataKey).sort()).toEqual(["colB", "row3"]);
  });

  // DeveloperMetadataLookup: "If this field is specified, a metadataLocation must also be
  // specified" (locationMatchingStrategy); locationType "must be left unspecified when the
  // locationMatchingStrategy is specified as EXACT".
  it("refuses a strategy without a location, and a locationType with EXACT_LOCATION", async () => {
    const id = await newBook(h);
    const noLocation = await googleError(search(id, [{ developerMetadataLookup: { locationMatchingStrategy: "EXACT_LOCATION" } }]));
    expect(noLocation).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    const typed = await googleError(search(id, [{ developerMetadataLookup: { locationType: "ROW", locationMatchingStrategy: "EXACT_LOCATION", metadataLocation: { sheetId: 0 } } }]));
    expect(typed.status).toBe("INVALID_ARGUMENT");
  });

  it("deleteDeveloperMetadata by range removes what the range crosses", async () => {
    const id = await newBook(h);
    await batch(h, id, rowAnchor(1, "a"), rowAnchor(7, "b"));
    const [reply] = await batch(h, id, { deleteDeveloperMetadata: { dataFilter: { a1Range: "Sheet1!1:3" } } });
    expect(reply?.deleteDeveloperMetadata?.deletedDeveloperMetadata?.map((m) => m.metadataKey)).toEqual(["a"]);
    expect(await anchorRows(id, "b")).toEqual([7]);
  });
});

describe("formula references shift as Google shifts them", () => {
  it("inserting rows moves single, absolute and range references below the insertion, and grows ranges spanning it", async () => {
    const id = await newBook(h, [[1, "=A2", "=$A$3", "=SUM(A1:A3)", "=A1"], [2], [3]]);
    await batch(h, id, { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 2 } } });
    expect(await values(h, id, "B1:E1", "FORMULA")).toEqual([["=A3", "=$A$4", "=SUM(A1:A4)", "=A1"]]);
    expect(await values(h, id, "D1")).toEqual([["6"]]);
  });

  it("deleting a referenced row leaves #REF!, and ranges shrink", async () => {
    const id = await newBook(h, [[1, "=A2+1", "=SUM(A1:A3)", "=A3"], [2], [3]]);
    await batch(h, id, { deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 2 } } });
    expect(await values(h, id, "B1:D1", "FORMULA")).toEqual([["=#REF!+1", "=SUM(A1:A2)", "=A2"]]);
    expect(await values(h, id, "B1:D1")).toEqual([["#REF!", "4", "3"]]);
  });

  it("references from another tab follow inserted columns; other tabs' references stay", async () => {
    const id = await newBook(h, [["x", "y"]]);
    await batch(h, id, { addSheet: { properties: { sheetId: 5, title: "Ringkasan" } } });
    await h.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "Ringkasan!A1", valueInputOption: "USER_ENTERED", requestBody: { values: [["=Sheet1!B1", "=B1", "='Sheet1'!A1:B1"]] } });
    await batch(h, id, { insertDimension: { range: { sheetId: 0, dimension: "COLUMNS", startIndex: 0, endIndex: 1 } } });
    expect(await values(h, id, "Ringkasan!A1:C1", "FORMULA")).toEqual([["=Sheet1!C1", "=B1", "='Sheet1'!B1:C1"]]);
    expect(await values(h, id, "Ringkasan!A1")).toEqual([["y"]]);
  });

  it("leaves function names and quoted text alone and shifts whole-row and whole-column ranges", async () => {
    const id = await newBook(h, [[100, '=LOG10(A1)&" A1"', "=SUM(A:A)", "=COUNTA(2:3)"]]);
    await batch(h, id, { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 1 } } });
    expect(await values(h, id, "B2:D2", "FORMULA")).toEqual([['=LOG10(A2)&" A1"', "=SUM(A:A)", "=COUNTA(3:4)"]]);
    await batch(h, id, { deleteDimension: { range: { sheetId: 0, dimension: "COLUMNS", startIndex: 0, endIndex: 1 } } });
    expect(await values(h, id, "A2:C2", "FORMULA")).toEqual([['=LOG10(#REF!)&" A1"', "=SUM(#REF!)", "=COUNTA(3:4)"]]);
  });

  // A dropdown fed by a list on another tab (ONE_OF_RANGE) keeps its list when staff insert a
  // row above the list, as formulas do.
  it("shifts the range in a data validation rule and a conditional format's custom formula", async () => {
    const id = await newBook(h);
    await batch(
      h,
      id,
      { addSheet: { properties: { sheetId: 2, title: "Referensi" } } },
      { setDataValidation: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }, rule: { condition: { type: "ONE_OF_RANGE", values: [{ userEnteredValue: "=Referensi!$A$2:$A$9" }] } } } },
      { addConditionalFormatRule: { rule: { ranges: [{ sheetId: 0, startRowIndex: 0, endRowIndex: 5 }], booleanRule: { condition: { type: "CUSTOM_FORMULA", values: [{ userEnteredValue: "=Referensi!$B$1>0" }] }, format: { textFormat: { bold: true } } } }, index: 0 } },
      { insertDimension: { range: { sheetId: 2, dimension: "ROWS", startIndex: 0, endIndex: 1 } } },
    );
    const res = await h.sheets.spreadsheets.get({ spreadsheetId: id, ranges: ["Sheet1!A1"], includeGridData: true });
    const sheet = res.data.sheets![0]!;
    expect(sheet.data?.[0]?.rowData?.[0]?.values?.[0]?.dataValidation?.condition?.values?.[0]?.userEnteredValue).toBe("=Referensi!$A$3:$A$10");
    expect(sheet.conditionalFormats?.[0]?.booleanRule?.condition?.values?.[0]?.userEnteredValue).toBe("=Referensi!$B$2>0");
  });

  it("moving a row carries references to it", async () => {
    const id = await newBook(h, [["=A3"], ["b"], ["c"]]);
    await batch(h, id, { moveDimension: { source: { sheetId: 0, dimension: "ROWS", startIndex: 2, endIndex: 3 }, destinationIndex: 1 } });
    expect(await values(h, id, "A1:A3", "FORMULA")).toEqual([["=A2"], ["c"], ["b"]]);
  });

  it("renaming a tab rewrites references that name it", async () => {
    const id = await newBook(h);
    await batch(h, id, { addSheet: { properties: { sheetId: 3, title: "Data" } } });
    await h.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "Sheet1!A1", valueInputOption: "USER_ENTERED", requestBody: { values: [["=Data!A1&\"Data!A1\""]] } });
    await batch(h, id, { updateSheetProperties: { properties: { sheetId: 3, title: "Data Baru" }, fields: "title" } });
    expect(await values(h, id, "A1", "FORMULA")).toEqual([["='Data Baru'!A1&\"Data!A1\""]]);
  });
});
