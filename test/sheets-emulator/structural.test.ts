// What staff do in the Sheets UI, through the real client: sort, move, insert and delete
// ranges, cut, copy and paste; cells travel with their format, note and validation.
// Each test names the Sheets API v4 reference page (developers.google.com/sheets/api/reference/
// rest/v4/spreadsheets/request) its behaviour rests on.
import { describe, expect, it } from "vitest";
import { BOLD, batch, cells, googleError, newBook, sheetJson, harnessForFile, values } from "./structuralHelpers.js";

const h = harnessForFile();


describe("sortRange", () => {
  // SortRangeRequest and SortSpec: several specs apply in order; ties keep their order.
  it("sorts by several columns, moving whole cells (format, note) and keeping blanks last", async () => {
    const id = await newBook(h, [
      ["Kota", "Nilai"],
      ["b", 2],
      ["a", 2],
      ["", 1],
      ["c", 1],
    ]);
    await batch(h, id, { updateCells: { range: { sheetId: 0, startRowIndex: 4, endRowIndex: 5, startColumnIndex: 0, endColumnIndex: 1 }, rows: [{ values: [{ ...BOLD, note: "catatan" }] }], fields: "userEnteredFormat.textFormat.bold,note" } });
    await batch(h, id, {
      sortRange: {
        range: { sheetId: 0, startRowIndex: 1 },
        sortSpecs: [
          { dimensionIndex: 1, sortOrder: "DESCENDING" },
          { dimensionIndex: 0, sortOrder: "ASCENDING" },
        ],
      },
    });
    expect(await values(h, id, "A1:B5")).toEqual([["Kota", "Nilai"], ["a", "2"], ["b", "2"], ["c", "1"], ["", "1"]]);
    const moved = (await cells(h, id, "A4"))[0]![0]!;
    expect(moved.note).toBe("catatan");
    expect(moved.userEnteredFormat?.textFormat?.bold).toBe(true);
  });

  // Google's order (as in its SORT function and the UI): numbers, then text, then booleans;
  // blank cells go last in both orders.
  it("orders numbers before text before booleans, and blanks last when descending", async () => {
    const id = await newBook(h, [["x"], [true], [""], [3], ["apel"], [10], ["Bayam"]]);
    await batch(h, id, { sortRange: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 7, startColumnIndex: 0, endColumnIndex: 1 }, sortSpecs: [{ dimensionIndex: 0, sortOrder: "ASCENDING" }] } });
    expect((await values(h, id, "A1:A7", "UNFORMATTED_VALUE")).map((r) => r[0])).toEqual([3, 10, "apel", "Bayam", "x", true]);
    await batch(h, id, { sortRange: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 7, startColumnIndex: 0, endColumnIndex: 1 }, sortSpecs: [{ dimensionIndex: 0, sortOrder: "DESCENDING" }] } });
    const desc = await values(h, id, "A1:A7", "UNFORMATTED_VALUE");
    expect(desc.map((r) => r[0])).toEqual([true, "x", "Bayam", "apel", 10, 3]);
  });

  it("keeps a sorted formula pointing at its own row", async () => {
    const id = await newBook(h, [[2, "=A1*10"], [1, "=A2*10"]]);
    await batch(h, id, { sortRange: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 }, sortSpecs: [{ dimensionIndex: 0 }] } });
    expect(await values(h, id, "A1:B2", "FORMULA")).toEqual([[1, "=A1*10"], [2, "=A2*10"]]);
    expect(await values(h, id, "B1:B2")).toEqual([["10"], ["20"]]);
  });
});

describe("moveDimension", () => {
  // MoveDimensionRequest.destinationIndex: the reference's own example, A1..A5 = 0..4, moving
  // rows [1, 3) to index 4 gives 0, 3, 1, 2, 4.
  it("moves rows using indices from before the removal", async () => {
    const id = await newBook(h, [[0], [1], [2], [3], [4]]);
    await batch(h, id, { moveDimension: { source: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 3 }, destinationIndex: 4 } });
    expect((await values(h, id, "A1:A5")).map((r) => r[0])).toEqual(["0", "3", "1", "2", "4"]);
  });

  it("moves columns left, with their formats", async () => {
    const id = await newBook(h, [["a", "b", "c"]]);
    await batch(h, id, { repeatCell: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 2, endColumnIndex: 3 }, cell: BOLD, fields: "userEnteredFormat.textFormat.bold" } });
    await batch(h, id, { moveDimension: { source: { sheetId: 0, dimension: "COLUMNS", startIndex: 2, endIndex: 3 }, destinationIndex: 0 } });
    expect(await values(h, id, "A1:C1")).toEqual([["c", "a", "b"]]);
    expect((await cells(h, id, "A1"))[0]![0]!.userEnteredFormat?.textFormat?.bold).toBe(true);
  });
});

