// GET /view/<id>: the spreadsheet as a page staff would recognise (Bahasa Indonesia, frozen
// header and key columns), with cell edits and the row actions of the Google Sheets UI.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { applyBatchUpdate } from "./batchUpdate.js";
import { cellA1, columnToLetters } from "./a1.js";
import { CHART_STYLE, renderCharts } from "./chartView.js";
import { ApiError } from "./errors.js";
import { computeCell, findSheet, getCell, isEmptyCell, sortedSheets, writeValues, type JsonObject, type SheetState, type SpreadsheetState } from "./model.js";
import { formatComputed } from "./values.js";

/**
 * What the page posts after a change, shaped like an Apps Script trigger's report: `EDIT`
 * (onEdit, with the edited `range`) or onChange's `changeType` for a structural change
 * (https://developers.google.com/apps-script/guides/triggers/events#change: sorting and
 * moving rows arrive as `OTHER`).
 */
export interface EditNotice {
  kind: "sheetEdit";
  eventId: string;
  spreadsheetId: string;
  sheetName: string;
  /** A1 range without the tab name, e.g. "C5"; only for `EDIT`. */
  range?: string;
  changeType: "EDIT" | "INSERT_ROW" | "REMOVE_ROW" | "OTHER";
  /** `?as=<email>` on the page, else "". */
  user: string;
  editedAt: string;
  /** With `rowIdHeader`: the edited cell with its row's ID and its column's header, as a journal keeps it. */
  cells?: { rowId: string; header: string; value: string | number | boolean | null }[];
}

export interface EditWebhook {
  url: string;
  /**
   * Extra request headers for a JSON body, e.g. an HMAC signature the receiver checks.
   * The emulator signs nothing itself: the receiver's scheme belongs to the receiver.
   */
  sign?: (body: string) => Record<string, string>;
}

export interface WebhookDelivery {
  payload: EditNotice;
  status?: number;
  error?: string;
}

export interface ViewOptions {
  /**
   * Header texts of columns kept in view while scrolling sideways (with every column left of
   * them), on top of the sheet's own `frozenColumnCount`. E.g. ["ID", "Nama Inovasi"]. Only the
   * three leftmost columns are considered.
   */
  pinnedHeaders?: string[];
  /**
   * Header of the column holding each row's ID. When set, a cell edit's notice carries the cell
   * (row ID, column header, new value), as a host's own trigger script may send for an edit journal.
   */
  rowIdHeader?: string;
}

// Every word the page shows, in one place (the people using it work in Bahasa Indonesia).
const WORDS = {
  spreadsheets: "Daftar spreadsheet",
  noSuchSpreadsheet: "Spreadsheet tidak ditemukan.",
  help: "Klik sel untuk mengubah isinya: Enter menyimpan, Esc membatalkan. Klik nomor baris untuk memilih baris, klik huruf kolom untuk memilih kolom.",
  sortAsc: "Urutkan A → Z",
  sortDesc: "Urutkan Z → A",
  insertAbove: "Sisipkan baris di atas",
  insertBelow: "Sisipkan baris di bawah",
  deleteRow: "Hapus baris",
  moveUp: "Pindahkan ke atas",
  moveDown: "Pindahkan ke bawah",
  noRow: "Pilih baris dulu (klik nomor baris).",
  noColumn: "Pilih kolom dulu (klik huruf kolom).",
  saved: "Tersimpan.",
  failed: "Gagal menyimpan:",
  badEdit: "Perubahan tidak dikenali.",
  noChartData: "Grafik ini belum punya data.",
} as const;

/** Pinned headers count only within this many leftmost columns. */
const MAX_PINNED = 3;

/** Blank rows drawn below the last used row, room to type a new record. */
const BLANK_ROWS = 3;

/** The emulator imports nothing of labinov's, so it keeps its own copy of src/html/escape.ts (`'` included). */
export const escapeHtml = (s: string): string =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

function usedSize(sheet: SheetState): { rows: number; cols: number } {
  let rows = 0;
  let cols = 0;
  sheet.rows.forEach((row, r) => {
    row?.forEach((cell, c) => {
      if (isEmptyCell(cell)) return;
      rows = Math.max(rows, r + 1);
      cols = Math.max(cols, c + 1);
    });
  });
  return { rows, cols };
}

