// spreadsheets.batchUpdate: each request kind labinov uses, applied in order to a copy, so a
// failing request leaves the spreadsheet untouched (Google applies a batch atomically).
import { ApiError, invalidArgument } from "./errors.js";
import {
  cellAt,
  deleteColumns,
  deleteRows,
  insertColumns,
  insertRows,
  newSheet,
  newSheetId,
  renumberSheets,
  sheetById,
  sortedSheets,
  type DeveloperMetadata,
  type Json,
  type JsonObject,
  type SheetState,
  type SpreadsheetState,
} from "./model.js";
import { parseFieldMask } from "./resource.js";
import type { ExtendedValue } from "./values.js";

type Reply = JsonObject;

function setPath(target: JsonObject, path: string[], source: JsonObject): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    if (source[head] === undefined) delete target[head];
    else target[head] = structuredClone(source[head]);
    return;
  }
  const child = source[head];
  const next = (target[head] ??= {}) as JsonObject;
  setPath(next, rest, child && typeof child === "object" && !Array.isArray(child) ? child : {});
}

/** Copies the masked fields from `source` into `target`; "*" copies everything. */
function applyFields(target: JsonObject, source: JsonObject, fields: string | undefined, where: string): void {
  if (!fields) throw invalidArgument(`Invalid ${where}: At least one field must be updated. Specify 'fields' to update.`);
  for (const path of parseFieldMask(fields)) {
    if (path === "*") {
      for (const key of Object.keys(source)) target[key] = structuredClone(source[key]!);
      continue;
    }
    setPath(target, path.split("."), source);
  }
}

// Google mirrors every colour into a "...Style" field when it stores a format.
function withColorStyles(format: JsonObject): JsonObject {
  const out = structuredClone(format);
  if (out.backgroundColor && !out.backgroundColorStyle) out.backgroundColorStyle = { rgbColor: out.backgroundColor };
  const text = out.textFormat;
  if (text && typeof text === "object" && !Array.isArray(text) && text.foregroundColor && !text.foregroundColorStyle) {
    text.foregroundColorStyle = { rgbColor: text.foregroundColor };
  }
  return out;
}

interface RangeJson {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

class Context {
  constructor(
    readonly book: SpreadsheetState,
    readonly index: number,
    readonly kind: string,
    readonly user: string,
  ) {}

  fail(message: string): never {
    throw invalidArgument(`Invalid requests[${this.index}].${this.kind}: ${message}`);
  }

  sheet(sheetId: number | undefined): SheetState {
    const sheet = sheetById(this.book, sheetId ?? 0);
    if (!sheet) this.fail(`No grid with id: ${sheetId ?? 0}`);
    return sheet;
  }