describe("insertRange and deleteRange", () => {
  // InsertRangeRequest: "If ROWS, existing cells will be shifted down"; only the range's columns move.
  it("insertRange shifts the range's columns down and leaves the others", async () => {
    const id = await newBook(h, [["a1", "b1", "c1"], ["a2", "b2", "c2"]]);
    await batch(h, id, { insertRange: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 1, endColumnIndex: 2 }, shiftDimension: "ROWS" } });
    expect(await values(h, id, "A1:C3")).toEqual([["a1", "", "c1"], ["a2", "b1", "c2"], ["", "b2"]]);
  });

  // DeleteRangeRequest: "If COLUMNS, existing cells will be shifted left" into the deleted space.
  it("deleteRange shifts cells on the right leftwards within the range's rows", async () => {
    const id = await newBook(h, [["a1", "b1", "c1"], ["a2", "b2", "c2"]]);
    await batch(h, id, { deleteRange: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }, shiftDimension: "COLUMNS" } });
    expect(await values(h, id, "A1:C2")).toEqual([["b1", "c1"], ["a2", "b2", "c2"]]);
  });

  it("a range as wide as the tab inserts whole rows (the grid grows)", async () => {
    const id = await newBook(h, [["a"], ["b"]]);
    await batch(h, id, { insertRange: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 3 }, shiftDimension: "ROWS" } });
    expect((await values(h, id, "A1:A4")).map((r) => r[0] ?? "")).toEqual(["a", "", "", "b"]);
    expect((await sheetJson(h, id)).properties?.gridProperties?.rowCount).toBe(1002);
  });
});

describe("cutPaste and copyPaste", () => {
  // CutPasteRequest: the source is moved (cleared) to the destination, with formats and notes;
  // a formula pointing at a cut cell follows it.
  it("cutPaste moves cells and what points at them", async () => {
    const id = await newBook(h, [["nilai", "=A1"]]);
    await batch(h, id, { updateCells: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }, rows: [{ values: [{ note: "n" }] }], fields: "note" } });
    await batch(h, id, { cutPaste: { source: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }, destination: { sheetId: 0, rowIndex: 4, columnIndex: 2 }, pasteType: "PASTE_NORMAL" } });
    expect(await values(h, id, "A1:B1", "FORMULA")).toEqual([["", "=C5"]]);
    const moved = (await cells(h, id, "C5"))[0]![0]!;
    expect(moved.userEnteredValue).toEqual({ stringValue: "nilai" });
    expect(moved.note).toBe("n");
  });

  // CopyPasteRequest.destination: a destination that is a multiple of the source repeats it;
  // PasteType PASTE_NORMAL moves relative references with the copy.
  it("copyPaste repeats the source over a multiple-sized destination and shifts relative references", async () => {
    const id = await newBook(h, [[1, "=A1*2", "=$A$1"]]);
    await batch(h, id, { copyPaste: { source: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 3 }, destination: { sheetId: 0, startRowIndex: 1, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 3 }, pasteType: "PASTE_NORMAL" } });
    expect(await values(h, id, "A2:C3", "FORMULA")).toEqual([[1, "=A2*2", "=$A$1"], [1, "=A3*2", "=$A$1"]]);
  });

  // PasteType PASTE_VALUES: "Paste the values ONLY without formats, formulas, or merges";
  // PasteOrientation TRANSPOSE: rows become columns.
  it("copyPaste with PASTE_VALUES and TRANSPOSE pastes computed values turned on their side", async () => {
    const id = await newBook(h, [[5, "=A1+1"]]);
    await batch(h, id, { repeatCell: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 }, cell: BOLD, fields: "userEnteredFormat.textFormat.bold" } });
    await batch(h, id, { copyPaste: { source: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 }, destination: { sheetId: 0, startRowIndex: 2, endRowIndex: 3, startColumnIndex: 3, endColumnIndex: 4 }, pasteType: "PASTE_VALUES", pasteOrientation: "TRANSPOSE" } });
    expect(await values(h, id, "D3:D4", "FORMULA")).toEqual([[5], [6]]);
    expect((await cells(h, id, "D3"))[0]![0]!.userEnteredFormat).toBeUndefined();
  });
});

