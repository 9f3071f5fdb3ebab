// Request kinds that work on a range in place or add objects over one: find and replace, trim,
// paste and split text, append rows, borders, filters, filter views, named ranges, banding,
// row and column groups, auto-resize, and duplicating a tab.
import { isFormula } from "./gridChange.js";
import { cellAt, getCell, newSheetId, renumberSheets, sheetById, sortedSheets, type Cell, type JsonObject, type SheetState } from "./model.js";
import { applyFields, gridRangeJson, updateCell, type Context, type Handler, type RangeJson } from "./requestContext.js";
import { sortRows } from "./structural.js";
import { parseUserEntered } from "./values.js";

/** Proto3 JSON leaves out zero counts, so a reply of all zeros is an empty object. */
function counts(values: Record<string, number>): JsonObject {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== 0));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The GridRange JSON Google echoes: sheetId left out when 0, given indices kept. */
function echoRange(range: RangeJson): JsonObject {
  return gridRangeJson(range);
}

function checkRange(ctx: Context, range: RangeJson): RangeJson {
  ctx.rect(range);
  return range;
}

function cellText(cell: Cell | undefined): string | undefined {
  const v = cell?.input.value;
  if (!v) return undefined;
  if ("stringValue" in v) return v.stringValue;
  if ("numberValue" in v) return String(v.numberValue);
  if ("boolValue" in v) return v.boolValue ? "TRUE" : "FALSE";
  if ("formulaValue" in v) return v.formulaValue;
  return undefined;
}

/** Splits text typed or pasted into rows and cells; each piece is parsed as if typed. */
function writeTyped(sheet: SheetState, r: number, c: number, text: string): void {
  const cell = cellAt(sheet, r, c);
  cell.input = { ...parseUserEntered(text), ...(cell.input.numberFormat ? { numberFormat: cell.input.numberFormat } : {}) };
}

function growTo(sheet: SheetState, rows: number, cols: number): void {
  const grid = sheet.properties.gridProperties;
  if (rows > grid.rowCount) grid.rowCount = rows;
  if (cols > grid.columnCount) grid.columnCount = cols;
}

// Google's widths per border style (Sheets API v4 reference, Border.width is derived from style).
const BORDER_WIDTH: Record<string, number> = { DOTTED: 1, DASHED: 1, SOLID: 1, SOLID_MEDIUM: 2, SOLID_THICK: 3, DOUBLE: 1 };

function borderJson(border: JsonObject): JsonObject | undefined {
  const style = (border.style as string | undefined) ?? "SOLID";
  if (style === "NONE") return undefined;
  const out: JsonObject = { style, width: BORDER_WIDTH[style] ?? 1 };
  const color = (border.color as JsonObject | undefined) ?? ((border.colorStyle as JsonObject | undefined)?.rgbColor as JsonObject | undefined) ?? {};
  out.color = color;
  out.colorStyle = (border.colorStyle as JsonObject | undefined) ?? { rgbColor: color };
  return out;
}

function setBorder(sheet: SheetState, r: number, c: number, side: string, border: JsonObject): void {
  const cell = cellAt(sheet, r, c);
  const format = (cell.format ??= {});
  const borders = ((format.borders as JsonObject | undefined) ?? {}) as JsonObject;
  const json = borderJson(border);
  if (json) borders[side] = json;
  else delete borders[side];
  if (Object.keys(borders).length > 0) format.borders = borders;
  else delete format.borders;
  if (Object.keys(format).length === 0) delete cell.format;
}

// Google answers named range ids as strings of digits ("1505157600" in gspread's recorded
// CellTest.test_define_named_range).
const newNamedRangeId = (): string => String(newSheetId());

function groupsKey(dimension: unknown): "rowGroups" | "columnGroups" {
  return dimension === "COLUMNS" ? "columnGroups" : "rowGroups";
}

// Names are letters, digits, underscores and periods, not starting with a digit, and must not
// read as a cell (A1, R1C1) or TRUE/FALSE (Docs Editors Help, "Name a range").
function checkName(ctx: Context, name: string, self?: JsonObject): void {
  if (!/^[A-Za-z_][A-Za-z0-9_.]{0,249}$/.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name) || /^(true|false)$/i.test(name)) {
    ctx.fail(`Invalid name: ${name}`);
  }
  if ((ctx.book.namedRanges ?? []).some((n) => n !== self && (n.name as string).toLowerCase() === name.toLowerCase())) {
    ctx.fail(`A named range with the name "${name}" already exists.`);
  }
}