  /** Resolves a GridRange; open sides run to the grid's edge. */
  rect(range: RangeJson): { sheet: SheetState; r0: number; r1: number; c0: number; c1: number } {
    const sheet = this.sheet(range.sheetId);
    const { rowCount, columnCount } = sheet.properties.gridProperties;
    const r0 = range.startRowIndex ?? 0;
    const r1 = range.endRowIndex ?? rowCount;
    const c0 = range.startColumnIndex ?? 0;
    const c1 = range.endColumnIndex ?? columnCount;
    if (r1 > rowCount || c1 > columnCount) {
      const a1 = `${sheet.properties.title}!${r0 + 1}:${r1}`;
      this.fail(`Range (${a1}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`);
    }
    return { sheet, r0, r1, c0, c1 };
  }
}

function gridRangeJson(range: RangeJson): JsonObject {
  // Google leaves out sheetId 0 (a proto3 default) but keeps indices that were given, even 0.
  const out: JsonObject = {};
  if (range.sheetId) out.sheetId = range.sheetId;
  if (range.startRowIndex !== undefined) out.startRowIndex = range.startRowIndex;
  if (range.endRowIndex !== undefined) out.endRowIndex = range.endRowIndex;
  if (range.startColumnIndex !== undefined) out.startColumnIndex = range.startColumnIndex;
  if (range.endColumnIndex !== undefined) out.endColumnIndex = range.endColumnIndex;
  return out;
}

function locationJson(location: JsonObject): JsonObject {
  if (location.spreadsheet) return { locationType: "SPREADSHEET", spreadsheet: true };
  if (location.sheetId !== undefined) return { locationType: "SHEET", sheetId: location.sheetId };
  const range = location.dimensionRange as JsonObject | undefined;
  if (range) return { locationType: range.dimension === "COLUMNS" ? "COLUMN" : "ROW", dimensionRange: range };
  return location;
}

/** DataFilter.developerMetadataLookup matching, shared with developerMetadata.search. */
export function metadataMatches(meta: DeveloperMetadata, lookup: JsonObject): boolean {
  if (lookup.metadataId !== undefined && lookup.metadataId !== meta.metadataId) return false;
  if (lookup.metadataKey !== undefined && lookup.metadataKey !== meta.metadataKey) return false;
  if (lookup.metadataValue !== undefined && lookup.metadataValue !== meta.metadataValue) return false;
  if (lookup.visibility !== undefined && lookup.visibility !== meta.visibility) return false;
  if (lookup.locationType !== undefined && lookup.locationType !== meta.location.locationType) return false;
  const loc = lookup.metadataLocation as JsonObject | undefined;
  if (loc) {
    if (loc.spreadsheet === true && meta.location.locationType !== "SPREADSHEET") return false;
    if (loc.sheetId !== undefined && meta.location.sheetId !== loc.sheetId) return false;
  }
  return true;
}

export function metadataJson(meta: DeveloperMetadata): JsonObject {
  const out: JsonObject = { metadataId: meta.metadataId, metadataKey: meta.metadataKey };
  if (meta.metadataValue !== undefined) out.metadataValue = meta.metadataValue;
  out.location = meta.location;
  out.visibility = meta.visibility;
  return out;
}

const handlers: Record<string, (ctx: Context, body: JsonObject) => Reply | undefined> = {
  addSheet(ctx, body) {
    const props = (body.properties ?? {}) as JsonObject;
    const book = ctx.book;
    const title = (props.title as string | undefined) ?? nextSheetTitle(book);
    if (book.sheets.some((s) => s.properties.title.toLowerCase() === title.toLowerCase())) {
      ctx.fail(`A sheet with the name "${title}" already exists. Please enter another name.`);
    }
    const sheetId = (props.sheetId as number | undefined) ?? newSheetId();
    if (sheetById(book, sheetId)) ctx.fail(`Sheet with id ${sheetId} already exists.`);
    const grid = (props.gridProperties ?? {}) as JsonObject;
    const index = Math.min((props.index as number | undefined) ?? book.sheets.length, book.sheets.length);
    for (const s of book.sheets) if (s.properties.index >= index) s.properties.index++;
    const sheet = newSheet(sheetId, title, index, (grid.rowCount as number | undefined) ?? 1000, (grid.columnCount as number | undefined) ?? 26);
    for (const [key, value] of Object.entries(grid)) sheet.properties.gridProperties[key] = value;
    if (props.hidden) sheet.properties.hidden = true;
    if (props.tabColor) sheet.properties.tabColor = props.tabColor;
    book.sheets.push(sheet);
    renumberSheets(book);
    return { addSheet: { properties: structuredClone(sheet.properties) } };
  },
  deleteSheet(ctx, body) {
    const sheet = ctx.sheet(body.sheetId as number);
    if (ctx.book.sheets.length === 1) ctx.fail("You can't remove all the sheets in a document.");
    ctx.book.sheets = ctx.book.sheets.filter((s) => s !== sheet);
    ctx.book.developerMetadata = ctx.book.developerMetadata.filter((m) => m.location.sheetId !== sheet.properties.sheetId);
    renumberSheets(ctx.book);
    return undefined;
  },
  updateSheetProperties(ctx, body) {
    const props = (body.properties ?? {}) as JsonObject;
    const sheet = ctx.sheet(props.sheetId as number | undefined);
    const next = structuredClone(sheet.properties) as JsonObject;
    applyFields(next, props, body.fields as string | undefined, `requests[${ctx.index}].updateSheetProperties`);
    const title = next.title as string;
    if (title !== sheet.properties.title && ctx.book.sheets.some((s) => s !== sheet && s.properties.title.toLowerCase() === title.toLowerCase())) {
      ctx.fail(`A sheet with the name "${title}" already exists. Please enter another name.`);
    }
    if (next.hidden === false) delete next.hidden;
    if (next.hidden === true && ctx.book.sheets.every((s) => s === sheet || s.properties.hidden === true)) {
      ctx.fail("You can't hide all the sheets in a document.");
    }
    const grid = next.gridProperties as JsonObject & { rowCount: number; columnCount: number };
    // Shrinking the grid drops the cells outside it, as in Google Sheets.
    sheet.rows.length = Math.min(sheet.rows.length, grid.rowCount);
    for (const line of sheet.rows) if (line && line.length > grid.columnCount) line.length = grid.columnCount;
    if (next.index !== sheet.properties.index) {
      const ordered = sortedSheets(ctx.book).filter((s) => s !== sheet);
      ordered.splice(Math.min(next.index as number, ordered.length), 0, sheet);
      ordered.forEach((s, i) => (s.properties.index = i));
      next.index = sheet.properties.index;
    }
    sheet.properties = next as SheetState["properties"];
    return undefined;
  },
  updateSpreadsheetProperties(ctx, body) {
    applyFields(ctx.book.properties, (body.properties ?? {}) as JsonObject, body.fields as string | undefined, `requests[${ctx.index}].updateSpreadsheetProperties`);
    return undefined;
  },
  insertDimension(ctx, body) {
    const range = (body.range ?? {}) as JsonObject;
    const sheet = ctx.sheet(range.sheetId as number | undefined);
    const start = (range.startIndex as number | undefined) ?? 0;
    const end = range.endIndex as number;
    const count = end - start;
    if (!(count > 0)) ctx.fail("Invalid dimension range: endIndex must be greater than startIndex.");
    if (range.dimension === "COLUMNS") insertColumns(sheet, start, count);
    else insertRows(sheet, start, count);
    return undefined;
  },
  appendDimension(ctx, body) {
    const sheet = ctx.sheet(body.sheetId as number | undefined);
    const length = body.length as number;
    if (body.dimension === "COLUMNS") sheet.properties.gridProperties.columnCount += length;
    else sheet.properties.gridProperties.rowCount += length;
    return undefined;
  },
  deleteDimension(ctx, body) {
    const range = (body.range ?? {}) as JsonObject;
    const sheet = ctx.sheet(range.sheetId as number | undefined);
    const start = (range.startIndex as number | undefined) ?? 0;
    const grid = sheet.properties.gridProperties;
    const end = (range.endIndex as number | undefined) ?? (range.dimension === "COLUMNS" ? grid.columnCount : grid.rowCount);
    if (range.dimension === "COLUMNS") {
      if (end - start >= grid.columnCount) ctx.fail("You can't delete all the columns on the sheet.");
      deleteColumns(sheet, start, end);
    } else {
      if (end - start >= grid.rowCount) ctx.fail("You can't delete all the rows on the sheet.");
      deleteRows(sheet, start, end);
    }
    return undefined;
  },
  updateDimensionProperties() {
    // Row heights and column widths do not change any value; accepted and not modelled.
    return undefined;
  },
  setDataValidation(ctx, body) {
    const { sheet, r0, r1, c0, c1 } = ctx.rect((body.range ?? {}) as RangeJson);
    for (let r = r0; r < r1; r++) {
      for (let c = c0; c < c1; c++) {
        const cell = cellAt(sheet, r, c);
        if (body.rule) cell.dataValidation = structuredClone(body.rule as JsonObject);
        else delete cell.dataValidation;
      }
    }
    return undefined;
  },
  addProtectedRange(ctx, body) {
    const requested = (body.protectedRange ?? {}) as JsonObject;
    const range = (requested.range ?? {}) as RangeJson;
    const sheet = ctx.sheet(range.sheetId);
    const stored: JsonObject = { protectedRangeId: (requested.protectedRangeId as number | undefined) ?? newSheetId(), range: gridRangeJson(range) };
    if (requested.description) stored.description = requested.description;
    if (requested.warningOnly) stored.warningOnly = true;
    stored.requestingUserCanEdit = true;
    sheet.protectedRanges.push({ ...stored, editors: { users: [ctx.user] } });
    // The reply shows empty editors; later reads list the owner, as Google does.
    return { addProtectedRange: { protectedRange: { ...stored, editors: {} } } };
  },
  deleteProtectedRange(ctx, body) {
    for (const sheet of ctx.book.sheets) sheet.protectedRanges = sheet.protectedRanges.filter((p) => p.protectedRangeId !== body.protectedRangeId);
    return undefined;
  },
  repeatCell(ctx, body) {
    const { sheet, r0, r1, c0, c1 } = ctx.rect((body.range ?? {}) as RangeJson);
    const template = (body.cell ?? {}) as JsonObject;
    for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) updateCell(ctx, sheet, r, c, template, body.fields as string | undefined);
    return undefined;
  },
  updateCells(ctx, body) {
    const rows = (body.rows ?? []) as JsonObject[];
    let sheet: SheetState;
    let r0: number;
    let c0: number;
    if (body.start) {
      const start = body.start as JsonObject;
      sheet = ctx.sheet(start.sheetId as number | undefined);
      r0 = (start.rowIndex as number | undefined) ?? 0;
      c0 = (start.columnIndex as number | undefined) ?? 0;
    } else {
      ({ sheet, r0, c0 } = ctx.rect((body.range ?? {}) as RangeJson));
    }
    rows.forEach((row, i) => {
      ((row.values ?? []) as JsonObject[]).forEach((cell, j) => updateCell(ctx, sheet, r0 + i, c0 + j, cell, body.fields as string | undefined));
    });
    return undefined;
  },
  mergeCells(ctx, body) {
    const range = (body.range ?? {}) as RangeJson;
    const { sheet } = ctx.rect(range);
    sheet.merges.push({ sheetId: range.sheetId ?? 0, ...gridRangeJson(range) });
    return undefined;
  },
  unmergeCells(ctx, body) {
    const range = (body.range ?? {}) as RangeJson;
    const { sheet } = ctx.rect(range);
    sheet.merges = [];
    return undefined;
  },
  addConditionalFormatRule(ctx, body) {
    const rule = (body.rule ?? {}) as JsonObject;
    const ranges = (rule.ranges ?? []) as RangeJson[];
    const sheet = ctx.sheet(ranges[0]?.sheetId);
    const index = Math.min((body.index as number | undefined) ?? 0, sheet.conditionalFormats.length);
    sheet.conditionalFormats.splice(index, 0, structuredClone(rule));
    return undefined;
  },
  createDeveloperMetadata(ctx, body) {
    const requested = (body.developerMetadata ?? {}) as JsonObject;
    const location = (requested.location ?? {}) as JsonObject;
    if (location.sheetId !== undefined) ctx.sheet(location.sheetId as number);
    if (!requested.metadataKey) ctx.fail("Developer metadata must have a key.");
    const meta: DeveloperMetadata = {
      metadataId: (requested.metadataId as number | undefined) ?? newSheetId(),
      metadataKey: requested.metadataKey as string,
      visibility: (requested.visibility as string | undefined) ?? "DOCUMENT",
      location: locationJson(location),
    };
    if (requested.metadataValue !== undefined) meta.metadataValue = requested.metadataValue as string;
    if (ctx.book.developerMetadata.some((m) => m.metadataId === meta.metadataId)) ctx.fail(`Metadata with id ${meta.metadataId} already exists.`);
    ctx.book.developerMetadata.push(meta);
    return { createDeveloperMetadata: { developerMetadata: metadataJson(meta) } };
  },
  deleteDeveloperMetadata(ctx, body) {
    const lookup = ((body.dataFilter as JsonObject | undefined)?.developerMetadataLookup ?? {}) as JsonObject;
    const deleted = ctx.book.developerMetadata.filter((m) => metadataMatches(m, lookup));
    ctx.book.developerMetadata = ctx.book.developerMetadata.filter((m) => !deleted.includes(m));
    return { deleteDeveloperMetadata: { deletedDeveloperMetadata: deleted.map(metadataJson) } };
  },
  updateDeveloperMetadata(ctx, body) {
    const filters = (body.dataFilters ?? []) as JsonObject[];
    const patch = (body.developerMetadata ?? {}) as JsonObject;
    const updated: JsonObject[] = [];
    for (const meta of ctx.book.developerMetadata) {
      if (!filters.some((f) => metadataMatches(meta, (f.developerMetadataLookup ?? {}) as JsonObject))) continue;
      const json = metadataJson(meta);
      applyFields(json, patch, body.fields as string | undefined, `requests[${ctx.index}].updateDeveloperMetadata`);
      meta.metadataKey = json.metadataKey as string;
      if (json.metadataValue === undefined) delete meta.metadataValue;
      else meta.metadataValue = json.metadataValue as string;
      updated.push(metadataJson(meta));
    }
    return { updateDeveloperMetadata: { developerMetadata: updated } };
  },
};

