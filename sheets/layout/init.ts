// `sheets init`: creates or repairs a target's tab so staff can work in it: headers of every
// column labinov owns (missing ones appended at the right, existing ones never moved), frozen
// header row, dropdowns, protection of the ID and status columns, date and text formats.
// Idempotent: what is already right is not sent again (formats are fingerprinted in the target).
import type { sheets_v4 } from "@googleapis/sheets";
import type { Firestore } from "firebase-admin/firestore";
import { sheetsCaller, type CallCounts } from "../client.js";
import type { RetryOptions } from "../retry.js";
import { SheetTargetStore } from "../targets/store.js";
import { unitNames } from "../sync/records.js";
import { valueHash } from "../sync/hash.js";
import { columnLetter, quoteTab, resolveLayout, type Layout } from "./columns.js";
import { fieldsOf } from "./fields.js";
import { CONTROL_HEADERS } from "./labels.js";
import { stores } from "../../src/store/kinds.js";

export interface InitDeps {
  db: Firestore;
  sheets: sheets_v4.Sheets;
  retry?: RetryOptions;
}

export interface InitReport {
  targetId: string;
  createdTab: boolean;
  headersAdded: string[];
  structureRequests: number;
  sheetsCalls: CallCounts;
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

function formatRequests(sheetId: number, layout: Layout, unitLabels: string[]): sheets_v4.Schema$Request[] {
  const requests: sheets_v4.Schema$Request[] = [];
  for (const { def, column } of layout.fields) {
    const range = columnRange(sheetId, column);
    const cell = def.cell;
    let list: string[] | null = null;
    if (cell.type === "enum") list = Object.values(cell.labels);
    if (cell.type === "unit") list = unitLabels;
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

export async function initTarget(deps: InitDeps, targetId: string): Promise<InitReport> {
  const targets = new SheetTargetStore(deps.db);
  const target = await targets.get(targetId);
  if (!target) throw new Error(`Target sinkron "${targetId}" tidak ditemukan.`);
  const caller = sheetsCaller(deps.retry);
  const { spreadsheetId, tab } = target;
  const report: InitReport = { targetId, createdTab: false, headersAdded: [], structureRequests: 0, sheetsCalls: caller.counts };

  const metadata = () =>
    caller.call("spreadsheets.get", `reading the tabs of spreadsheet ${spreadsheetId}`, () =>
      deps.sheets.spreadsheets.get({
        spreadsheetId,
        fields: "properties.locale,sheets(properties(sheetId,title,gridProperties(rowCount,columnCount,frozenRowCount)),protectedRanges(protectedRangeId,description,range))",
      }),
    );
  const book = await metadata();
  // The locale by which runs read typed text, read again here in case staff changed it.
  if (book.properties?.locale && book.properties.locale !== target.locale) await targets.setLocale(target.id, book.properties.locale);
  let sheet = book.sheets?.find((candidate) => candidate.properties?.title === tab);
  if (!sheet) {
    await caller.call("spreadsheets.batchUpdate", `adding tab "${tab}" to spreadsheet ${spreadsheetId}`, () =>
      deps.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { title: tab } } }] } }),
    );
    report.createdTab = true;
    sheet = (await metadata()).sheets?.find((candidate) => candidate.properties?.title === tab);
    if (!sheet) throw new Error(`Tab "${tab}" tidak dapat dibuat.`);
  }
  const sheetId = sheet.properties?.sheetId ?? 0;

  const header = await caller.call("spreadsheets.values.get", `reading the header row of "${tab}"`, () =>
    deps.sheets.spreadsheets.values.get({ spreadsheetId, range: `${quoteTab(tab)}!1:1`, valueRenderOption: "UNFORMATTED_VALUE" }),
  );
  const headerRow = (header.values?.[0] ?? []).map((cell) => String(cell ?? ""));
  const missing = wantedHeaders(resolveLayout(target.kind, headerRow));
  const width = headerRow.length + missing.length;
  const requests: sheets_v4.Schema$Request[] = [];
  const columnCount = sheet.properties?.gridProperties?.columnCount ?? 0;
  if (columnCount < width) requests.push({ appendDimension: { sheetId, dimension: "COLUMNS", length: width - columnCount } });
  if (sheet.properties?.gridProperties?.frozenRowCount !== 1) {
    requests.push({ updateSheetProperties: { properties: { sheetId, gridProperties: { frozenRowCount: 1 } }, fields: "gridProperties.frozenRowCount" } });
  }
  const fullHeader = [...headerRow, ...missing];
  const layout = resolveLayout(target.kind, fullHeader);

  for (const [key, column] of [["id", layout.idColumn], ["status", layout.statusColumn]] as const) {
    const description = PROTECTION[key];
    const existing = (sheet.protectedRanges ?? []).filter((range) => range.description === description);
    const right = existing.find((range) => range.range?.startColumnIndex === column && range.range?.endColumnIndex === column + 1);
    for (const stale of existing) if (stale !== right) requests.push({ deleteProtectedRange: { protectedRangeId: stale.protectedRangeId } });
    // warningOnly: staff may still sort and filter whole rows; a direct edit of the cell asks first.
    if (!right) requests.push({ addProtectedRange: { protectedRange: { range: columnRange(sheetId, column, 0), description, warningOnly: true } } });
  }

  const units = await unitNames(deps.db, { reads: 0, writes: 0 });
  const unitLabels = (await stores(deps.db).units.list()).filter((unit) => target.units === "all" || target.units.includes(unit.id)).map((unit) => units.nameOf(unit.id) ?? unit.id).sort();
  const layoutHash = valueHash({ columns: layout.fields.map((field) => [field.def.key, field.column]), id: layout.idColumn, status: layout.statusColumn, unitLabels, sheetId });
  const formatting = target.layoutHash === layoutHash ? [] : formatRequests(sheetId, layout, unitLabels);
  requests.push(...formatting);

  // Columns first (so header cells fit), then headers, then formats on the new columns.
  if (requests.length > 0) {
    const structural = requests.filter((request) => request.appendDimension);
    const rest = requests.filter((request) => !request.appendDimension);
    if (structural.length > 0) {
      await caller.call("spreadsheets.batchUpdate", `adding columns to "${tab}"`, () =>
        deps.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: structural } }),
      );
    }
    if (missing.length > 0) await writeHeaders();
    if (rest.length > 0) {
      await caller.call("spreadsheets.batchUpdate", `formatting "${tab}"`, () =>
        deps.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: rest } }),
      );
    }
  } else if (missing.length > 0) await writeHeaders();
  report.structureRequests = requests.length;
  report.headersAdded = missing;
  await targets.setLayoutHash(targetId, layoutHash);
  return report;

  async function writeHeaders(): Promise<void> {
    const start = headerRow.length;
    const range = `${quoteTab(tab)}!${columnLetter(start)}1:${columnLetter(start + missing.length - 1)}1`;
    await caller.call("spreadsheets.values.update", `writing headers of "${tab}"`, () =>
      deps.sheets.spreadsheets.values.update({ spreadsheetId, range, valueInputOption: "RAW", requestBody: { values: [missing] } }),
    );
  }
}
