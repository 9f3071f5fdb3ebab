// HTTP routing for the Sheets API v4 subset and the Drive create/get/delete calls, plus the
// request log, per-method counters, fault injection and quota checks around every call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ApiError, invalidArgument, methodNotFound, notFound } from "./errors.js";
import { applyBatchUpdate, metadataJson, searchMetadata } from "./batchUpdate.js";
import { handleControl } from "./control.js";
import { resolveDataFilter } from "./dataFilter.js";
import { insertDimension } from "./structural.js";
import { Faults } from "./faults.js";
import { Hooks } from "./hooks.js";
import { Quota } from "./quota.js";
import {
  checkValues,
  clearValues,
  findTable,
  growGrid,
  newSheet,
  newSheetId,
  newSpreadsheet,
  sheetById,
  readValues,
  resolveRange,
  toRows,
  writeValues,
  type InputOption,
  type Json,
  type JsonObject,
  type ResolvedRange,
  type SpreadsheetState,
} from "./model.js";
import { formatRange } from "./a1.js";
import { spreadsheetJson, applyMask, parseFieldMask } from "./resource.js";
import type { DateTimeRenderOption, ValueRenderOption } from "./values.js";

export interface RequestLogEntry {
  at: string;
  method: string;
  httpMethod: string;
  path: string;
  user: string;
  status: number;
}