function nextSheetTitle(book: SpreadsheetState): string {
  for (let n = book.sheets.length + 1; ; n++) {
    const title = `Sheet${n}`;
    if (!book.sheets.some((s) => s.properties.title === title)) return title;
  }
}

function updateCell(ctx: Context, sheet: SheetState, r: number, c: number, source: JsonObject, fields: string | undefined): void {
  if (!fields) ctx.fail("At least one field must be updated. Specify 'fields' to update.");
  const cell = cellAt(sheet, r, c);
  for (const path of parseFieldMask(fields)) {
    const [head, ...rest] = path.split(".");
    if (head === "*" || head === "userEnteredValue") {
      const value = source.userEnteredValue as ExtendedValue | undefined;
      if (value && "stringValue" in value) cell.input = { value };
      else if (value && "formulaValue" in value) cell.input = { value };
      else if (value) cell.input = { value, ...(cell.input.numberFormat ? { numberFormat: cell.input.numberFormat } : {}) };
      else cell.input = {};
    }
    if (head === "*" || head === "userEnteredFormat") {
      const format = (source.userEnteredFormat ?? {}) as JsonObject;
      const next = structuredClone(cell.format ?? {});
      if (rest.length === 0) {
        Object.keys(next).forEach((k) => delete next[k]);
        Object.assign(next, format);
      } else setPath(next, rest, format);
      const numberFormat = next.numberFormat as JsonObject | undefined;
      if (numberFormat) {
        delete next.numberFormat;
        cell.input.numberFormat = numberFormat as never;
      }
      cell.format = withColorStyles(next);
      if (Object.keys(cell.format).length === 0) delete cell.format;
    }
    if (head === "*" || head === "note") {
      if (typeof source.note === "string" && source.note !== "") cell.note = source.note;
      else delete cell.note;
    }
    if (head === "*" || head === "dataValidation") {
      if (source.dataValidation) cell.dataValidation = structuredClone(source.dataValidation as JsonObject);
      else delete cell.dataValidation;
    }
  }
}

