// Developer metadata: creating it on a spreadsheet, tab, row or column, and finding it again by
// DataFilter (a lookup by key, id or location, or a range whose cells its location intersects).
// Rules from the Sheets API v4 reference: DeveloperMetadataLocation, DeveloperMetadataLookup,
// DeveloperMetadataLocationMatchingStrategy and spreadsheets.developerMetadata.search.
import { resolveRange, newSheetId, type DeveloperMetadata, type JsonObject, type SpreadsheetState } from "./model.js";
import { invalidArgument } from "./errors.js";
import { applyFields, type Context, type Handler } from "./requestContext.js";

/** The stored location with its read-only `locationType`, as Google echoes it. */
export function locationJson(location: JsonObject): JsonObject {
  if (location.spreadsheet) return { locationType: "SPREADSHEET", spreadsheet: true };
  if (location.sheetId !== undefined) return { locationType: "SHEET", sheetId: location.sheetId };
  const range = location.dimensionRange as JsonObject | undefined;
  if (range) return { locationType: range.dimension === "COLUMNS" ? "COLUMN" : "ROW", dimensionRange: range };
  return location;
}

export function metadataJson(meta: DeveloperMetadata): JsonObject {
  const out: JsonObject = { metadataId: meta.metadataId, metadataKey: meta.metadataKey };
  if (meta.metadataValue !== undefined) out.metadataValue = meta.metadataValue;
  out.location = meta.location;
  out.visibility = meta.visibility;
  return out;
}

/** The tab a location lies on (rows and columns carry it in their dimensionRange). */
export function locationSheetId(location: JsonObject): number | undefined {
  if (location.spreadsheet === true) return undefined;
  if (typeof location.sheetId === "number") return location.sheetId;
  const range = location.dimensionRange as JsonObject | undefined;
  return range ? ((range.sheetId as number | undefined) ?? 0) : undefined;
}

interface Place {
  kind: "SPREADSHEET" | "SHEET" | "ROW" | "COLUMN";
  sheetId?: number;
  start?: number;
  end?: number;
}

function placeOf(location: JsonObject): Place {
  const json = locationJson(location);
  const kind = json.locationType as Place["kind"];
  const range = json.dimensionRange as JsonObject | undefined;
  return {
    kind,
    sheetId: locationSheetId(json),
    ...(range ? { start: (range.startIndex as number | undefined) ?? 0, end: range.endIndex as number | undefined } : {}),
  };
}

function overlaps(a: Place, b: Place): boolean {
  return (a.start ?? 0) < (b.end ?? Infinity) && (b.start ?? 0) < (a.end ?? Infinity);
}

/**
 * INTERSECTING_LOCATION: "if row three were specified ... would match developer metadata
 * associated on row three as well as metadata associated on locations that intersect row three
 * ... column B intersects row three". A tab intersects its rows and columns; "spreadsheet
 * metadata cannot intersect any other developer metadata location".
 */
function intersects(a: Place, b: Place): boolean {
  if (a.kind === "SPREADSHEET" || b.kind === "SPREADSHEET") return a.kind === b.kind;
  if (a.sheetId !== b.sheetId) return false;
  if (a.kind === "SHEET" || b.kind === "SHEET") return true;
  if (a.kind !== b.kind) return true; // a row and a column of one tab always cross
  return overlaps(a, b);
}

function samePlace(a: Place, b: Place): boolean {
  return a.kind === b.kind && a.sheetId === b.sheetId && a.start === b.start && a.end === b.end;
}

/**
 * DataFilter.developerMetadataLookup against one metadata entry. Without a strategy a location
 * lookup is INTERSECTING ("If left unspecified, this field assumes a default value of
 * INTERSECTING", DeveloperMetadataLookup.locationMatchingStrategy).
 */
export function metadataMatches(meta: DeveloperMetadata, lookup: JsonObject): boolean {
  if (lookup.metadataId !== undefined && lookup.metadataId !== meta.metadataId) return false;
  if (lookup.metadataKey !== undefined && lookup.metadataKey !== meta.metadataKey) return false;
  if (lookup.metadataValue !== undefined && lookup.metadataValue !== meta.metadataValue) return false;
  if (lookup.visibility !== undefined && lookup.visibility !== meta.visibility) return false;
  if (lookup.locationType !== undefined && lookup.locationType !== meta.location.locationType) return false;
  const loc = lookup.metadataLocation as JsonObject | undefined;
  if (loc) {
    const wanted = placeOf(loc);
    const actual = placeOf(meta.location);
    const exact = lookup.locationMatchingStrategy === "EXACT_LOCATION";
    if (exact ? !samePlace(wanted, actual) : !intersects(wanted, actual)) return false;
  }
  return true;
}

/**
 * A whole DataFilter against one entry. For a range filter, developerMetadata.search "will
 * return all developer metadata associated with locations intersecting that region": the rows
 * and columns crossing it and the tab holding it.
 */
export function metadataMatchesFilter(book: SpreadsheetState, meta: DeveloperMetadata, filter: JsonObject): boolean {
  if (filter.developerMetadataLookup) return metadataMatches(meta, filter.developerMetadataLookup as JsonObject);
  let region: { sheetId: number; r0: number; r1: number; c0: number; c1: number } | undefined;
  if (typeof filter.a1Range === "string") {
    const { sheet, rect } = resolveRange(book, filter.a1Range, "read");
    region = { sheetId: sheet.properties.sheetId, r0: rect.startRow, r1: rect.endRow + 1, c0: rect.startCol, c1: rect.endCol + 1 };
  } else if (filter.gridRange) {
    const g = filter.gridRange as JsonObject;
    const num = (v: unknown, d: number): number => (typeof v === "number" ? v : d);
    region = { sheetId: num(g.sheetId, 0), r0: num(g.startRowIndex, 0), r1: num(g.endRowIndex, Infinity), c0: num(g.startColumnIndex, 0), c1: num(g.endColumnIndex, Infinity) };
  }
  if (!region) return false;
  const place = placeOf(meta.location);
  if (place.kind === "SPREADSHEET" || place.sheetId !== region.sheetId) return false;
  if (place.kind === "SHEET") return true;
  const [lo, hi] = place.kind === "ROW" ? [region.r0, region.r1] : [region.c0, region.c1];
  return overlaps(place, { kind: place.kind, start: lo, end: hi });
}