describe("cuts across tabs, merges, inherited formats", () => {
  // CutPasteRequest to another tab: the cells leave the source; a formula pointing at a cut cell
  // follows it to the new tab, and a moved formula keeps meaning its old tab.
  it("cutPaste to another tab carries references with the cells", async () => {
    const id = await newBook(h, [[7, "=A1", "=B1+1"]]);
    await batch(h, id, { addSheet: { properties: { sheetId: 4, title: "Arsip" } } });
    await batch(h, id, { cutPaste: { source: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 }, destination: { sheetId: 4, rowIndex: 2, columnIndex: 0 }, pasteType: "PASTE_NORMAL" } });
    expect(await values(h, id, "Arsip!A3:B3", "FORMULA")).toEqual([[7, "=A3"]]);
    expect(await values(h, id, "Sheet1!A1:C1", "FORMULA")).toEqual([["", "", "=Arsip!B3+1"]]);
    expect(await values(h, id, "Sheet1!C1")).toEqual([["8"]]);
  });

  // PasteType PASTE_NORMAL: "Paste values, formulas, formats, and merges."
  it("copyPaste PASTE_NORMAL copies merges; unmergeCells removes only merges in its range", async () => {
    const id = await newBook(h, [["judul"]]);
    const merge = (r: number) => ({ mergeCells: { range: { sheetId: 0, startRowIndex: r, endRowIndex: r + 1, startColumnIndex: 0, endColumnIndex: 2 }, mergeType: "MERGE_ALL" } });
    await batch(h, id, merge(0), merge(9));
    await batch(h, id, { copyPaste: { source: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 }, destination: { sheetId: 0, startRowIndex: 4, endRowIndex: 5, startColumnIndex: 0, endColumnIndex: 2 }, pasteType: "PASTE_NORMAL" } });
    expect((await sheetJson(h, id)).merges?.map((m) => m.startRowIndex).sort()).toEqual([0, 4, 9]);
    await batch(h, id, { unmergeCells: { range: { sheetId: 0, startRowIndex: 4, endRowIndex: 5, startColumnIndex: 0, endColumnIndex: 2 } } });
    expect((await sheetJson(h, id)).merges?.map((m) => m.startRowIndex).sort()).toEqual([0, 9]);
  });

  // PasteType PASTE_CONDITIONAL_FORMATTING: "Paste the conditional formatting rules only."
  it("copyPaste PASTE_CONDITIONAL_FORMATTING copies the rules onto the destination only", async () => {
    const id = await newBook(h, [[1]]);
    await batch(h, id, { addConditionalFormatRule: { rule: { ranges: [{ sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }], booleanRule: { condition: { type: "NUMBER_GREATER", values: [{ userEnteredValue: "0" }] }, format: { textFormat: { bold: true } } } }, index: 0 } });
    await batch(h, id, { copyPaste: { source: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }, destination: { sheetId: 0, startRowIndex: 3, endRowIndex: 4, startColumnIndex: 2, endColumnIndex: 3 }, pasteType: "PASTE_CONDITIONAL_FORMATTING" } });
    const rules = (await sheetJson(h, id)).conditionalFormats ?? [];
    expect(rules).toHaveLength(2);
    expect(rules[1]?.ranges?.[0]).toMatchObject({ startRowIndex: 3, endRowIndex: 4, startColumnIndex: 2, endColumnIndex: 3 });
    expect(rules[1]?.booleanRule?.condition?.type).toBe("NUMBER_GREATER");
    expect(await values(h, id, "C4")).toEqual([]);
  });

  // InsertDimensionRequest.inheritFromBefore: the new row takes the properties of the row before.
  it("insertDimension with inheritFromBefore copies the row above's format, not its values", async () => {
    const id = await newBook(h, [["tebal"]]);
    await batch(h, id, { repeatCell: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }, cell: BOLD, fields: "userEnteredFormat.textFormat.bold" } });
    await batch(h, id, { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 2 }, inheritFromBefore: true } });
    const [row2] = await cells(h, id, "A2");
    expect(row2?.[0]?.userEnteredFormat?.textFormat?.bold).toBe(true);
    expect(row2?.[0]?.userEnteredValue).toBeUndefined();
  });
});

