// HTTP routing for the Sheets API v4 subset and the Drive create/get/delete calls, plus the
// request log, per-method counters, fault injection and quota checks around every call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ApiError, invalidArgument, methodNotFound, notFound } from "./errors.js";
import { applyBatchUpdate, metadataJson, searchMetadata } from "./batchUpdate.js";
import { insertDimension } from "./structural.js";
import { Faults } from "./faults.js";
import { Quota } from "./quota.js";
import {
  checkValues,
  clearValues,
  findTable,
  growGrid,
  newSheet,
  newSheetId,
  newSpreadsheet,
  readValues,
  resolveRange,
  toRows,
  writeValues,
  type InputOption,
  type Json,
  type JsonObject,
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

function updateValues(b: SpreadsheetState, rangeText: string, data: JsonObject, option: InputOption, field: string): JsonObject {
  const values = toRows(checkValues(data.values, field), data.majorDimension as string | undefined);
  const resolved = resolveRange(b, rangeText, "write");
  const single = resolved.rect.startRow === resolved.rect.endRow && resolved.rect.startCol === resolved.rect.endCol;
  const bound = single || resolved.open ? undefined : { rect: resolved.rect, text: formatRange(resolved.sheet.properties.title, resolved.rect) };
  const result = writeValues(resolved.sheet, resolved.rect.startRow, resolved.rect.startCol, values, option, bound);
  return { spreadsheetId: b.spreadsheetId, ...result };
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
  if (httpMethod === "GET" && (p = m(/^\/v4\/spreadsheets\/([^/:]+)$/))) return { call: calls.get, params: p };
  if (httpMethod === "POST" && (p = m(/^\/v4\/spreadsheets\/([^/:]+):batchUpdate$/))) return { call: calls.batchUpdate, params: p };
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
      state.books.set(b.spreadsheetId, draft);
      touch(state, draft);
      // Totals count distinct rows and columns over all ranges (A1:D1 + A4:D4 is 2 rows, 4 columns).
      const sheetsTouched = new Set<string>();
      const rowsTouched = new Set<string>();
      const colsTouched = new Set<string>();
      for (const r of responses) {
        const resolved = resolveRange(draft, r.updatedRange as string, "write");
        const id = String(resolved.sheet.properties.sheetId);
        sheetsTouched.add(id);
        for (let i = resolved.rect.startRow; i <= resolved.rect.endRow; i++) rowsTouched.add(`${id}:${i}`);
        for (let i = resolved.rect.startCol; i <= resolved.rect.endCol; i++) colsTouched.add(`${id}:${i}`);
      }
      const out: JsonObject = { spreadsheetId: b.spreadsheetId };
      if (responses.length > 0) {
        out.totalUpdatedRows = rowsTouched.size;
        out.totalUpdatedColumns = colsTouched.size;
        out.totalUpdatedCells = responses.reduce((n, r) => n + (r.updatedCells as number), 0);
        out.totalUpdatedSheets = sheetsTouched.size;
        out.responses = responses;
      }
      return ok(out);
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
      if (query.get("insertDataOption") === "INSERT_ROWS") insertDimension(b, sheet, "ROWS", row, values.length);
      growGrid(sheet, row + values.length, 0);
      const result = writeValues(sheet, row, col, values, option);
      touch(state, b);
      const out: JsonObject = { spreadsheetId: b.spreadsheetId };
      if (table) out.tableRange = formatRange(sheet.properties.title, table);
      const updates: JsonObject = { spreadsheetId: b.spreadsheetId, ...result };
      if ((query.get("includeValuesInResponse") ?? "").toLowerCase() === "true") {
        const { render, dateTime } = renderOptions(new URLSearchParams({
          valueRenderOption: query.get("responseValueRenderOption") ?? "FORMATTED_VALUE",
          dateTimeRenderOption: query.get("responseDateTimeRenderOption") ?? "SERIAL_NUMBER",
        }));
        updates.updatedData = readValues(b, resolveRange(b, result.updatedRange, "read"), "ROWS", render, dateTime) as unknown as JsonObject;
      }
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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createEmulatorServer(state: EmulatorState): Server {
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
  try {
    const result = await call.run({ params: routed.params, state, query: url.searchParams, body, user });
    respond(result.status, result.body);
  } catch (err) {
    if (err instanceof ApiError) return respond(err.code, err.body() as unknown as Json);
    throw err;
  }
}

