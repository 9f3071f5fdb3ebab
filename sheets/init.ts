// `sheets init`: creates or repairs a target's tab so staff can work in it: headers of every
// column labinov owns (missing ones appended at the right, existing ones never moved), frozen
// header row, dropdowns, protection of the ID and status columns, date and text formats.
// Idempotent: what is already right is not sent again (formats are fingerprinted in the target).
import type { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { sheetsCaller, type CallCounts, type SheetsCaller } from "./client.js";
import type { RetryOptions } from "./retry.js";
import { SheetTargetStore, type SheetTarget } from "./targets/store.js";
import { valueHash } from "./sync/hash.js";
import { columnLetter, quoteTab, resolveLayout, type Layout } from "./layout/columns.js";
import { fieldsOf } from "./layout/fields.js";
import { CONTROL_HEADERS } from "./layout/labels.js";
import { stores } from "../src/store/kinds.js";
import { initDashboard, type DashboardInitReport } from "./dashboard/init.js";

export interface InitDeps {
  db: Firestore;
  sheets: sheets_v4.Sheets;
  retry?: RetryOptions;
  /** STALLED_AFTER_DAYS, for the dashboard's figures. */
  stalledAfterDays?: number;
}

export interface InitReport {
  targetId: string;
  createdTab: boolean;
  headersAdded: string[];
  structureRequests: number;
  sheetsCalls: CallCounts;
  /** The "Dasbor" tab, made with a city-wide innovations target. */
  dashboard?: DashboardInitReport;
}

const PROTECTION = { id: "labinov: kolom ID (diisi otomatis)", status: "labinov: kolom Status Sinkron (diisi otomatis)" };

function wantedHeaders(layout: Layout): string[] {
  const wanted: string[] = [];
  if (layout.idColumn < 0) wanted.push(CONTROL_HEADERS.id.header);
  const found = new Set(layout.fields.map((field) => field.def.key));
  for (const def of fieldsOf(layout.kind)) if (!found.has(def.key)) wanted.push(def.header);
  if (layout.kind === "innovations" && layout.reasonColumn === null) wanted.push(CONTROL_HEADERS.reason.header);
  if (layout.statusColumn < 0) wanted.push(CONTROL_HEADERS.status.header);
  return wanted;
}

function columnRange(sheetId: number, column: number, fromRow = 1): sheets_v4.Schema$GridRange {
  return { sheetId, startRowIndex: fromRow, startColumnIndex: column, endColumnIndex: column + 1 };
}

function formatRequests(sheetId: number, layout: Layout, unitLabels: string[], innovationLabels: string[] = []): sheets_v4.Schema$Request[] {
  const requests: sheets_v4.Schema$Request[] = [];
  for (const { def, column } of layout.fields) {
    const range = columnRange(sheetId, column);
    const cell = def.cell;
    let list: string[] | null = null;
    if (cell.type === "enum") list = Object.values(cell.labels);
    if (cell.type === "unit") list = unitLabels;
    if (cell.type === "innovation") list = innovationLabels;
    if (list && list.length > 0) {
      requests.push({
        setDataValidation: {
          range,
          rule: { condition: { type: "ONE_OF_LIST", values: list.map((userEnteredValue) => ({ userEnteredValue })) }, showCustomUi: true, strict: false },
        },
      });
    }
    // Dates are real dates shown dd/mm/yyyy; text columns are plain text so "08..." and NIP keep their zeros.
    const numberFormat =
      cell.type === "date"
        ? { type: "DATE", pattern: "dd/mm/yyyy" }
        : cell.type === "number" || cell.type === "integer"
          ? { type: "NUMBER", pattern: "#,##0" }
          : { type: "TEXT", pattern: "@" };
    requests.push({ repeatCell: { range, cell: { userEnteredFormat: { numberFormat } }, fields: "userEnteredFormat.numberFormat" } });
  }
  for (const column of [layout.idColumn, layout.statusColumn]) {
    requests.push({ repeatCell: { range: columnRange(sheetId, column), cell: { userEnteredFormat: { numberFormat: { type: "TEXT", pattern: "@" } } }, fields: "userEnteredFormat.numberFormat" } });
  }
  return requests;
}

type Sheet = sheets_v4.Schema$Sheet;

/** The steps of `sheets init`, in order; each reads or sends what the next one needs. */
export async function initTarget(deps: InitDeps, targetId: string): Promise<InitReport> {
  const targets = new SheetTargetStore(deps.db);
  const target = await targets.get(targetId);
  if (!target) throw new Error(`Target sinkron "${targetId}" tidak ditemukan.`);
  const caller = sheetsCaller(deps.retry);
  const report: InitReport = { targetId, createdTab: false, headersAdded: [], structureRequests: 0, sheetsCalls: caller.counts };
  const io: InitIo = { deps, caller, target };

  const book = await readBook(io);
  // The locale by which runs read typed text, read again here in case staff changed it.
  if (book.properties?.locale && book.properties.locale !== target.locale) await targets.setLocale(target.id, book.properties.locale);
  const { sheet, created } = await ensureTab(io, book);
  report.createdTab = created;
  const sheetId = sheet.properties?.sheetId ?? 0;
  const headerRow = await readHeaderRow(io);
  const missing = wantedHeaders(resolveLayout(target.kind, headerRow));
  const layout = resolveLayout(target.kind, [...headerRow, ...missing]);
  const unitLabels = await unitLabelsOf(deps.db, target);
  const innovationLabels = layout.fields.some((field) => field.def.cell.type === "innovation") ? await innovationLabelsOf(deps.db, target) : [];
  const layoutHash = valueHash({
    columns: layout.fields.map((field) => [field.def.key, field.column]),
    id: layout.idColumn,
    status: layout.statusColumn,
    unitLabels,
    ...(innovationLabels.length > 0 ? { innovationLabels } : {}),
    sheetId,
  });

  const structural = columnRequests(sheet, headerRow.length + missing.length);
  const rest = [...frozenHeaderRequests(sheet), ...protectionRequests(sheet, layout), ...(target.layoutHash === layoutHash ? [] : formatRequests(sheetId, layout, unitLabels, innovationLabels))];
  // Columns first (so header cells fit), then headers, then formats on the new columns.
  await sendRequests(io, structural, `adding columns to "${target.tab}"`);
  await writeHeaders(io, headerRow.length, missing);
  await sendRequests(io, rest, `formatting "${target.tab}"`);

  report.structureRequests = structural.length + rest.length;
  report.headersAdded = missing;
  await targets.setLayoutHash(targetId, layoutHash, sheetId);
  if (target.units === "all" && target.kind === "innovations") report.dashboard = await initDashboard({ ...deps, caller }, target.spreadsheetId);
  return report;
}

interface InitIo {
  deps: InitDeps;
  caller: SheetsCaller;
  target: SheetTarget;
}

function readBook({ deps, caller, target }: InitIo): Promise<sheets_v4.Schema$Spreadsheet> {
  return caller.call("spreadsheets.get", `reading the tabs of spreadsheet ${target.spreadsheetId}`, () =>
    deps.sheets.spreadsheets.get({
      spreadsheetId: target.spreadsheetId,
      fields: "properties.locale,sheets(properties(sheetId,title,gridProperties(rowCount,columnCount,frozenRowCount)),protectedRanges(protectedRangeId,description,range))",
    }),
  );
}

/** The target's tab, added when staff (or nobody yet) made it. */
async function ensureTab(io: InitIo, book: sheets_v4.Schema$Spreadsheet): Promise<{ sheet: Sheet; created: boolean }> {
  const { deps, caller, target } = io;
  const find = (spreadsheet: sheets_v4.Schema$Spreadsheet) => spreadsheet.sheets?.find((candidate) => candidate.properties?.title === target.tab);
  const existing = find(book);
  if (existing) return { sheet: existing, created: false };
  await caller.call("spreadsheets.batchUpdate", `adding tab "${target.tab}" to spreadsheet ${target.spreadsheetId}`, () =>
    deps.sheets.spreadsheets.batchUpdate({ spreadsheetId: target.spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { title: target.tab } } }] } }),
  );
  const sheet = find(await readBook(io));
  if (!sheet) throw new Error(`Tab "${target.tab}" tidak dapat dibuat.`);
  return { sheet, created: true };
}

