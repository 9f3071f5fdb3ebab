// Shared set-up for the structural tests: an emulator, the real googleapis client, and small
// readers for values, formulas and grid data.
import { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll } from "vitest";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";

export interface Harness {
  emulator: SheetsEmulator;
  sheets: sheets_v4.Sheets;
}

export async function startHarness(): Promise<Harness> {
  const emulator = await startSheetsEmulator();
  return { emulator, sheets: new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "any-api-key" }) };
}

/** One emulator for a test file: started before its tests, stopped after them. */
export function harnessForFile(): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await startHarness());
  });
  afterAll(async () => {
    await h.emulator.stop();
  });
  return h;
}

/** A bold cell format, the format the structural tests follow around. */
export const BOLD = { userEnteredFormat: { textFormat: { bold: true } } };

export async function newBook(h: Harness, rows?: (string | number | boolean)[][], range = "Sheet1!A1"): Promise<string> {
  const res = await h.sheets.spreadsheets.create({ requestBody: { properties: { title: "Structural" } } });
  const id = res.data.spreadsheetId!;
  if (rows) await h.sheets.spreadsheets.values.update({ spreadsheetId: id, range, valueInputOption: "USER_ENTERED", requestBody: { values: rows } });
  return id;
}

export async function batch(h: Harness, spreadsheetId: string, ...requests: sheets_v4.Schema$Request[]): Promise<sheets_v4.Schema$Response[]> {
  const res = await h.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } });
  return res.data.replies ?? [];
}

export async function values(h: Harness, spreadsheetId: string, range: string, render: "FORMATTED_VALUE" | "FORMULA" | "UNFORMATTED_VALUE" = "FORMATTED_VALUE"): Promise<unknown[][]> {
  const res = await h.sheets.spreadsheets.values.get({ spreadsheetId, range, valueRenderOption: render });
  return res.data.values ?? [];
}

export async function cells(h: Harness, spreadsheetId: string, range: string): Promise<sheets_v4.Schema$CellData[][]> {
  const res = await h.sheets.spreadsheets.get({ spreadsheetId, ranges: [range], includeGridData: true });
  return (res.data.sheets?.[0]?.data?.[0]?.rowData ?? []).map((r) => r.values ?? []);
}

export async function sheetJson(h: Harness, spreadsheetId: string, index = 0): Promise<sheets_v4.Schema$Sheet> {
  const res = await h.sheets.spreadsheets.get({ spreadsheetId });
  return res.data.sheets![index]!;
}

/** The Google error body a failed call carried. */
export async function googleError(call: Promise<unknown>): Promise<{ code: number; message: string; status: string }> {
  try {
    await call;
  } catch (err) {
    const data = (err as { response?: { data?: { error?: { code: number; message: string; status: string } } } }).response?.data?.error;
    if (data) return data;
    throw err;
  }
  throw new Error("expected the call to fail");
}