function cellText(book: SpreadsheetState, sheet: SheetState, r: number, c: number): string {
  const cell = getCell(sheet, r, c);
  const computed = cell?.input.value ? computeCell(book, sheet, r, c) : undefined;
  return computed === undefined ? "" : formatComputed(computed, cell?.input.numberFormat);
}

function renderTab(book: SpreadsheetState, sheet: SheetState, options: ViewOptions): string {
  const grid = sheet.properties.gridProperties;
  const used = usedSize(sheet);
  const shownRows = Math.min(Math.max(used.rows + BLANK_ROWS, 2), grid.rowCount);
  const shownCols = Math.min(Math.max(used.cols + 1, 3), grid.columnCount);
  const frozenRows = Math.max(1, Number(grid.frozenRowCount ?? 0));
  const texts = Array.from({ length: shownRows }, (_, r) => Array.from({ length: shownCols }, (_, c) => cellText(book, sheet, r, c)));
  const pinned = new Set(options.pinnedHeaders ?? []);
  let pinnedCols = Number(grid.frozenColumnCount ?? 0);
  // Only among the first few columns: a pinned header far to the right would pin the whole width.
  texts[0]?.slice(0, MAX_PINNED).forEach((text, c) => {
    if (pinned.has(text.trim())) pinnedCols = Math.max(pinnedCols, c + 1);
  });
  // A status column ("✓ ..." / "⚠ ...") carries sentences: it gets room and colour.
  const statusCols = new Set<number>();
  for (let c = 0; c < shownCols; c++) if (texts.some((row, r) => r >= frozenRows && /^[✓⚠]/.test(row[c] ?? ""))) statusCols.add(c);

  const classes = (r: number, c: number): string => {
    const list: string[] = [];
    if (c < pinnedCols) list.push("pin");
    if (r < frozenRows) list.push("head");
    if (statusCols.has(c)) list.push("status");
    const text = texts[r]?.[c] ?? "";
    if (text.startsWith("✓")) list.push("ok");
    if (text.startsWith("⚠")) list.push("warn");
    return list.join(" ");
  };
  const letters = Array.from({ length: shownCols }, (_, c) => `<th class="col${c < pinnedCols ? " pin" : ""}" data-col="${c}">${columnToLetters(c)}</th>`).join("");
  const body = texts
    .map((row, r) => {
      const cells = row.map((text, c) => `<td class="${classes(r, c)}" data-cell="${cellA1(r, c)}">${escapeHtml(text)}</td>`).join("");
      return `<tr class="${r < frozenRows ? "head" : ""}" data-row="${r}"><th class="rownum" data-row="${r}">${r + 1}</th>${cells}</tr>`;
    })
    .join("\n");
  const title = escapeHtml(sheet.properties.title);
  const toolbar = [
    ["sort-asc", WORDS.sortAsc],
    ["sort-desc", WORDS.sortDesc],
    ["insert-above", WORDS.insertAbove],
    ["insert-below", WORDS.insertBelow],
    ["delete", WORDS.deleteRow],
    ["move-up", WORDS.moveUp],
    ["move-down", WORDS.moveDown],
  ]
    .map(([action, label]) => `<button type="button" data-action="${action}">${label}</button>`)
    .join("");
  return `<section class="tab" data-sheet="${title}" data-frozen-rows="${frozenRows}">
<h2>${title}</h2>
<div class="toolbar">${toolbar}</div>
${renderCharts(book, sheet, WORDS.noChartData)}
<div class="grid"><table><thead><tr><th class="corner"></th>${letters}</tr></thead><tbody>${body}</tbody></table></div>
</section>`;
}