/**
 * The combinations DeveloperMetadataLookup refuses: a locationMatchingStrategy without a
 * metadataLocation; locationType with EXACT_LOCATION; locationType SPREADSHEET with an
 * intersecting or non-spreadsheet location ("spreadsheet metadata cannot intersect any other
 * developer metadata location"). Returns the complaint, or undefined when the lookup is valid.
 */
export function lookupProblem(lookup: JsonObject): string | undefined {
  const location = lookup.metadataLocation as JsonObject | undefined;
  const strategy = lookup.locationMatchingStrategy as string | undefined;
  if (strategy !== undefined && !location) return "locationMatchingStrategy requires metadataLocation to be set.";
  if (lookup.locationType !== undefined && strategy === "EXACT_LOCATION") return "locationType must not be set when locationMatchingStrategy is EXACT_LOCATION.";
  if (lookup.locationType === "SPREADSHEET" && (strategy === "INTERSECTING_LOCATION" || (location && location.spreadsheet !== true))) {
    return "locationType SPREADSHEET cannot be combined with an intersecting or non-spreadsheet location.";
  }
  return undefined;
}

function checkFilters(filters: JsonObject[], fail: (message: string) => never): void {
  for (const f of filters) {
    const problem = f.developerMetadataLookup ? lookupProblem(f.developerMetadataLookup as JsonObject) : undefined;
    if (problem) fail(problem);
  }
}

/** developerMetadata.search: each entry with the filters that selected it. */
export function searchMetadata(book: SpreadsheetState, filters: JsonObject[]): JsonObject {
  checkFilters(filters, (message) => {
    throw invalidArgument(message);
  });
  const matched: JsonObject[] = [];
  for (const meta of book.developerMetadata) {
    const hits = filters.filter((f) => metadataMatchesFilter(book, meta, f));
    if (hits.length > 0) matched.push({ developerMetadata: metadataJson(meta), dataFilters: hits });
  }
  return matched.length > 0 ? { matchedDeveloperMetadata: matched } : {};
}

function checkLocation(ctx: Context, location: JsonObject): void {
  const range = location.dimensionRange as JsonObject | undefined;
  if (location.sheetId !== undefined) ctx.sheet(location.sheetId as number);
  if (!range) return;
  const sheet = ctx.sheet(range.sheetId as number | undefined);
  const start = range.startIndex as number | undefined;
  const end = range.endIndex as number | undefined;
  // "The specified DimensionRange must represent a single row or column; it cannot be unbounded
  // or span multiple rows or columns." (DeveloperMetadataLocation.dimensionRange)
  if (start === undefined || end === undefined || end - start !== 1) {
    ctx.fail("Developer metadata may only be associated with a single row or column, not a range of multiple rows or columns.");
  }
  const grid = sheet.properties.gridProperties;
  const size = range.dimension === "COLUMNS" ? grid.columnCount : grid.rowCount;
  if (end > size) ctx.fail(`Invalid dimension range: ${range.dimension === "COLUMNS" ? "column" : "row"} ${start} is outside the grid.`);
}

export const metadataHandlers: Record<string, Handler> = {
  createDeveloperMetadata(ctx, body) {
    const requested = (body.developerMetadata ?? {}) as JsonObject;
    const location = (requested.location ?? {}) as JsonObject;
    checkLocation(ctx, location);
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
    const filter = (body.dataFilter ?? {}) as JsonObject;
    checkFilters([filter], (message) => ctx.fail(message));
    const deleted = ctx.book.developerMetadata.filter((m) => metadataMatchesFilter(ctx.book, m, filter));
    ctx.book.developerMetadata = ctx.book.developerMetadata.filter((m) => !deleted.includes(m));
    return { deleteDeveloperMetadata: { deletedDeveloperMetadata: deleted.map(metadataJson) } };
  },
  updateDeveloperMetadata(ctx, body) {
    const filters = (body.dataFilters ?? []) as JsonObject[];
    const patch = (body.developerMetadata ?? {}) as JsonObject;
    checkFilters(filters, (message) => ctx.fail(message));
    const updated: JsonObject[] = [];
    for (const meta of ctx.book.developerMetadata) {
      if (!filters.some((f) => metadataMatchesFilter(ctx.book, meta, f))) continue;
      const json = metadataJson(meta);
      applyFields(json, patch, body.fields as string | undefined, `requests[${ctx.index}].updateDeveloperMetadata`);
      meta.metadataKey = json.metadataKey as string;
      if (json.metadataValue === undefined) delete meta.metadataValue;
      else meta.metadataValue = json.metadataValue as string;
      if (json.visibility !== undefined) meta.visibility = json.visibility as string;
      if (json.location !== meta.location && json.location) {
        checkLocation(ctx, json.location as JsonObject);
        meta.location = locationJson(json.location as JsonObject);
      }
      updated.push(metadataJson(meta));
    }
    return { updateDeveloperMetadata: { developerMetadata: updated } };
  },
};