async function readHeaderRow({ deps, caller, target }: InitIo): Promise<string[]> {
  const header = await caller.call("spreadsheets.values.get", `reading the header row of "${target.tab}"`, () =>
    deps.sheets.spreadsheets.values.get({ spreadsheetId: target.spreadsheetId, range: `${quoteTab(target.tab)}!1:1`, valueRenderOption: "UNFORMATTED_VALUE" }),
  );
  return (header.values?.[0] ?? []).map((cell) => String(cell ?? ""));
}

/** The unit dropdown's labels: the names of the units this target shows, from one read. */
async function unitLabelsOf(db: Firestore, target: SheetTarget): Promise<string[]> {
  const units = await stores(db).units.list();
  return units.filter((unit) => target.units === "all" || target.units.includes(unit.id)).map((unit) => unit.name || unit.id).sort();
}

/** The innovation dropdown's labels ("Bukti IID" tab): the live innovations of the target's units, by name. */
async function innovationLabelsOf(db: Firestore, target: SheetTarget): Promise<string[]> {
  const innovations = await stores(db).innovations.list();
  return innovations
    .filter((innovation) => innovation.status !== "diarsipkan" && (target.units === "all" || target.units.includes(innovation.unitId)))
    .map((innovation) => innovation.name)
    .sort((a, b) => a.localeCompare(b, "id"));
}