function renderPage(book: SpreadsheetState, options: ViewOptions): string {
  const tabs = sortedSheets(book).map((sheet) => renderTab(book, sheet, options));
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>${escapeHtml(book.properties.title)}</title>
<style>
body{font-family:Arial,sans-serif;font-size:14px;margin:1em}
.grid{overflow:auto;max-height:70vh;border:1px solid #c0c0c0}
table{border-collapse:separate;border-spacing:0}
td,th{border-right:1px solid #e2e2e2;border-bottom:1px solid #e2e2e2;padding:3px 6px;min-width:6em;max-width:22em;background:#fff;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
thead th,th.rownum{background:#f8f9fa;color:#5f6368;font-weight:normal;text-align:center;cursor:pointer;min-width:2.5em}
thead th{position:sticky;top:0;z-index:3}
tr.head td,tr.head th{position:sticky;top:25px;z-index:2;font-weight:bold;background:#eef3fb}
th.rownum{position:sticky;left:0;z-index:2}
th.corner{left:0;z-index:5}
td.pin,th.pin{position:sticky;z-index:1;background:#fbfbfb}
thead th.pin{z-index:4}
tr.head td.pin,tr.head th.rownum{z-index:4}
td.pin.edge,th.pin.edge{box-shadow:2px 0 0 #b0b0b0}
td.status{min-width:18em;max-width:36em;white-space:normal}
td.ok{color:#137333;background:#e6f4ea}
td.warn{color:#8a4b00;background:#fef3d6}
td:hover{outline:2px solid #1a73e8;outline-offset:-2px;cursor:text}
tr.selected td,tr.selected th,td.selected,th.selected{background:#d3e3fd !important}
.toolbar{margin:.4em 0}.toolbar button{margin-right:.3em}
#status{min-height:1.4em;color:#5f6368}
td input{width:100%;box-sizing:border-box;font:inherit}
${CHART_STYLE}
</style>
</head><body>
<h1>${escapeHtml(book.properties.title)}</h1>
<p>${WORDS.help}</p>
<p id="status" role="status"></p>
${tabs.join("\n")}
<script>
const WORDS = ${JSON.stringify({ noRow: WORDS.noRow, noColumn: WORDS.noColumn, failed: WORDS.failed })};
const user = new URLSearchParams(location.search).get("as") || "";
const status = document.getElementById("status");

// Sticky columns need their left offsets: each pinned column starts where the previous ends.
document.querySelectorAll("section.tab table").forEach((table) => {
  const first = table.querySelector("tbody tr") || table.querySelector("thead tr");
  let left = table.querySelector("th.rownum, th.corner").offsetWidth;
  const top = table.querySelector("thead").offsetHeight;
  table.querySelectorAll("tr.head td, tr.head th").forEach((c) => (c.style.top = top + "px"));
  const pins = [...first.querySelectorAll(".pin")];
  pins.forEach((cell, i) => {
    const col = cell.cellIndex;
    table.querySelectorAll("tr").forEach((tr) => {
      const c = tr.children[col];
      if (!c) return;
      c.style.left = left + "px";
      if (i === pins.length - 1) c.classList.add("edge");
    });
    left += cell.offsetWidth;
  });
});

async function post(path, body) {
  const res = await fetch(location.pathname + path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...body, user }),
  });
  if (res.ok) return location.reload();
  const text = await res.text();
  status.textContent = WORDS.failed + " " + text;
  document.body.dataset.lastAction = "failed";
}

document.querySelectorAll("section.tab").forEach((section) => {
  const sheet = section.dataset.sheet;
  let row = null;
  let col = null;
  section.querySelectorAll("th.rownum").forEach((th) => th.addEventListener("click", () => {
    section.querySelectorAll(".selected").forEach((el) => el.classList.remove("selected"));
    row = Number(th.dataset.row);
    th.closest("tr").classList.add("selected");
  }));
  section.querySelectorAll("thead th.col").forEach((th) => th.addEventListener("click", () => {
    section.querySelectorAll(".selected").forEach((el) => el.classList.remove("selected"));
    col = Number(th.dataset.col);
    th.classList.add("selected");
    section.querySelectorAll("tbody tr").forEach((tr) => tr.children[col + 1]?.classList.add("selected"));
  }));
  section.querySelectorAll("button[data-action]").forEach((button) => button.addEventListener("click", () => {
    const action = button.dataset.action;
    if (action.startsWith("sort")) {
      if (col === null) return (status.textContent = WORDS.noColumn);
      return post("/action", { sheet, action, column: col });
    }
    if (row === null) return (status.textContent = WORDS.noRow);
    return post("/action", { sheet, action, row });
  }));
  section.querySelectorAll("td[data-cell]").forEach((td) => td.addEventListener("click", () => {
    if (td.querySelector("input")) return;
    const input = document.createElement("input");
    input.value = td.textContent;
    td.textContent = "";
    td.appendChild(input);
    input.focus();
    input.addEventListener("keydown", (e) => {
      if (e.key === "Escape") return location.reload();
      if (e.key === "Enter") void post("/edit", { sheet, cell: td.dataset.cell, value: input.value });
    });
  }));
});
</script>
</body></html>`;
}

type Action = "sort-asc" | "sort-desc" | "insert-above" | "insert-below" | "delete" | "move-up" | "move-down";

/**
 * The spreadsheets.batchUpdate request Google's UI makes for each action, and the onChange
 * changeType Apps Script reports for it. Sorting leaves the frozen header rows where they
 * are, as Data > Sort sheet does.
 */
function actionRequest(sheet: SheetState, action: Action, row: number, column: number): { request: JsonObject; changeType: EditNotice["changeType"] } | undefined {
  const sheetId = sheet.properties.sheetId;
  const grid = sheet.properties.gridProperties;
  const rows = (start: number, end: number): JsonObject => ({ sheetId, dimension: "ROWS", startIndex: start, endIndex: end });
  const frozenRows = Math.max(1, Number(grid.frozenRowCount ?? 0));
  switch (action) {
    case "sort-asc":
    case "sort-desc":
      if (column < 0 || column >= grid.columnCount) return undefined;
      return {
        changeType: "OTHER",
        request: {
          sortRange: {
            range: { sheetId, startRowIndex: frozenRows, endRowIndex: grid.rowCount, startColumnIndex: 0, endColumnIndex: grid.columnCount },
            sortSpecs: [{ dimensionIndex: column, sortOrder: action === "sort-asc" ? "ASCENDING" : "DESCENDING" }],
          },
        },
      };
    case "insert-above":
    case "insert-below": {
      const at = action === "insert-above" ? row : row + 1;
      // Takes the format of the row next to it on the side staff clicked from (above: the row
      // itself, below: the row before). Not confirmed against Google's UI; the API's rule is
      // inheritFromBefore (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#InsertDimensionRequest).
      return { changeType: "INSERT_ROW", request: { insertDimension: { range: rows(at, at + 1), inheritFromBefore: action === "insert-below" } } };
    }
    case "delete":
      return { changeType: "REMOVE_ROW", request: { deleteDimension: { range: rows(row, row + 1) } } };
    case "move-up":
      if (row === 0) return undefined;
      return { changeType: "OTHER", request: { moveDimension: { source: rows(row, row + 1), destinationIndex: row - 1 } } };
    case "move-down":
      if (row + 1 >= grid.rowCount) return undefined;
      // destinationIndex counts in the coordinates before the move: one row down lands at row + 2.
      return { changeType: "OTHER", request: { moveDimension: { source: rows(row, row + 1), destinationIndex: row + 2 } } };
  }
}

const ACTIONS = new Set<string>(["sort-asc", "sort-desc", "insert-above", "insert-below", "delete", "move-up", "move-down"]);

export interface ViewHandlerContext {
  books: Map<string, SpreadsheetState>;
  webhook: EditWebhook | undefined;
  deliveries: WebhookDelivery[];
  onChange: () => void;
  options?: ViewOptions;
}

export function createViewHandler(ctx: ViewHandlerContext): (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => Promise<boolean> {
  const { books, webhook, deliveries, onChange } = ctx;
  const options = ctx.options ?? {};
  const text = (res: ServerResponse, status: number, message: string): true => {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
    res.end(message);
    return true;
  };
  const parse = (body: string): JsonObject | undefined => {
    try {
      const value = JSON.parse(body) as unknown;
      return value && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
    } catch {
      return undefined;
    }
  };
  return async (req, res, url, body) => {
    if (url.pathname === "/view" || url.pathname === "/view/") {
      const links = [...books.values()].map((b) => `<li><a href="/view/${b.spreadsheetId}">${escapeHtml(b.properties.title)}</a></li>`);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html lang="id"><meta charset="utf-8"><title>${WORDS.spreadsheets}</title><h1>${WORDS.spreadsheets}</h1><ul>${links.join("")}</ul></html>`);
      return true;
    }
    const m = /^\/view\/([^/]+)(?:\/(edit|action))?$/.exec(url.pathname);
    if (!m) return false;
    const id = decodeURIComponent(m[1]!);
    const book = books.get(id);
    if (!book) return text(res, 404, WORDS.noSuchSpreadsheet);
    if (!m[2] && req.method === "GET") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(renderPage(book, options));
      return true;
    }
    if (req.method !== "POST" || !m[2]) return false;
    const input = parse(body);
    const sheet = typeof input?.sheet === "string" ? findSheet(book, input.sheet) : undefined;
    const user = typeof input?.user === "string" ? input.user : "";
    if (!input || !sheet) return text(res, 400, WORDS.badEdit);
    const sheetName = sheet.properties.title;

    if (m[2] === "edit") {
      const cell = typeof input.cell === "string" ? /^([A-Z]{1,3})(\d+)$/.exec(input.cell) : null;
      if (!cell || typeof input.value !== "string") return text(res, 400, WORDS.badEdit);
      const row = Number(cell[2]) - 1;
      const col = [...cell[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      // Typing into Google's UI is USER_ENTERED input: "=..." is a formula, "1500" a number.
      writeValues(sheet, row, col, [[input.value]], "USER_ENTERED");
      book.modifiedTime = new Date().toISOString();
      onChange();
      if (webhook) await deliver(webhook, deliveries, { ...notice(book, sheetName, user, "EDIT", cell[0]), ...editedCell(book, sheet, row, col, options.rowIdHeader) });
      return text(res, 200, WORDS.saved);
    }

    const action = typeof input.action === "string" && ACTIONS.has(input.action) ? (input.action as Action) : undefined;
    const row = typeof input.row === "number" && Number.isInteger(input.row) && input.row >= 0 ? input.row : -1;
    const column = typeof input.column === "number" && Number.isInteger(input.column) ? input.column : -1;
    if (!action || (!action.startsWith("sort") && row < 0)) return text(res, 400, WORDS.badEdit);
    const planned = actionRequest(sheet, action, row, column);
    if (!planned) return text(res, 400, WORDS.badEdit);
    try {
      // The same batchUpdate an API caller would send, so the change obeys the same rules.
      const { book: next } = applyBatchUpdate(book, { requests: [planned.request] }, user || "staff");
      next.modifiedTime = new Date().toISOString();
      books.set(id, next);
    } catch (err) {
      if (err instanceof ApiError) return text(res, err.code, err.message);
      throw err;
    }
    onChange();
    if (webhook) await deliver(webhook, deliveries, notice(book, sheetName, user, planned.changeType));
    return text(res, 200, WORDS.saved);
  };
}

/** The edited cell with its row's ID and column header, when the host names its ID column (0-based row and column). */
function editedCell(book: SpreadsheetState, sheet: SheetState, row: number, col: number, rowIdHeader: string | undefined): Pick<EditNotice, "cells"> {
  if (!rowIdHeader || row === 0) return {};
  const plain = (r: number, c: number): string | number | boolean | null => {
    const value = computeCell(book, sheet, r, c);
    return value === undefined ? null : typeof value === "object" ? null : value;
  };
  const header = (c: number) => String(plain(0, c) ?? "");
  const width = sheet.properties.gridProperties.columnCount;
  const idColumn = Array.from({ length: width }, (_, c) => c).find((c) => header(c).trim().toLowerCase() === rowIdHeader.toLowerCase());
  if (idColumn === undefined || idColumn === col) return {};
  const rowId = String(plain(row, idColumn) ?? "").trim();
  if (rowId === "") return {};
  return { cells: [{ rowId, header: header(col), value: plain(row, col) }] };
}

function notice(book: SpreadsheetState, sheetName: string, user: string, changeType: EditNotice["changeType"], range?: string): EditNotice {
  const out: EditNotice = { kind: "sheetEdit", eventId: randomUUID(), spreadsheetId: book.spreadsheetId, sheetName, changeType, user, editedAt: new Date().toISOString() };
  if (range) out.range = range;
  return out;
}

async function deliver(webhook: EditWebhook, deliveries: WebhookDelivery[], payload: EditNotice): Promise<void> {
  const body = JSON.stringify(payload);
  const delivery: WebhookDelivery = { payload };
  deliveries.push(delivery);
  try {
    const res = await fetch(webhook.url, { method: "POST", headers: { "content-type": "application/json", ...webhook.sign?.(body) }, body });
    delivery.status = res.status;
  } catch (err) {
    // A failed delivery is kept on the handle (webhookDeliveries) for the person to see.
    delivery.error = err instanceof Error ? err.message : String(err);
  }
}