describe("insertDimension and deleteDimension carry what is anchored to cells", () => {
  // Google moves protected ranges, merges, conditional formats and validation with their cells
  // (ProtectedRange.range, Sheet.merges, ConditionalFormatRule.ranges are GridRanges).
  it("shifts protected ranges, merges, conditional formats, validation and notes", async () => {
    const id = await newBook(h, [["a"], ["b"]]);
    await batch(
      h,
      id,
      { addProtectedRange: { protectedRange: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2 } } } },
      { mergeCells: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 }, mergeType: "MERGE_ALL" } },
      { addConditionalFormatRule: { rule: { ranges: [{ sheetId: 0, startRowIndex: 1, endRowIndex: 2 }], booleanRule: { condition: { type: "NOT_BLANK" }, format: { textFormat: { bold: true } } } }, index: 0 } },
      { setDataValidation: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 1 }, rule: { condition: { type: "ONE_OF_LIST", values: [{ userEnteredValue: "b" }] } } } },
      { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 3 } } },
    );
    const sheet = await sheetJson(h, id);
    expect(sheet.protectedRanges?.[0]?.range).toMatchObject({ startRowIndex: 4, endRowIndex: 5 });
    expect(sheet.merges?.[0]).toMatchObject({ startRowIndex: 4, endRowIndex: 5 });
    expect(sheet.conditionalFormats?.[0]?.ranges?.[0]).toMatchObject({ startRowIndex: 4, endRowIndex: 5 });
    expect((await cells(h, id, "A5"))[0]![0]!.dataValidation?.condition?.type).toBe("ONE_OF_LIST");
    await batch(h, id, { deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 4, endIndex: 5 } } });
    const after = await sheetJson(h, id);
    expect(after.protectedRanges).toBeUndefined();
    expect(after.merges).toBeUndefined();
    expect(after.conditionalFormats).toBeUndefined();
  });
});

describe("tabs, find and replace, appending", () => {
  // DuplicateSheetRequest / DuplicateSheetResponse.properties; unnamed copies are "Copy of ...".
  it("duplicateSheet copies cells and answers the new tab's properties", async () => {
    const id = await newBook(h, [["x", "=A1"]]);
    const [reply] = await batch(h, id, { duplicateSheet: { sourceSheetId: 0, newSheetId: 77 } });
    expect(reply?.duplicateSheet?.properties).toMatchObject({ sheetId: 77, title: "Copy of Sheet1", index: 1 });
    expect(await values(h, id, "'Copy of Sheet1'!A1:B1", "FORMULA")).toEqual([["x", "=A1"]]);
    const dup = await googleError(batch(h, id, { duplicateSheet: { sourceSheetId: 0, newSheetName: "Copy of Sheet1" } }));
    expect(dup.status).toBe("INVALID_ARGUMENT");
    const [again] = await batch(h, id, { duplicateSheet: { sourceSheetId: 0 } });
    expect(again?.duplicateSheet?.properties?.title).toBe("Copy of Sheet1 1");
  });

  // FindReplaceRequest / FindReplaceResponse counts; formulas are searched only with includeFormulas.
  it("findReplace answers Google's counts and leaves formulas unless asked", async () => {
    const id = await newBook(h, [["Kab. Probolinggo", "kab."], ["=\"Kab.\"", "x"]]);
    const [reply] = await batch(h, id, { findReplace: { find: "kab.", replacement: "Kota", allSheets: true } });
    expect(reply?.findReplace).toEqual({ valuesChanged: 2, occurrencesChanged: 2, rowsChanged: 1, sheetsChanged: 1 });
    expect(await values(h, id, "A1:B2", "FORMULA")).toEqual([["Kota Probolinggo", "Kota"], ['="Kab."', "x"]]);
    const [withFormulas] = await batch(h, id, { findReplace: { find: "Kab.", replacement: "Kota", matchCase: true, includeFormulas: true, sheetId: 0 } });
    expect(withFormulas?.findReplace).toEqual({ formulasChanged: 1, occurrencesChanged: 1, rowsChanged: 1, sheetsChanged: 1 });
  });

  // AppendCellsRequest: "Appends new cells after the last row with data in a sheet".
  it("appendCells writes after the last row with data", async () => {
    const id = await newBook(h, [["a"], [""], ["c"]]);
    await batch(h, id, { appendCells: { sheetId: 0, rows: [{ values: [{ userEnteredValue: { stringValue: "d" } }, { userEnteredValue: { numberValue: 4 } }] }], fields: "userEnteredValue" } });
    expect(await values(h, id, "A4:B4", "UNFORMATTED_VALUE")).toEqual([["d", 4]]);
  });
});

