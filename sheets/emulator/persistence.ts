// Optional JSON file that keeps the local stack's spreadsheets across restarts. Written
// whole, via a temporary file and rename, so a crash never leaves half a file.
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { SpreadsheetState } from "./model.js";

export function loadState(path: string): Map<string, SpreadsheetState> {
  const books = new Map<string, SpreadsheetState>();
  if (!existsSync(path)) return books;
  const parsed = JSON.parse(readFileSync(path, "utf8")) as { spreadsheets?: SpreadsheetState[] };
  for (const book of parsed.spreadsheets ?? []) {
    // JSON turns holes into null; the model treats null cells and rows as empty.
    book.sheets.forEach((s) => (s.rows = s.rows.map((r) => r ?? [])));
    books.set(book.spreadsheetId, book);
  }
  return books;
}

export function saveState(path: string, books: Map<string, SpreadsheetState>): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, spreadsheets: [...books.values()] }));
  renameSync(tmp, path);
}
