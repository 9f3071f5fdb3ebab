// The IID submission as files: CSV (UTF-8 with BOM, RFC 4180 quoting, CRLF) and one XLSX
// workbook with a sheet per table, written with exceljs.
import ExcelJS from "exceljs";
import type { Cell, Submission, Table } from "../src/iid/submission.js";

const BOM = "\uFEFF";

/**
 * A text a spreadsheet would read as a formula (=, +, -, @, or a leading tab/CR) gets a leading
 * apostrophe, as OWASP's "CSV Injection" advice says: a name typed by staff never runs in Excel.
 * Numbers stay numbers.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled), RFC 4180. */
export function csvField(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = guardFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A table as CSV text: a BOM so Excel reads UTF-8 (é, –, "ñ" of names), CRLF between records. */
export function toCsv(table: Table): string {
  const lines = [table.headers, ...table.rows].map((row) => row.map(csvField).join(","));
  return BOM + lines.join("\r\n") + "\r\n";
}

/** Column widths in characters: wide enough for the header and most values, capped for long texts. */
function widthOf(table: Table, column: number): number {
  const longest = Math.max(table.headers[column]!.length, ...table.rows.map((row) => String(row[column] ?? "").split("\n")[0]!.length));
  return Math.min(60, Math.max(10, longest + 2));
}

/** The whole submission as one workbook: a sheet per table, header bold and frozen, filters on. */
export async function toXlsx(submission: Submission): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "labinov";
  for (const table of [submission.profile, submission.indicators, submission.missing]) {
    const sheet = workbook.addWorksheet(table.title, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = table.headers.map((header, index) => ({ header, width: widthOf(table, index) }));
    // Strings are written as strings (never formulas); numbers as numbers.
    for (const row of table.rows) sheet.addRow(row.map((value) => (value === null ? null : value)));
    sheet.getRow(1).font = { bold: true };
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.headers.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
