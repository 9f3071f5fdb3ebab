// GET /view/<id>: the spreadsheet's tabs as plain HTML tables a person can read and edit.
// An edit is stored as USER_ENTERED (as Google's UI does) and, when a webhook is configured,
// posted signed exactly as labinov's Apps Script posts a real edit.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { signedHeaders } from "../../src/http/signature.js";
import type { SheetEditNotice } from "../../src/http/sheetEditPayload.js";
import { cellA1, columnToLetters } from "./a1.js";
import { computeCell, findSheet, getCell, sortedSheets, writeValues, type SpreadsheetState } from "./model.js";
import { formatComputed } from "./values.js";

export interface EditWebhook {
  url: string;
  secret: string;
}

export interface WebhookDelivery {
  payload: SheetEditNotice;
  status?: number;
  error?: string;
}

const escapeHtml = (s: string): string =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

function renderPage(book: SpreadsheetState): string {
  const tabs = sortedSheets(book).map((sheet) => {
    const rows = Math.max(sheet.rows.length + 1, 5);
    const { rowCount, columnCount } = sheet.properties.gridProperties;
    const shownRows = Math.min(rows, rowCount);
    const usedCols = Math.max(0, ...sheet.rows.map((r) => (r ? r.length : 0)));
    const shownCols = Math.min(Math.max(usedCols + 1, 5), columnCount);
    const header = Array.from({ length: shownCols }, (_, c) => `<th>${columnToLetters(c)}</th>`).join("");
    const body = Array.from({ length: shownRows }, (_, r) => {
      const cells = Array.from({ length: shownCols }, (_, c) => {
        const cell = getCell(sheet, r, c);
        const computed = cell?.input.value ? computeCell(book, sheet, r, c) : undefined;
        const text = computed === undefined ? "" : formatComputed(computed, cell?.input.numberFormat);
        return `<td data-cell="${cellA1(r, c)}">${escapeHtml(text)}</td>`;
      }).join("");
      return `<tr><th>${r + 1}</th>${cells}</tr>`;
    }).join("\n");
    const title = escapeHtml(sheet.properties.title);
    return `<section class="tab" data-sheet="${title}"><h2>${title}</h2><table><thead><tr><th></th>${header}</tr></thead><tbody>${body}</tbody></table></section>`;
  });
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(book.properties.title)}</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;min-width:5em}th{background:#eee}td:hover{background:#fffbe0;cursor:pointer}</style>
</head><body>
<h1>${escapeHtml(book.properties.title)}</h1>
<p>Click a cell to edit it. Enter saves, Escape cancels.</p>
${tabs.join("\n")}
<script>
const user = new URLSearchParams(location.search).get("as") || "";
document.querySelectorAll("td[data-cell]").forEach((td) => {
  td.addEventListener("click", () => {
    if (td.querySelector("input")) return;
    const input = document.createElement("input");
    input.value = td.textContent;
    td.textContent = "";
    td.appendChild(input);
    input.focus();
    input.addEventListener("keydown", async (e) => {
      if (e.key === "Escape") return location.reload();
      if (e.key !== "Enter") return;
      const sheet = td.closest("section").dataset.sheet;
      const res = await fetch(location.pathname + "/edit", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sheet, cell: td.dataset.cell, value: input.value, user }),
      });
      document.body.dataset.lastEdit = res.ok ? "saved" : "failed";
      location.reload();
    });
  });
});
</script>
</body></html>`;
}

export function createViewHandler(
  books: Map<string, SpreadsheetState>,
  webhook: EditWebhook | undefined,
  deliveries: WebhookDelivery[],
  onChange: () => void,
): (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => Promise<boolean> {
  return async (req, res, url, body) => {
    const m = /^\/view\/([^/]+)(\/edit)?$/.exec(url.pathname);
    if (url.pathname === "/view" || url.pathname === "/view/") {
      const links = [...books.values()].map((b) => `<li><a href="/view/${b.spreadsheetId}">${escapeHtml(b.properties.title)}</a></li>`);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><meta charset="utf-8"><title>Spreadsheets</title><ul>${links.join("")}</ul>`);
      return true;
    }
    if (!m) return false;
    const book = books.get(decodeURIComponent(m[1]!));
    if (!book) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("No such spreadsheet.");
      return true;
    }
    if (!m[2] && req.method === "GET") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(renderPage(book));
      return true;
    }
    if (m[2] && req.method === "POST") {
      const edit = JSON.parse(body) as { sheet: string; cell: string; value: string; user?: string };
      const sheet = findSheet(book, edit.sheet);
      const cell = /^([A-Z]{1,3})(\d+)$/.exec(edit.cell);
      if (!sheet || !cell) {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end("Bad edit.");
        return true;
      }
      const row = Number(cell[2]) - 1;
      const col = [...cell[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      writeValues(sheet, row, col, [[edit.value]], "USER_ENTERED");
      book.modifiedTime = new Date().toISOString();
      onChange();
      if (webhook) await deliver(webhook, deliveries, { book, sheetName: sheet.properties.title, range: edit.cell, user: edit.user ?? "" });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true }));
      return true;
    }
    return false;
  };
}

async function deliver(
  webhook: EditWebhook,
  deliveries: WebhookDelivery[],
  edit: { book: SpreadsheetState; sheetName: string; range: string; user: string },
): Promise<void> {
  const payload: SheetEditNotice = {
    kind: "sheetEdit",
    eventId: randomUUID(),
    spreadsheetId: edit.book.spreadsheetId,
    sheetName: edit.sheetName,
    range: edit.range,
    user: edit.user,
    editedAt: new Date().toISOString(),
  };
  const body = JSON.stringify(payload);
  const delivery: WebhookDelivery = { payload };
  deliveries.push(delivery);
  try {
    const res = await fetch(webhook.url, { method: "POST", headers: { "content-type": "application/json", ...signedHeaders(webhook.secret, body) }, body });
    delivery.status = res.status;
  } catch (err) {
    // A failed delivery is kept on the handle (webhookDeliveries) for the person to see.
    delivery.error = err instanceof Error ? err.message : String(err);
  }
}