/** Applies every request or none; answers `{spreadsheetId, replies}` like Google. */
export function applyBatchUpdate(book: SpreadsheetState, body: JsonObject, user: string): { book: SpreadsheetState; response: JsonObject } {
  const requests = body.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw invalidArgument("Must specify at least one request.");
  const draft = structuredClone(book);
  const replies: Reply[] = [];
  requests.forEach((request, index) => {
    if (!request || typeof request !== "object" || Array.isArray(request)) throw invalidArgument(`Invalid requests[${index}]: No request set.`);
    const kinds = Object.keys(request);
    const kind = kinds[0];
    if (kind === undefined) throw invalidArgument(`Invalid requests[${index}]: No request set.`);
    const handler = handlers[kind];
    if (!handler) {
      const message = `Invalid JSON payload received. Unknown name "${kind}" at 'requests[${index}]': Cannot find field.`;
      throw new ApiError(400, "INVALID_ARGUMENT", message, [
        { "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field: `requests[${index}]`, description: message }] },
      ]);
    }
    const reply = handler(new Context(draft, index, kind, user), (request as JsonObject)[kind] as JsonObject);
    replies.push(reply ?? {});
  });
  return { book: draft, response: { spreadsheetId: book.spreadsheetId, replies: replies as Json[] } };
}
