// The city's IID submission as tabs of the city-wide spreadsheet, kept by labinov: one tab per
// table ("IID 2027 Profil", "IID 2027 Indikator", "IID 2027 Kekurangan"), rewritten whole on
// each export. Staff tabs are never touched. Requests: one read of the tabs, one addSheet when
// a tab is missing, one batchClear and one values.batchUpdate (RAW: text never becomes a formula).
import type { sheets_v4 } from "@googleapis/sheets";
import type { Submission, Table } from "../src/iid/submission.js";
import { sheetsCaller, type CallCounts } from "./client.js";
import { quoteTab } from "./layout/columns.js";
import type { RetryOptions } from "./retry.js";

export interface IidTabsDeps {
  sheets: sheets_v4.Sheets;
  retry?: RetryOptions;
}

export interface IidTabsReport {
  tabs: string[];
  createdTabs: string[];
  sheetsCalls: CallCounts;
}

/** "IID 2027 Profil Inovasi": the year first, so a new year's tabs never overwrite last year's. */
export function iidTabName(year: number, table: Table): string {
  return `IID ${year} ${table.title}`;
}

export async function writeIidTabs(deps: IidTabsDeps, spreadsheetId: string, submission: Submission): Promise<IidTabsReport> {
  const caller = sheetsCaller(deps.retry);
  const tables = [submission.profile, submission.indicators, submission.missing];
  const names = tables.map((table) => iidTabName(submission.year, table));
  const book = await caller.call("spreadsheets.get", `reading the tabs of spreadsheet ${spreadsheetId}`, () =>
    deps.sheets.spreadsheets.get({ spreadsheetId, fields: "sheets(properties(title))" }),
  );
  const existing = new Set((book.sheets ?? []).map((sheet) => sheet.properties?.title));
  const missing = names.filter((name) => !existing.has(name));
  if (missing.length > 0) {
    await caller.call("spreadsheets.batchUpdate", `adding IID tabs to spreadsheet ${spreadsheetId}`, () =>
      deps.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: missing.map((title) => ({ addSheet: { properties: { title } } })) } }),
    );
  }
  // Cleared first: a table shorter than last time leaves no stale rows behind.
  await caller.call("spreadsheets.values.batchClear", `clearing IID tabs of spreadsheet ${spreadsheetId}`, () =>
    deps.sheets.spreadsheets.values.batchClear({ spreadsheetId, requestBody: { ranges: names.map(quoteTab) } }),
  );
  await caller.call("spreadsheets.values.batchUpdate", `writing IID tabs of spreadsheet ${spreadsheetId}`, () =>
    deps.sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: "RAW",
        data: tables.map((table, index) => ({ range: `${quoteTab(names[index]!)}!A1`, values: [table.headers, ...table.rows.map((row) => row.map((cell) => cell ?? ""))] })),
      },
    }),
  );
  return { tabs: names, createdTabs: missing, sheetsCalls: caller.counts };
}