export interface EmulatorState {
  books: Map<string, SpreadsheetState>;
  requestLog: RequestLogEntry[];
  counters: Record<string, number>;
  faults: Faults;
  quota: Quota;
  /** Called after every change, e.g. to persist. */
  onChange: () => void;
  /** Handles /view pages; answers true when it took the request. */
  viewHandler?: (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => Promise<boolean>;
  /** Test hooks at the request boundary; created by createEmulatorServer when absent. */
  hooks?: Hooks;
  /** What POST /__emulator/reset does; defaults to clearing log, counters, faults and quota windows. */
  reset?: () => void;
  /** What POST /__emulator/reset with {"spreadsheets": true} adds: forgets every spreadsheet. */
  wipe?: () => void;
}

interface Call {
  method: string;
  group: "read" | "write" | "none";
  run: (ctx: CallContext) => { status: number; body?: Json } | Promise<{ status: number; body?: Json }>;
}

interface CallContext {
  /** Decoded path parameters: spreadsheet id, then range or metadata id. */
  params: string[];
  state: EmulatorState;
  query: URLSearchParams;
  body: JsonObject;
  user: string;
}

/** Identity for quotas: `x-goog-user` header, else the bearer token, else "anonymous". */
export function userOf(req: IncomingMessage): string {
  const header = req.headers["x-goog-user"];
  if (typeof header === "string" && header) return header;
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice(7);
  return "anonymous";
}

function book(state: EmulatorState, id: string): SpreadsheetState {
  const found = state.books.get(id);
  if (!found) throw notFound();
  return found;
}

function touch(state: EmulatorState, b: SpreadsheetState): void {
  b.modifiedTime = new Date().toISOString();
  state.onChange();
}

function inputOption(query: URLSearchParams, body?: JsonObject): InputOption {
  const option = query.get("valueInputOption") ?? (body?.valueInputOption as string | undefined);
  if (option === "RAW" || option === "USER_ENTERED") return option;
  if (!option) throw invalidArgument("Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED");
  throw invalidArgument(`Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "${option}"`);
}

function renderOptions(query: URLSearchParams): { render: ValueRenderOption; dateTime: DateTimeRenderOption; major: "ROWS" | "COLUMNS" } {
  return {
    render: (query.get("valueRenderOption") as ValueRenderOption | null) ?? "FORMATTED_VALUE",
    dateTime: (query.get("dateTimeRenderOption") as DateTimeRenderOption | null) ?? "SERIAL_NUMBER",
    major: query.get("majorDimension") === "COLUMNS" ? "COLUMNS" : "ROWS",
  };
}

const ok = (body?: Json): { status: number; body?: Json } => ({ status: 200, body: body ?? {} });

/**
 * `includeValuesInResponse` with `responseValueRenderOption` (default FORMATTED_VALUE) and
 * `responseDateTimeRenderOption` (default SERIAL_NUMBER), from the query (values.update,
 * values.append) or the body (values.batchUpdate, batchUpdateByDataFilter); see the v4
 * reference pages of those methods. Answers undefined when values were not asked for.
 */
function responseRender(source: { get(key: string): unknown }): { render: ValueRenderOption; dateTime: DateTimeRenderOption } | undefined {
  const flag = source.get("includeValuesInResponse");
  if (!(flag === true || (typeof flag === "string" && flag.toLowerCase() === "true"))) return undefined;
  return {
    render: (source.get("responseValueRenderOption") as ValueRenderOption | undefined) ?? "FORMATTED_VALUE",
    dateTime: (source.get("responseDateTimeRenderOption") as DateTimeRenderOption | undefined) ?? "SERIAL_NUMBER",
  };
}

const fromQuery = (query: URLSearchParams): { get(key: string): unknown } => ({ get: (key) => query.get(key) ?? undefined });
const fromBody = (body: JsonObject): { get(key: string): unknown } => ({ get: (key) => body[key] ?? undefined });

/** UpdateValuesResponse.updatedData: the updated range read back after the write. */
/** Keeps a batch write's draft and answers as Google does: totals, each response, `updatedData` when asked. */
function commitBatchWrite(state: EmulatorState, draft: SpreadsheetState, body: JsonObject, responses: JsonObject[]): JsonObject {
  state.books.set(draft.spreadsheetId, draft);
  touch(state, draft);
  const render = responseRender(fromBody(body));
  if (render) for (const r of responses) r.updatedData = updatedData(draft, r.updatedRange as string, render);
  const out: JsonObject = { spreadsheetId: draft.spreadsheetId };
  if (responses.length > 0) Object.assign(out, totals(draft, responses), { responses });
  return out;
}

function updatedData(b: SpreadsheetState, updatedRange: string, render: { render: ValueRenderOption; dateTime: DateTimeRenderOption }): JsonObject {
  return readValues(b, resolveRange(b, updatedRange, "read"), "ROWS", render.render, render.dateTime) as unknown as JsonObject;
}

function updateValues(b: SpreadsheetState, rangeText: string, data: JsonObject, option: InputOption, field: string): JsonObject {
  const values = toRows(checkValues(data.values, field), data.majorDimension as string | undefined);
  const resolved = resolveRange(b, rangeText, "write");
  const single = resolved.rect.startRow === resolved.rect.endRow && resolved.rect.startCol === resolved.rect.endCol;
  const bound = single || resolved.open ? undefined : { rect: resolved.rect, text: formatRange(resolved.sheet.properties.title, resolved.rect) };
  const result = writeValues(resolved.sheet, resolved.rect.startRow, resolved.rect.startCol, values, option, bound, b.properties.locale);
  return { spreadsheetId: b.spreadsheetId, ...result };
}

/** Writes into a range a data filter matched; values larger than the range fail, as Google says. */
function writeMatched(b: SpreadsheetState, matched: ResolvedRange, data: JsonObject, option: InputOption, field: string): JsonObject {
  const values = toRows(checkValues(data.values, field), data.majorDimension as string | undefined);
  const text = formatRange(matched.sheet.properties.title, matched.rect);
  const result = writeValues(matched.sheet, matched.rect.startRow, matched.rect.startCol, values, option, { rect: matched.rect, text }, b.properties.locale);
  return { ...result };
}

/** values.batchUpdate totals: distinct rows and columns over all ranges (A1:D1 + A4:D4 is 2 rows, 4 columns). */
function totals(b: SpreadsheetState, responses: JsonObject[]): JsonObject {
  const sheetsTouched = new Set<string>();
  const rowsTouched = new Set<string>();
  const colsTouched = new Set<string>();
  for (const r of responses) {
    const resolved = resolveRange(b, r.updatedRange as string, "write");
    const id = String(resolved.sheet.properties.sheetId);
    sheetsTouched.add(id);
    for (let i = resolved.rect.startRow; i <= resolved.rect.endRow; i++) rowsTouched.add(`${id}:${i}`);
    for (let i = resolved.rect.startCol; i <= resolved.rect.endCol; i++) colsTouched.add(`${id}:${i}`);
  }
  return {
    totalUpdatedRows: rowsTouched.size,
    totalUpdatedColumns: colsTouched.size,
    totalUpdatedCells: responses.reduce((n, r) => n + (r.updatedCells as number), 0),
    totalUpdatedSheets: sheetsTouched.size,
  };
}

/** Every range the request's data filters match, each with the filters that matched it. */
function matchFilters(b: SpreadsheetState, filters: JsonObject[], field: string): { range: ResolvedRange; text: string; filters: JsonObject[] }[] {
  const out: { range: ResolvedRange; text: string; filters: JsonObject[] }[] = [];
  filters.forEach((filter, i) => {
    for (const m of resolveDataFilter(b, filter, `${field}[${i}]`)) {
      const found = out.find((o) => o.text === m.text);
      if (found) found.filters.push(filter);
      else out.push({ range: m.range, text: m.text, filters: [filter] });
    }
  });
  return out;
}

function uniqueCopyTitle(b: SpreadsheetState, title: string): string {
  const taken = (t: string): boolean => b.sheets.some((s) => s.properties.title.toLowerCase() === t.toLowerCase());
  const base = `Copy of ${title}`;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base} ${n}`)) return `${base} ${n}`;
}

/** Maps path and verb to a method; undefined means Google's "Method not found." */
function route(httpMethod: string, path: string): { call: Call; params: string[] } | undefined {
  const m = (re: RegExp): string[] | undefined => {
    const found = re.exec(path);
    return found ? found.slice(1).map((p) => decodeURIComponent(p ?? "")) : undefined;
  };
  let p: string[] | undefined;
  if (httpMethod === "POST" && (p = m(/^\/drive\/v3\/files$/))) return { call: calls.driveCreate, params: p };
  if (httpMethod === "GET" && (p = m(/^\/drive\/v3\/files\/([^/]+)$/))) return { call: calls.driveGet, params: p };
  if (httpMethod === "DELETE" && (p = m(/^\/drive\/v3\/files\/([^/]+)$/))) return { call: calls.driveDelete, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets$/))) return { call: calls.create, params: p };
  // Google also serves the spreadsheet's path with a trailing slash, and ":batchUpdate" after it.
  if (httpMethod === "GET" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/?$/))) return { call: calls.get, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/?:batchUpdate$/))) return { call: calls.batchUpdate, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/?:getByDataFilter$/))) return { call: calls.getByDataFilter, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/sheets\/(-?\d+):copyTo$/))) return { call: calls.copyTo, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/values:batchGetByDataFilter$/))) return { call: calls.batchGetByDataFilter, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/values:batchUpdateByDataFilter$/))) return { call: calls.batchUpdateByDataFilter, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/values:batchClearByDataFilter$/))) return { call: calls.batchClearByDataFilter, params: p };
  if (httpMethod === "GET" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/values:batchGet$/))) return { call: calls.batchGet, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/values:batchUpdate$/))) return { call: calls.valuesBatchUpdate, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/values:batchClear$/))) return { call: calls.batchClear, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/developerMetadata:search$/))) return { call: calls.metadataSearch, params: p };
  if (httpMethod === "GET" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/developerMetadata\/(\d+)$/))) return { call: calls.metadataGet, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/values\/(.+):append$/))) return { call: calls.append, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/values\/(.+):clear$/))) return { call: calls.clear, params: p };
  if (httpMethod === "GET" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/values\/([^:]+(?::[^:]+)?)$/))) return { call: calls.valuesGet, params: p };
  if (httpMethod === "PUT" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)\/values\/([^:]+(?::[^:]+)?)$/))) return { call: calls.update, params: p };
  return undefined;
}

const calls = {
  driveCreate: {
    method: "drive.files.create",
    group: "none",
    run: ({ state, body }) => {
      const b = newSpreadsheet((body.name as string | undefined) ?? "Untitled spreadsheet");
      state.books.set(b.spreadsheetId, b);
      state.onChange();
      return ok({ kind: "drive#file", id: b.spreadsheetId, name: b.properties.title, mimeType: "application/vnd.google-apps.spreadsheet" });
    },
  },
  driveGet: {
    method: "drive.files.get",
    group: "none",
    run: ({ params, state, query }) => {
      const b = state.books.get((params[0] ?? ""));
      if (!b) {
        const message = `File not found: ${(params[0] ?? "")}.`;
        throw new ApiError(404, "NOT_FOUND", message, undefined);
      }
      const full: JsonObject = {
        kind: "drive#file",
        id: b.spreadsheetId,
        name: b.properties.title,
        mimeType: "application/vnd.google-apps.spreadsheet",
        createdTime: b.createdTime,
        modifiedTime: b.modifiedTime,
      };
      const fields = query.get("fields");
      const picked: Json = fields
        ? applyMask(full, parseFieldMask(fields).map((f) => f.split(".")))
        : { kind: "drive#file", id: b.spreadsheetId, name: b.properties.title, mimeType: "application/vnd.google-apps.spreadsheet" };
      return ok(picked);
    },
  },
  driveDelete: {
    method: "drive.files.delete",
    group: "none",
    run: ({ params, state }) => {
      if (!state.books.delete((params[0] ?? ""))) throw new ApiError(404, "NOT_FOUND", `File not found: ${(params[0] ?? "")}.`);
      state.onChange();
      return { status: 204 };
    },
  },
  create: {
    method: "spreadsheets.create",
    group: "write",
    run: ({ state, body }) => {
      const props = (body.properties ?? {}) as JsonObject;
      const b = newSpreadsheet((props.title as string | undefined) ?? "Untitled spreadsheet");
      for (const key of ["locale", "timeZone", "autoRecalc"]) if (typeof props[key] === "string") b.properties[key] = props[key];
      const requested = (body.sheets ?? []) as JsonObject[];
      if (requested.length > 0) {
        b.sheets = requested.map((s, i) => {
          const sp = (s.properties ?? {}) as JsonObject;
          const grid = (sp.gridProperties ?? {}) as JsonObject;
          return newSheet(
            (sp.sheetId as number | undefined) ?? (i === 0 ? 0 : newSheetId()),
            (sp.title as string | undefined) ?? `Sheet${i + 1}`,
            i,
            (grid.rowCount as number | undefined) ?? 1000,
            (grid.columnCount as number | undefined) ?? 26,
          );
        });
      }
      state.books.set(b.spreadsheetId, b);
      state.onChange();
      return ok(spreadsheetJson(b, { ranges: [], includeGridData: false }));
    },
  },
  get: {
    method: "spreadsheets.get",
    group: "read",
    run: ({ params, state, query }) => {
      const b = book(state, (params[0] ?? ""));
      const include = (query.get("includeGridData") ?? "false").toLowerCase() === "true";
      return ok(spreadsheetJson(b, { ranges: query.getAll("ranges"), includeGridData: include, fields: query.get("fields") ?? undefined }));
    },
  },
  batchUpdate: {
    method: "spreadsheets.batchUpdate",
    group: "write",
    run: ({ params, state, body, user }) => {
      const b = book(state, (params[0] ?? ""));
      const { book: next, response } = applyBatchUpdate(b, body, user);
      state.books.set(b.spreadsheetId, next);
      touch(state, next);
      // includeSpreadsheetInResponse, responseRanges, responseIncludeGridData: "the spreadsheet
      // after updates were applied", filtered as spreadsheets.get filters it (v4 reference,
      // spreadsheets/batchUpdate).
      if (body.includeSpreadsheetInResponse === true) {
        const ranges = Array.isArray(body.responseRanges) ? (body.responseRanges as string[]) : [];
        response.updatedSpreadsheet = spreadsheetJson(next, { ranges, includeGridData: body.responseIncludeGridData === true });
      }
      return ok(response);
    },
  },
  valuesGet: {
    method: "spreadsheets.values.get",
    group: "read",
    run: ({ params, state, query }) => {
      const b = book(state, (params[0] ?? ""));
      const { render, dateTime, major } = renderOptions(query);
      return ok(readValues(b, resolveRange(b, (params[1] ?? ""), "read"), major, render, dateTime) as unknown as JsonObject);
    },
  },
  batchGet: {
    method: "spreadsheets.values.batchGet",
    group: "read",
    run: ({ params, state, query }) => {
      const b = book(state, (params[0] ?? ""));
      const { render, dateTime, major } = renderOptions(query);
      const valueRanges = query.getAll("ranges").map((r) => readValues(b, resolveRange(b, r, "read"), major, render, dateTime));
      return ok({ spreadsheetId: b.spreadsheetId, valueRanges: valueRanges as unknown as Json[] });
    },
  },
  update: {
    method: "spreadsheets.values.update",
    group: "write",
    run: ({ params, state, query, body }) => {
      const b = book(state, (params[0] ?? ""));
      const option = inputOption(query);
      const result = updateValues(b, (params[1] ?? ""), body, option, "data.values");
      touch(state, b);
      const render = responseRender(fromQuery(query));
      if (render) result.updatedData = updatedData(b, result.updatedRange as string, render);
      return ok(result);
    },
  },
  valuesBatchUpdate: {
    method: "spreadsheets.values.batchUpdate",
    group: "write",
    run: ({ params, state, body }) => {
      const b = book(state, (params[0] ?? ""));
      const option = inputOption(new URLSearchParams(), body);
      const draft = structuredClone(b);
      const data = (body.data ?? []) as JsonObject[];
      const responses = data.map((d, i) => updateValues(draft, d.range as string, d, option, `data[${i}].values`));
      return ok(commitBatchWrite(state, draft, body, responses));
    },
  },
  append: {
    method: "spreadsheets.values.append",
    group: "write",
    run: ({ params, state, query, body }) => {
      const b = book(state, (params[0] ?? ""));
      const option = inputOption(query);
      const values = toRows(checkValues(body.values, "data.values"), body.majorDimension as string | undefined);
      const resolved = resolveRange(b, (params[1] ?? ""), "read");
      const { sheet } = resolved;
      const table = findTable(sheet, resolved.rect);
      const row = table ? table.endRow + 1 : resolved.rect.startRow;
      const col = table ? table.startCol : resolved.rect.startCol;
      // Inserted rows push what lies below down, with its metadata and the references to it.
      // They come in blank (no formats, no data validation): Google's reference does not say
      // they take their neighbours', so no client may rely on it.
      if (query.get("insertDataOption") === "INSERT_ROWS") insertDimension(b, sheet, "ROWS", row, values.length);
      growGrid(sheet, row + values.length, 0);
      const result = writeValues(sheet, row, col, values, option, undefined, b.properties.locale);
      touch(state, b);
      const out: JsonObject = { spreadsheetId: b.spreadsheetId };
      if (table) out.tableRange = formatRange(sheet.properties.title, table);
      const updates: JsonObject = { spreadsheetId: b.spreadsheetId, ...result };
      const render = responseRender(fromQuery(query));
      if (render) updates.updatedData = updatedData(b, result.updatedRange, render);
      out.updates = updates;
      return ok(out);
    },
  },
  clear: {
    method: "spreadsheets.values.clear",
    group: "write",
    run: ({ params, state }) => {
      const b = book(state, (params[0] ?? ""));
      const resolved = resolveRange(b, (params[1] ?? ""), "read");
      clearValues(resolved.sheet, resolved.rect);
      touch(state, b);
      return ok({ spreadsheetId: b.spreadsheetId, clearedRange: formatRange(resolved.sheet.properties.title, resolved.rect) });
    },
  },
  batchClear: {
    method: "spreadsheets.values.batchClear",
    group: "write",
    run: ({ params, state, body }) => {
      const b = book(state, (params[0] ?? ""));
      const ranges = ((body.ranges ?? []) as string[]).map((r) => resolveRange(b, r, "read"));
      for (const r of ranges) clearValues(r.sheet, r.rect);
      touch(state, b);
      return ok({ spreadsheetId: b.spreadsheetId, clearedRanges: ranges.map((r) => formatRange(r.sheet.properties.title, r.rect)) });
    },
  },
  getByDataFilter: {
    method: "spreadsheets.getByDataFilter",
    group: "read",
    run: ({ params, state, body, query }) => {
      const b = book(state, params[0] ?? "");
      const filters = (body.dataFilters ?? []) as JsonObject[];
      const matched = matchFilters(b, filters, "data_filters");
      const out = spreadsheetJson(b, {
        ranges: matched.map((m) => m.text),
        includeGridData: body.includeGridData === true,
        fields: query.get("fields") ?? undefined,
      });
      // Filters that match nothing leave no tab to show (the emulator's reading; not confirmed).
      if (filters.length > 0 && matched.length === 0) delete out.sheets;
      return ok(out);
    },
  },
  copyTo: {
    method: "spreadsheets.sheets.copyTo",
    group: "write",
    run: ({ params, state, body }) => {
      const source = book(state, params[0] ?? "");
      const sheet = sheetById(source, Number(params[1]));
      if (!sheet) throw invalidArgument(`No grid with id: ${params[1]}`);
      const destinationId = body.destinationSpreadsheetId;
      if (typeof destinationId !== "string" || destinationId === "") throw invalidArgument("Invalid destinationSpreadsheetId.");
      const destination = book(state, destinationId);
      // "Copies a single sheet from a spreadsheet to another spreadsheet. Returns the properties
      // of the newly created sheet" (v4 reference, spreadsheets.sheets/copyTo): cells, formats,
      // notes, validation, merges and conditional formats come along, named "Copy of <title>"
      // at the end of the destination's tabs. Protected ranges and developer metadata stay.
      const copy = structuredClone(sheet);
      copy.properties.sheetId = newSheetId();
      copy.properties.title = uniqueCopyTitle(destination, sheet.properties.title);
      copy.properties.index = destination.sheets.length;
      copy.protectedRanges = [];
      // Charts are not copied (not modelled yet).
      delete copy.charts;
      destination.sheets.push(copy);
      touch(state, destination);
      return ok(copy.properties);
    },
  },
  batchGetByDataFilter: {
    method: "spreadsheets.values.batchGetByDataFilter",
    group: "read",
    run: ({ params, state, body }) => {
      const b = book(state, params[0] ?? "");
      const render = (body.valueRenderOption as ValueRenderOption | undefined) ?? "FORMATTED_VALUE";
      const dateTime = (body.dateTimeRenderOption as DateTimeRenderOption | undefined) ?? "SERIAL_NUMBER";
      const major = body.majorDimension === "COLUMNS" ? "COLUMNS" : "ROWS";
      const matched = matchFilters(b, (body.dataFilters ?? []) as JsonObject[], "data_filters");
      const out: JsonObject = { spreadsheetId: b.spreadsheetId };
      // MatchedValueRange: {valueRange, dataFilters} (v4 reference, values/batchGetByDataFilter).
      if (matched.length > 0) {
        out.valueRanges = matched.map((m) => ({
          valueRange: readValues(b, m.range, major, render, dateTime) as unknown as JsonObject,
          dataFilters: m.filters,
        }));
      }
      return ok(out);
    },
  },
  batchUpdateByDataFilter: {
    method: "spreadsheets.values.batchUpdateByDataFilter",
    group: "write",
    run: ({ params, state, body }) => {
      const b = book(state, params[0] ?? "");
      const option = inputOption(new URLSearchParams(), body);
      const draft = structuredClone(b);
      const data = (body.data ?? []) as JsonObject[];
      const responses: JsonObject[] = [];
      data.forEach((d, i) => {
        const filter = (d.dataFilter ?? {}) as JsonObject;
        // "If the provided values exceed any of the ranges matched by the data filter then the
        // request fails" (DataFilterValueRange, v4 reference); every matched range is written.
        for (const m of resolveDataFilter(draft, filter, `data[${i}].data_filter`)) {
          responses.push({ ...writeMatched(draft, m.range, d, option, `data[${i}].values`), dataFilter: filter });
        }
      });
      return ok(commitBatchWrite(state, draft, body, responses));
    },
  },
  batchClearByDataFilter: {
    method: "spreadsheets.values.batchClearByDataFilter",
    group: "write",
    run: ({ params, state, body }) => {
      const b = book(state, params[0] ?? "");
      const matched = matchFilters(b, (body.dataFilters ?? []) as JsonObject[], "data_filters");
      for (const m of matched) clearValues(m.range.sheet, m.range.rect);
      touch(state, b);
      const out: JsonObject = { spreadsheetId: b.spreadsheetId };
      if (matched.length > 0) out.clearedRanges = matched.map((m) => m.text);
      return ok(out);
    },
  },
  metadataSearch: {
    method: "spreadsheets.developerMetadata.search",
    group: "read",
    run: ({ params, state, body }) => {
      const b = book(state, (params[0] ?? ""));
      return ok(searchMetadata(b, (body.dataFilters ?? []) as JsonObject[]));
    },
  },
  metadataGet: {
    method: "spreadsheets.developerMetadata.get",
    group: "read",
    run: ({ params, state }) => {
      const b = book(state, (params[0] ?? ""));
      const meta = b.developerMetadata.find((m) => m.metadataId === Number((params[1] ?? "")));
      if (!meta) throw new ApiError(404, "NOT_FOUND", `No developer metadata with ID: ${(params[1] ?? "")}`);
      return ok(metadataJson(meta));
    },
  },
} satisfies Record<string, Call>;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body?: Json): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
  res.end(JSON.stringify(body));
}

/** Reserved path prefix of the emulator's own HTTP control surface (like WireMock's /__admin/). */
export const CONTROL_PREFIX = "/__emulator/";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createEmulatorServer(state: EmulatorState): Server {
  state.hooks ??= new Hooks();
  return createServer((req, res) => {
    void handle(state, req, res).catch((err: unknown) => {
      console.error("sheets emulator: unexpected error", err);
      if (!res.headersSent) send(res, 500, { error: { code: 500, message: "Internal error encountered.", status: "INTERNAL" } });
      else res.end();
    });
  });
}

async function handle(state: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const raw = await readBody(req);
  // The control surface is not part of the emulated API: not logged, counted, faulted or charged.
  if (url.pathname.startsWith(CONTROL_PREFIX)) {
    const answer = handleControl(state, req.method ?? "GET", url.pathname.slice(CONTROL_PREFIX.length), raw, url.searchParams);
    send(res, answer.status, answer.body);
    return;
  }
  if (state.viewHandler && (await state.viewHandler(req, res, url, raw))) return;
  const user = userOf(req);
  const httpMethod = req.method ?? "GET";
  const routed = route(httpMethod, url.pathname);
  const log = (method: string, status: number): void => {
    state.requestLog.push({ at: new Date().toISOString(), method, httpMethod, path: url.pathname + url.search, user, status });
  };
  if (!routed) {
    const error = methodNotFound();
    log("unknown", error.code);
    send(res, error.code, error.body() as unknown as Json);
    return;
  }
  const { call } = routed;
  state.counters[call.method] = (state.counters[call.method] ?? 0) + 1;
  const fault = state.faults.next(call.method, call.group === "read" ? "read" : "write");
  if (fault.latencyMs > 0) await sleep(fault.latencyMs);
  if (fault.drop) {
    log(call.method, 0);
    req.socket.destroy();
    return;
  }
  const respond = (status: number, body?: Json): void => {
    log(call.method, status);
    send(res, status, body);
  };
  if (fault.error) return respond(fault.error.code, fault.error.body() as unknown as Json);
  if (call.group !== "none") {
    const quotaError = state.quota.charge(call.group, user);
    if (quotaError) return respond(quotaError.code, quotaError.body() as unknown as Json);
  }
  let body: JsonObject = {};
  if (raw.trim() !== "") {
    try {
      body = JSON.parse(raw) as JsonObject;
    } catch {
      const error = invalidArgument(`Invalid JSON payload received. Unexpected token.\n${raw.slice(0, 40)}\n^`);
      return respond(error.code, error.body() as unknown as Json);
    }
  }
  const hooks = state.hooks ?? new Hooks();
  const hookCall = { method: call.method, spreadsheetId: routed.params[0], body };
  let result: { status: number; body?: Json };
  try {
    await hooks.run("before", hookCall);
    result = await call.run({ params: routed.params, state, query: url.searchParams, body, user });
    await hooks.run("after", hookCall);
  } catch (err) {
    if (!(err instanceof ApiError)) {
      log(call.method, 500); // answered by createEmulatorServer as Google's internal error
      throw err;
    }
    result = { status: err.code, body: err.body() as unknown as Json };
  }
  if (fault.afterApply) {
    // Applied, then the answer is lost: the socket is destroyed, or left open unanswered until
    // the client times out and closes it (the server's own close ends it too). Mid-answer: the
    // status, headers and half the body go out first (chunked, so the client cannot tell by length).
    log(call.method, 0);
    if (fault.afterApply === "dropMidAnswer" || fault.afterApply === "hangMidAnswer") {
      const text = JSON.stringify(result.body ?? {});
      res.writeHead(result.status, { "content-type": "application/json; charset=UTF-8" });
      res.flushHeaders();
      const drop = fault.afterApply === "dropMidAnswer";
      res.write(text.slice(0, Math.floor(text.length / 2)), () => {
        if (drop) req.socket.destroy();
      });
      return;
    }
    if (fault.afterApply === "drop") req.socket.destroy();
    return;
  }
  respond(result.status, result.body);
}