/** Enough columns for every header. */
function columnRequests(sheet: Sheet, width: number): sheets_v4.Schema$Request[] {
  const columnCount = sheet.properties?.gridProperties?.columnCount ?? 0;
  if (columnCount >= width) return [];
  return [{ appendDimension: { sheetId: sheet.properties?.sheetId ?? 0, dimension: "COLUMNS", length: width - columnCount } }];
}

function frozenHeaderRequests(sheet: Sheet): sheets_v4.Schema$Request[] {
  if (sheet.properties?.gridProperties?.frozenRowCount === 1) return [];
  const properties = { sheetId: sheet.properties?.sheetId ?? 0, gridProperties: { frozenRowCount: 1 } };
  return [{ updateSheetProperties: { properties, fields: "gridProperties.frozenRowCount" } }];
}

/** The ID and status columns protected where they are now; protections left on other columns removed. */
function protectionRequests(sheet: Sheet, layout: Layout): sheets_v4.Schema$Request[] {
  const sheetId = sheet.properties?.sheetId ?? 0;
  const requests: sheets_v4.Schema$Request[] = [];
  for (const [key, column] of [["id", layout.idColumn], ["status", layout.statusColumn]] as const) {
    const description = PROTECTION[key];
    const existing = (sheet.protectedRanges ?? []).filter((range) => range.description === description);
    const right = existing.find((range) => range.range?.startColumnIndex === column && range.range?.endColumnIndex === column + 1);
    for (const stale of existing) if (stale !== right) requests.push({ deleteProtectedRange: { protectedRangeId: stale.protectedRangeId } });
    // warningOnly: staff may still sort and filter whole rows; a direct edit of the cell asks first.
    if (!right) requests.push({ addProtectedRange: { protectedRange: { range: columnRange(sheetId, column, 0), description, warningOnly: true } } });
  }
  return requests;
}

async function sendRequests({ deps, caller, target }: InitIo, requests: sheets_v4.Schema$Request[], what: string): Promise<void> {
  if (requests.length === 0) return;
  await caller.call("spreadsheets.batchUpdate", what, () => deps.sheets.spreadsheets.batchUpdate({ spreadsheetId: target.spreadsheetId, requestBody: { requests } }));
}

/** Missing headers appended at the right of the existing ones, which never move. */
async function writeHeaders({ deps, caller, target }: InitIo, start: number, missing: string[]): Promise<void> {
  if (missing.length === 0) return;
  const range = `${quoteTab(target.tab)}!${columnLetter(start)}1:${columnLetter(start + missing.length - 1)}1`;
  await caller.call("spreadsheets.values.update", `writing headers of "${target.tab}"`, () =>
    deps.sheets.spreadsheets.values.update({ spreadsheetId: target.spreadsheetId, range, valueInputOption: "RAW", requestBody: { values: [missing] } }),
  );
}
