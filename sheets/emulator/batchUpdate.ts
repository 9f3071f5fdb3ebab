// spreadsheets.batchUpdate: dispatches each request kind, applied in order to a copy, so a
// failing request leaves the spreadsheet untouched (Google applies a batch atomically).
import { chartHandlers } from "./charts.js";
import { ApiError, invalidArgument } from "./errors.js";
import { renameSheetReferences } from "./gridChange.js";
import { locationSheetId, metadataHandlers } from "./metadata.js";
import {
  cellAt,
  newSheet,
  newSheetId,
  renumberSheets,
  sheetById,
  sortedSheets,
  type Json,
  type JsonObject,
  type SheetState,
  type SpreadsheetState,
} from "./model.js";
import { rangeHandlers } from "./ranges.js";
import { applyFields, Context, gridRangeJson, nextSheetTitle, updateCell, type Handler, type RangeJson, type Reply } from "./requestContext.js";
import { deleteDimension, structuralHandlers } from "./structural.js";

// Other modules (developerMetadata.search, data filters) match metadata through these.
export { metadataJson, metadataMatches, metadataMatchesFilter, searchMetadata } from "./metadata.js";

const handlers: Record<string, Handler> = {
  ...structuralHandlers,
  ...metadataHandlers,
  ...rangeHandlers,
  ...chartHandlers,
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
    // Metadata on the tab, its rows and its columns goes with it.
    ctx.book.developerMetadata = ctx.book.developerMetadata.filter((m) => locationSheetId(m.location) !== sheet.properties.sheetId);
    if (ctx.book.namedRanges) ctx.book.namedRanges = ctx.book.namedRanges.filter((n) => (((n.range as JsonObject | undefined)?.sheetId as number | undefined) ?? 0) !== sheet.properties.sheetId);
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
    // Shrinking the grid deletes the rows and columns outside it, as in Google Sheets: their
    // cells, metadata and the references to them go too.
    const old = sheet.properties.gridProperties;
    if (grid.rowCount < old.rowCount) deleteDimension(ctx.book, sheet, "ROWS", grid.rowCount, old.rowCount);
    if (grid.columnCount < old.columnCount) deleteDimension(ctx.book, sheet, "COLUMNS", grid.columnCount, old.columnCount);
    if (next.index !== sheet.properties.index) {
      const ordered = sortedSheets(ctx.book).filter((s) => s !== sheet);
      ordered.splice(Math.min(next.index as number, ordered.length), 0, sheet);
      ordered.forEach((s, i) => (s.properties.index = i));
      next.index = sheet.properties.index;
    }
    if (title !== sheet.properties.title) renameSheetReferences(ctx.book, sheet.properties.title, title);
    sheet.properties = next as SheetState["properties"];
    return undefined;
  },
  updateSpreadsheetProperties(ctx, body) {
    applyFields(ctx.book.properties, (body.properties ?? {}) as JsonObject, body.fields as string | undefined, `requests[${ctx.index}].updateSpreadsheetProperties`);
    return undefined;
  },
  appendDimension(ctx, body) {
    const sheet = ctx.sheet(body.sheetId as number | undefined);
    const length = body.length as number;
    if (body.dimension === "COLUMNS") sheet.properties.gridProperties.columnCount += length;
    else sheet.properties.gridProperties.rowCount += length;
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
    const { sheet, r0, r1, c0, c1 } = ctx.rect(range);
    // UnmergeCellsRequest: "Unmerges cells in the given range"; merges elsewhere stay.
    const num = (v: unknown): number => v as number;
    sheet.merges = sheet.merges.filter((m) => !(num(m.startRowIndex) < r1 && r0 < num(m.endRowIndex) && num(m.startColumnIndex) < c1 && c0 < num(m.endColumnIndex)));
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
};


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