export const rangeHandlers: Record<string, Handler> = {
  findReplace(ctx, body) {
    const find = (body.find as string | undefined) ?? "";
    if (find === "") ctx.fail("find must not be empty.");
    const replacement = (body.replacement as string | undefined) ?? "";
    const source = body.searchByRegex === true ? find : escapeRegExp(find);
    const pattern = new RegExp(body.matchEntireCell === true ? `^(?:${source})$` : source, body.matchCase === true ? "g" : "gi");
    let sheets: SheetState[];
    let bounds: { r0: number; r1: number; c0: number; c1: number } | undefined;
    if (body.range) {
      const rect = ctx.rect(body.range as RangeJson);
      sheets = [rect.sheet];
      bounds = rect;
    } else if (body.sheetId !== undefined) sheets = [ctx.sheet(body.sheetId as number)];
    else if (body.allSheets === true) sheets = sortedSheets(ctx.book);
    else return ctx.fail("One of range, sheetId or allSheets must be set.");
    let valuesChanged = 0;
    let formulasChanged = 0;
    let occurrencesChanged = 0;
    let rowsChanged = 0;
    let sheetsChanged = 0;
    for (const sheet of sheets) {
      let sheetHit = false;
      sheet.rows.forEach((line, r) => {
        if (bounds && (r < bounds.r0 || r >= bounds.r1)) return;
        let rowHit = false;
        line?.forEach((cell, c) => {
          if (!cell || (bounds && (c < bounds.c0 || c >= bounds.c1))) return;
          const formula = isFormula(cell);
          // Google searches formulas' text only when includeFormulas is set (FindReplaceRequest).
          if (formula && body.includeFormulas !== true) return;
          const text = cellText(cell);
          if (text === undefined) return;
          const hits = text.match(pattern)?.length ?? 0;
          if (hits === 0) return;
          const next = text.replace(pattern, replacement);
          if (formula) {
            cell.input = { ...cell.input, value: { formulaValue: next } };
            formulasChanged++;
          } else if (cell.input.value && "stringValue" in cell.input.value) {
            cell.input = { ...cell.input, value: { stringValue: next } };
            valuesChanged++;
          } else {
            writeTyped(sheet, r, c, next);
            valuesChanged++;
          }
          occurrencesChanged += hits;
          rowHit = sheetHit = true;
        });
        if (rowHit) rowsChanged++;
      });
      if (sheetHit) sheetsChanged++;
    }
    return { findReplace: counts({ valuesChanged, formulasChanged, rowsChanged, sheetsChanged, occurrencesChanged }) };
  },
  trimWhitespace(ctx, body) {
    const { sheet, r0, r1, c0, c1 } = ctx.rect((body.range ?? {}) as RangeJson);
    let changed = 0;
    for (let r = r0; r < Math.min(r1, sheet.rows.length); r++) {
      for (let c = c0; c < c1; c++) {
        const cell = getCell(sheet, r, c);
        const v = cell?.input.value;
        if (!cell || !v || !("stringValue" in v)) continue;
        // "removes all whitespace from the start and end of each cell's text, and reduces any
        // subsequence of remaining whitespace characters to a single space. If the resulting
        // trimmed text starts with a '+' or '=' character, the text remains as a string value"
        // (TrimWhitespaceRequest).
        const next = v.stringValue.trim().replace(/\s+/g, " ");
        if (next === v.stringValue) continue;
        cell.input = { ...cell.input, value: { stringValue: next } };
        changed++;
      }
    }
    return { trimWhitespace: counts({ cellsChangedCount: changed }) };
  },
  appendCells(ctx, body) {
    const sheet = ctx.sheet(body.sheetId as number | undefined);
    const rows = (body.rows ?? []) as JsonObject[];
    // "Appends new cells after the last row with data in a sheet, inserting new rows into the
    // sheet if necessary." (AppendCellsRequest)
    let last = -1;
    sheet.rows.forEach((line, r) => {
      if (line?.some((cell) => cell?.input.value !== undefined)) last = r;
    });
    const start = last + 1;
    const width = Math.max(0, ...rows.map((row) => ((row.values ?? []) as unknown[]).length));
    growTo(sheet, start + rows.length, width);
    rows.forEach((row, i) => {
      ((row.values ?? []) as JsonObject[]).forEach((cell, j) => updateCell(ctx, sheet, start + i, j, cell, body.fields as string | undefined));
    });
    return undefined;
  },
  pasteData(ctx, body) {
    const coordinate = (body.coordinate ?? {}) as JsonObject;
    const sheet = ctx.sheet(coordinate.sheetId as number | undefined);
    const r0 = (coordinate.rowIndex as number | undefined) ?? 0;
    const c0 = (coordinate.columnIndex as number | undefined) ?? 0;
    const data = (body.data as string | undefined) ?? "";
    if (body.html === true) ctx.fail("HTML paste is not modelled by this emulator.");
    const delimiter = body.delimiter as string | undefined;
    if (delimiter === undefined || delimiter === "") return ctx.fail("A delimiter is required.");
    const lines = data.split(/\r?\n/);
    const width = Math.max(0, ...lines.map((l) => l.split(delimiter).length));
    growTo(sheet, r0 + lines.length, c0 + width);
    const type = (body.type as string | undefined) ?? "PASTE_NORMAL";
    lines.forEach((line, i) =>
      line.split(delimiter).forEach((text, j) => {
        if (type === "PASTE_FORMAT" || type === "PASTE_DATA_VALIDATION" || type === "PASTE_CONDITIONAL_FORMATTING") return;
        if (text === "") {
          const cell = getCell(sheet, r0 + i, c0 + j);
          if (cell) cell.input = cell.input.numberFormat ? { numberFormat: cell.input.numberFormat } : {};
          return;
        }
        writeTyped(sheet, r0 + i, c0 + j, text);
      }),
    );
    return undefined;
  },
  textToColumns(ctx, body) {
    const source = (body.source ?? {}) as RangeJson;
    const { sheet, r0, r1, c0, c1 } = ctx.rect(source);
    if (c1 - c0 !== 1) ctx.fail("The source range must span exactly one column.");
    const type = (body.delimiterType as string | undefined) ?? "DELIMITER_TYPE_UNSPECIFIED";
    const fixed: Record<string, string> = { COMMA: ",", SEMICOLON: ";", PERIOD: ".", SPACE: " " };
    for (let r = r0; r < Math.min(r1, sheet.rows.length); r++) {
      const cell = getCell(sheet, r, c0);
      const v = cell?.input.value;
      if (!v || !("stringValue" in v)) continue;
      const text = v.stringValue;
      // AUTODETECT (and the unspecified default) picks the first of these that the text holds.
      const delimiter =
        type === "CUSTOM" ? ((body.delimiter as string | undefined) ?? ",") : fixed[type] ?? [",", ";", ".", " "].find((d) => text.includes(d)) ?? ",";
      const parts = text.split(delimiter);
      growTo(sheet, r + 1, c0 + parts.length);
      parts.forEach((part, j) => writeTyped(sheet, r, c0 + j, part));
    }
    return undefined;
  },
  updateBorders(ctx, body) {
    const { sheet, r0, r1, c0, c1 } = ctx.rect((body.range ?? {}) as RangeJson);
    const sides = body as Record<string, JsonObject | undefined>;
    for (let c = c0; c < c1; c++) {
      if (sides.top) setBorder(sheet, r0, c, "top", sides.top);
      if (sides.bottom) setBorder(sheet, r1 - 1, c, "bottom", sides.bottom);
    }
    for (let r = r0; r < r1; r++) {
      if (sides.left) setBorder(sheet, r, c0, "left", sides.left);
      if (sides.right) setBorder(sheet, r, c1 - 1, "right", sides.right);
    }
    // An inner border is the edge two cells share; it is stored on both of them.
    if (sides.innerHorizontal) {
      for (let r = r0; r < r1 - 1; r++) {
        for (let c = c0; c < c1; c++) {
          setBorder(sheet, r, c, "bottom", sides.innerHorizontal);
          setBorder(sheet, r + 1, c, "top", sides.innerHorizontal);
        }
      }
    }
    if (sides.innerVertical) {
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1 - 1; c++) {
          setBorder(sheet, r, c, "right", sides.innerVertical);
          setBorder(sheet, r, c + 1, "left", sides.innerVertical);
        }
      }
    }
    return undefined;
  },
  autoResizeDimensions(ctx, body) {
    // Pixel sizes follow the text's rendering in a browser; only the range is checked here.
    const range = (body.dimensions ?? body.dataSourceSheetDimensions ?? {}) as JsonObject;
    const sheet = ctx.sheet(range.sheetId as number | undefined);
    const grid = sheet.properties.gridProperties;
    const size = range.dimension === "COLUMNS" ? grid.columnCount : grid.rowCount;
    if (((range.endIndex as number | undefined) ?? 0) > size) ctx.fail(`Invalid dimension range: endIndex is after the last index (${size}).`);
    return undefined;
  },
  setBasicFilter(ctx, body) {
    const filter = structuredClone((body.filter ?? {}) as JsonObject);
    const range = checkRange(ctx, (filter.range ?? {}) as RangeJson);
    const sheet = ctx.sheet(range.sheetId);
    filter.range = echoRange(range);
    sheet.basicFilter = filter;
    // A filter's sort specs sort the rows under its header row (the first row of its range).
    const specs = (filter.sortSpecs ?? []) as JsonObject[];
    if (specs.length > 0) sortRows(ctx, { ...range, startRowIndex: (range.startRowIndex ?? 0) + 1 }, specs);
    return undefined;
  },
  clearBasicFilter(ctx, body) {
    delete ctx.sheet(body.sheetId as number | undefined).basicFilter;
    return undefined;
  },
  addFilterView(ctx, body) {
    const filter = structuredClone((body.filter ?? {}) as JsonObject);
    const range = checkRange(ctx, (filter.range ?? {}) as RangeJson);
    const sheet = ctx.sheet(range.sheetId);
    filter.filterViewId = (filter.filterViewId as number | undefined) ?? newSheetId();
    filter.range = echoRange(range);
    if (ctx.book.sheets.some((s) => (s.filterViews ?? []).some((f) => f.filterViewId === filter.filterViewId))) ctx.fail(`Filter view with id ${filter.filterViewId as number} already exists.`);
    (sheet.filterViews ??= []).push(filter);
    return { addFilterView: { filter } };
  },
  addNamedRange(ctx, body) {
    const requested = (body.namedRange ?? {}) as JsonObject;
    const name = (requested.name as string | undefined) ?? "";
    checkName(ctx, name);
    const named = (ctx.book.namedRanges ??= []);
    const range = checkRange(ctx, (requested.range ?? {}) as RangeJson);
    const out: JsonObject = { namedRangeId: (requested.namedRangeId as string | undefined) ?? newNamedRangeId(), name, range: echoRange(range) };
    named.push(out);
    return { addNamedRange: { namedRange: out } };
  },
  deleteNamedRange(ctx, body) {
    const named = ctx.book.namedRanges ?? [];
    if (!named.some((n) => n.namedRangeId === body.namedRangeId)) ctx.fail(`No named range with id: ${String(body.namedRangeId)}`);
    ctx.book.namedRanges = named.filter((n) => n.namedRangeId !== body.namedRangeId);
    return undefined;
  },
  updateNamedRange(ctx, body) {
    const patch = (body.namedRange ?? {}) as JsonObject;
    const target = (ctx.book.namedRanges ?? []).find((n) => n.namedRangeId === patch.namedRangeId);
    if (!target) return ctx.fail(`No named range with id: ${String(patch.namedRangeId)}`);
    const next = structuredClone(target);
    applyFields(next, patch, body.fields as string | undefined, `requests[${ctx.index}].updateNamedRange`);
    if (next.name !== target.name) checkName(ctx, next.name as string, target);
    next.range = echoRange(checkRange(ctx, (next.range ?? {}) as RangeJson));
    Object.assign(target, next);
    return undefined;
  },
  addBanding(ctx, body) {
    const banded = structuredClone((body.bandedRange ?? {}) as JsonObject);
    const range = checkRange(ctx, (banded.range ?? {}) as RangeJson);
    const sheet = ctx.sheet(range.sheetId);
    banded.bandedRangeId = (banded.bandedRangeId as number | undefined) ?? newSheetId();
    banded.range = echoRange(range);
    (sheet.bandedRanges ??= []).push(banded);
    return { addBanding: { bandedRange: banded } };
  },
  addDimensionGroup(ctx, body) {
    const range = structuredClone((body.range ?? {}) as JsonObject);
    const sheet = ctx.sheet(range.sheetId as number | undefined);
    const start = (range.startIndex as number | undefined) ?? 0;
    const end = range.endIndex as number;
    if (!(end > start)) ctx.fail("Invalid dimension range: endIndex must be greater than startIndex.");
    const key = groupsKey(range.dimension);
    const groups = (sheet[key] ??= []);
    const span = (g: JsonObject): [number, number] => [((g.range as JsonObject).startIndex as number | undefined) ?? 0, (g.range as JsonObject).endIndex as number];
    if (groups.some((g) => span(g)[0] === start && span(g)[1] === end)) ctx.fail("A group with the same range already exists.");
    // AddDimensionGroupRequest: a new group over an existing one pushes that one a level deeper;
    // a new group inside one, or straddling one, sits a level deeper than it (a straddled group
    // grows to the union and the new one keeps the intersection).
    let depth = 1;
    let ownStart = start;
    let ownEnd = end;
    for (const g of groups) {
      const [gs, ge] = span(g);
      if (ge <= start || end <= gs) continue;
      if (start <= gs && ge <= end) g.depth = (g.depth as number) + 1;
      else if (gs <= start && end <= ge) depth = Math.max(depth, (g.depth as number) + 1);
      else {
        (g.range as JsonObject).startIndex = Math.min(gs, start);
        (g.range as JsonObject).endIndex = Math.max(ge, end);
        ownStart = Math.max(gs, start);
        ownEnd = Math.min(ge, end);
        depth = Math.max(depth, (g.depth as number) + 1);
      }
    }
    groups.push({ range: { ...range, startIndex: ownStart, endIndex: ownEnd }, depth });
    groups.sort((a, b) => span(a)[0] - span(b)[0] || (a.depth as number) - (b.depth as number));
    return { addDimensionGroup: { dimensionGroups: structuredClone(groups) } };
  },
  duplicateSheet(ctx, body) {
    const source = ctx.sheet(body.sourceSheetId as number | undefined);
    const book = ctx.book;
    let title = body.newSheetName as string | undefined;
    if (title !== undefined && book.sheets.some((s) => s.properties.title.toLowerCase() === title!.toLowerCase())) {
      ctx.fail(`A sheet with the name "${title}" already exists. Please enter another name.`);
    }
    // Google names an unnamed copy "Copy of <title>", then "Copy of <title> 1", ... (seen in
    // spreadsheets people published; not in the API reference).
    if (title === undefined) {
      const base = `Copy of ${source.properties.title}`;
      title = base;
      for (let n = 1; book.sheets.some((s) => s.properties.title.toLowerCase() === title!.toLowerCase()); n++) title = `${base} ${n}`;
    }
    const sheetId = (body.newSheetId as number | undefined) ?? newSheetId();
    if (sheetById(book, sheetId)) ctx.fail(`Sheet with id ${sheetId} already exists.`);
    const copy: SheetState = structuredClone(source);
    const index = Math.min((body.insertSheetIndex as number | undefined) ?? source.properties.index + 1, book.sheets.length);
    copy.properties = { ...copy.properties, sheetId, title, index };
    const moveToCopy = (range: JsonObject): JsonObject => ({ ...range, sheetId });
    copy.protectedRanges = copy.protectedRanges.map((p) => ({ ...p, protectedRangeId: newSheetId(), range: moveToCopy(p.range as JsonObject) }));
    copy.merges = copy.merges.map(moveToCopy);
    copy.conditionalFormats = copy.conditionalFormats.map((rule) => ({ ...rule, ranges: ((rule.ranges ?? []) as JsonObject[]).map(moveToCopy) }));
    if (copy.basicFilter) copy.basicFilter = { ...copy.basicFilter, range: moveToCopy(copy.basicFilter.range as JsonObject) };
    delete copy.filterViews;
    // Charts are not copied (Google copies them with new ids; not modelled yet).
    delete copy.charts;
    copy.bandedRanges = copy.bandedRanges?.map((b) => ({ ...b, bandedRangeId: newSheetId(), range: moveToCopy(b.range as JsonObject) }));
    for (const s of book.sheets) if (s.properties.index >= index) s.properties.index++;
    book.sheets.push(copy);
    renumberSheets(book);
    return { duplicateSheet: { properties: structuredClone(copy.properties) } };
  },
};