describe("text tidy-up requests", () => {
  // TrimWhitespaceRequest / TrimWhitespaceResponse.cellsChangedCount.
  it("trimWhitespace trims ends and squeezes inner runs, counting changed cells", async () => {
    const id = await newBook(h, [["  Budi   Santoso ", "ok"]]);
    const [reply] = await batch(h, id, { trimWhitespace: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 } } });
    expect(reply?.trimWhitespace).toEqual({ cellsChangedCount: 1 });
    expect(await values(h, id, "A1")).toEqual([["Budi Santoso"]]);
  });

  // DeleteDuplicatesRequest: letter case does not matter, the first row is kept, rows close up.
  it("deleteDuplicates keeps the first of each and answers the count", async () => {
    const id = await newBook(h, [["a", 1], ["A", 2], ["b", 3], ["a", 4]]);
    const [reply] = await batch(h, id, { deleteDuplicates: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 4, startColumnIndex: 0, endColumnIndex: 2 }, comparisonColumns: [{ sheetId: 0, dimension: "COLUMNS", startIndex: 0, endIndex: 1 }] } });
    expect(reply?.deleteDuplicates).toEqual({ duplicatesRemovedCount: 2 });
    expect(await values(h, id, "A1:B4")).toEqual([["a", "1"], ["b", "3"]]);
  });

  // PasteDataRequest: delimited text pasted at a coordinate, each piece read as typed.
  it("pasteData splits lines and delimiters and parses numbers", async () => {
    const id = await newBook(h);
    await batch(h, id, { pasteData: { coordinate: { sheetId: 0, rowIndex: 1, columnIndex: 1 }, data: "nama;umur\nAni;7", delimiter: ";", type: "PASTE_NORMAL" } });
    expect(await values(h, id, "B2:C3", "UNFORMATTED_VALUE")).toEqual([["nama", "umur"], ["Ani", 7]]);
  });

  // TextToColumnsRequest: one column of text split into the columns to its right.
  it("textToColumns splits a column by its delimiter", async () => {
    const id = await newBook(h, [["Ani,7"], ["Budi,9"]]);
    await batch(h, id, { textToColumns: { source: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 1 }, delimiterType: "COMMA" } });
    expect(await values(h, id, "A1:B2", "UNFORMATTED_VALUE")).toEqual([["Ani", 7], ["Budi", 9]]);
    const wide = await googleError(batch(h, id, { textToColumns: { source: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 }, delimiterType: "COMMA" } }));
    expect(wide.status).toBe("INVALID_ARGUMENT");
  });

  // RandomizeRangeRequest: rows of the range are shuffled, each row staying whole.
  it("randomizeRange keeps every row whole", async () => {
    const rows = Array.from({ length: 20 }, (_, i) => [`k${i}`, i]);
    const id = await newBook(h, rows);
    await batch(h, id, { randomizeRange: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 20, startColumnIndex: 0, endColumnIndex: 2 } } });
    const after = await values(h, id, "A1:B20", "UNFORMATTED_VALUE");
    expect(after.every(([k, n]) => k === `k${n as number}`)).toBe(true);
    expect(after.map((r) => r[1]).sort((a, b) => (a as number) - (b as number))).toEqual(rows.map((r) => r[1]));
  });

  // AutoFillRequest: a numeric series continues its step; formulas shift like a copy.
  it("autoFill continues a series and fills formulas", async () => {
    const id = await newBook(h, [[1, "=A1*2"], [3, "=A2*2"]]);
    await batch(h, id, { autoFill: { sourceAndDestination: { source: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 }, dimension: "ROWS", fillLength: 2 } } });
    expect(await values(h, id, "A3:B4", "FORMULA")).toEqual([[5, "=A3*2"], [7, "=A4*2"]]);
  });
});

describe("autoFill and findReplace options", () => {
  // AutoFillRequest.range: "examine the range and detect the location that has data and
  // automatically fill that data in to the rest of the range".
  it("autoFill over a range fills below the rows holding data; a single date counts up by days", async () => {
    const id = await newBook(h, [["2026-01-30", "x"]]);
    await batch(h, id, { autoFill: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 2 } } });
    expect(await values(h, id, "A1:B3")).toEqual([["2026-01-30", "x"], ["2026-01-31", "x"], ["2026-02-01", "x"]]);
  });

  // FindReplaceRequest.searchByRegex with matchEntireCell: the regex must match the whole cell,
  // and "$1"-style groups may be used in the replacement.
  it("findReplace with a regex over whole cells", async () => {
    const id = await newBook(h, [["NIP 123"], ["NIP 123 lama"]]);
    const [reply] = await batch(h, id, { findReplace: { find: "NIP (\\d+)", replacement: "ID-$1", searchByRegex: true, matchEntireCell: true, range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 1 } } });
    expect(reply?.findReplace).toMatchObject({ valuesChanged: 1, occurrencesChanged: 1 });
    expect(await values(h, id, "A1:A2")).toEqual([["ID-123"], ["NIP 123 lama"]]);
  });
});

describe("objects over ranges", () => {
  // SetBasicFilterRequest / ClearBasicFilterRequest; Sheet.basicFilter in the resource.
  it("setBasicFilter stores the filter (sorting under the header) and clearBasicFilter removes it", async () => {
    const id = await newBook(h, [["Nama"], ["c"], ["a"]]);
    await batch(h, id, { setBasicFilter: { filter: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 1 }, sortSpecs: [{ dimensionIndex: 0, sortOrder: "ASCENDING" }] } } });
    expect((await sheetJson(h, id)).basicFilter?.range).toEqual({ startRowIndex: 0, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 1 });
    expect(await values(h, id, "A1:A3")).toEqual([["Nama"], ["a"], ["c"]]);
    await batch(h, id, { clearBasicFilter: { sheetId: 0 } });
    expect((await sheetJson(h, id)).basicFilter).toBeUndefined();
  });

  // AddFilterViewResponse.filter carries the new filterViewId.
  it("addFilterView answers the view with its id", async () => {
    const id = await newBook(h);
    const [reply] = await batch(h, id, { addFilterView: { filter: { title: "Aktif", range: { sheetId: 0, startRowIndex: 0, endRowIndex: 10 } } } });
    expect(reply?.addFilterView?.filter).toMatchObject({ title: "Aktif", range: { startRowIndex: 0, endRowIndex: 10 } });
    expect(typeof reply?.addFilterView?.filter?.filterViewId).toBe("number");
    expect((await sheetJson(h, id)).filterViews?.[0]?.title).toBe("Aktif");
  });

  // AddNamedRangeResponse.namedRange; Spreadsheet.namedRanges; a name must not read as a cell.
  it("addNamedRange answers the range, lists it, and follows inserted rows", async () => {
    const id = await newBook(h);
    const [reply] = await batch(h, id, { addNamedRange: { namedRange: { name: "Peserta", range: { sheetId: 0, startRowIndex: 1, endRowIndex: 5, startColumnIndex: 0, endColumnIndex: 2 } } } });
    expect(reply?.addNamedRange?.namedRange).toMatchObject({ name: "Peserta", range: { startRowIndex: 1, endRowIndex: 5 } });
    await batch(h, id, { insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 1 } } });
    const res = await h.sheets.spreadsheets.get({ spreadsheetId: id });
    expect(res.data.namedRanges?.[0]?.range).toMatchObject({ startRowIndex: 2, endRowIndex: 6 });
    const bad = await googleError(batch(h, id, { addNamedRange: { namedRange: { name: "A1", range: { sheetId: 0 } } } }));
    expect(bad.status).toBe("INVALID_ARGUMENT");
  });

  // gspread's recording CellTest.test_define_named_range: the id is a string of digits, the
  // range leaves out sheetId 0, deleteNamedRange answers {}.
  it("names ranges with digit-string ids, renames them and deletes them", async () => {
    const id = await newBook(h);
    const [reply] = await batch(h, id, { addNamedRange: { namedRange: { name: "TestDefineNamedRange", range: { startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2, sheetId: 0 } } } });
    const named = reply!.addNamedRange!.namedRange!;
    expect(named.namedRangeId).toMatch(/^\d+$/);
    expect(named.range).toEqual({ startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 });
    await batch(h, id, { updateNamedRange: { namedRange: { namedRangeId: named.namedRangeId, name: "Baru" }, fields: "name" } });
    expect((await h.sheets.spreadsheets.get({ spreadsheetId: id, fields: "namedRanges" })).data.namedRanges?.[0]?.name).toBe("Baru");
    expect(await batch(h, id, { deleteNamedRange: { namedRangeId: named.namedRangeId } })).toEqual([{}]);
    expect((await h.sheets.spreadsheets.get({ spreadsheetId: id, fields: "namedRanges" })).data.namedRanges).toBeUndefined();
  });

  // UpdateBordersRequest: sides on the outer cells, inner borders between cells, NONE clears.
  it("updateBorders sets outer and inner borders in userEnteredFormat", async () => {
    const id = await newBook(h);
    const solid = { style: "SOLID", color: { red: 1 } };
    await batch(h, id, { updateBorders: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 1 }, top: solid, innerHorizontal: { style: "SOLID_THICK" } } });
    const grid = await cells(h, id, "A1:A2");
    expect(grid[0]![0]!.userEnteredFormat?.borders?.top).toMatchObject({ style: "SOLID", width: 1, color: { red: 1 } });
    expect(grid[0]![0]!.userEnteredFormat?.borders?.bottom).toMatchObject({ style: "SOLID_THICK", width: 3 });
    await batch(h, id, { updateBorders: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }, top: { style: "NONE" } } });
    expect((await cells(h, id, "A1"))[0]![0]!.userEnteredFormat?.borders?.top).toBeUndefined();
  });

  // AutoResizeDimensionsRequest: empty reply; a range past the grid is refused.
  it("autoResizeDimensions answers {} and refuses a range past the grid", async () => {
    const id = await newBook(h);
    const replies = await batch(h, id, { autoResizeDimensions: { dimensions: { sheetId: 0, dimension: "COLUMNS", startIndex: 0, endIndex: 3 } } });
    expect(replies).toEqual([{}]);
    const err = await googleError(batch(h, id, { autoResizeDimensions: { dimensions: { sheetId: 0, dimension: "COLUMNS", startIndex: 0, endIndex: 30 } } }));
    expect(err.status).toBe("INVALID_ARGUMENT");
  });

  // AddBandingResponse.bandedRange carries its new bandedRangeId.
  it("addBanding answers the banded range with an id", async () => {
    const id = await newBook(h);
    const [reply] = await batch(h, id, { addBanding: { bandedRange: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 5 }, rowProperties: { firstBandColor: { red: 1 }, secondBandColor: { green: 1 } } } } });
    expect(typeof reply?.addBanding?.bandedRange?.bandedRangeId).toBe("number");
    expect((await sheetJson(h, id)).bandedRanges?.[0]?.range).toEqual({ startRowIndex: 0, endRowIndex: 5 });
  });

  // AddDimensionGroupRequest: "a group [C:D, depth 1] + [B:E] results in groups [B:E, depth 1]
  // and [C:D, depth 2]"; the reply lists every group of that dimension.
  it("addDimensionGroup nests groups as the reference's example", async () => {
    const id = await newBook(h);
    const col = (start: number, end: number) => ({ sheetId: 0, dimension: "COLUMNS", startIndex: start, endIndex: end });
    await batch(h, id, { addDimensionGroup: { range: col(2, 4) } });
    const [reply] = await batch(h, id, { addDimensionGroup: { range: col(1, 5) } });
    expect(reply?.addDimensionGroup?.dimensionGroups).toEqual([
      { range: col(1, 5), depth: 1 },
      { range: col(2, 4), depth: 2 },
    ]);
    expect((await sheetJson(h, id)).columnGroups).toHaveLength(2);
  });
});
