// Small builders for email HTML that common mail clients render: tables, inline styles,
// no classes, no external images. Every text value passes through escapeHtml.
import { escapeHtml } from "../html/escape.js";

export { escapeHtml };

export const COLORS = {
  text: "#1f2933",
  muted: "#616e7c",
  border: "#d9e2ec",
  headerBg: "#f0f4f8",
  accent: "#0b6e4f",
  warn: "#b42318",
  warnBg: "#fdecea",
  bar: "#2f80ed",
  barEmpty: "#e4e7eb",
} as const;

/** A pre-escaped HTML fragment, so builders can tell text from markup. */
export interface Html {
  html: string;
}
export const raw = (html: string): Html => ({ html });
type Cell = string | number | Html;
const cell = (value: Cell) => (typeof value === "object" ? value.html : escapeHtml(String(value)));

const FONT = "font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45";

export function heading(text: string): string {
  return `<h2 style="${FONT};font-size:17px;color:${COLORS.accent};margin:24px 0 8px 0">${escapeHtml(text)}</h2>`;
}

export function paragraph(content: Cell, muted = false): string {
  return `<p style="${FONT};color:${muted ? COLORS.muted : COLORS.text};margin:0 0 10px 0">${cell(content)}</p>`;
}

/** Lets a long word (a URL, a name without spaces) wrap instead of widening the email past a phone's screen. */
const WRAP = "overflow-wrap:anywhere;word-break:break-word";

/** A table of few, narrow columns: every email must read at 360 px, so wide data goes in `items` instead. */
export function table(headers: string[], rows: Cell[][], alignRight: number[] = []): string {
  const size = `font-size:13px;padding:6px 8px;${WRAP}`;
  const th = headers
    .map((header, index) => `<th align="${alignRight.includes(index) ? "right" : "left"}" style="${FONT};${size};background:${COLORS.headerBg};border:1px solid ${COLORS.border}">${escapeHtml(header)}</th>`)
    .join("");
  const body = rows
    .map((row) => `<tr>${row.map((value, index) => `<td align="${alignRight.includes(index) ? "right" : "left"}" valign="top" style="${FONT};${size};border:1px solid ${COLORS.border}">${cell(value)}</td>`).join("")}</tr>`)
    .join("");
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;margin:0 0 12px 0"><tr>${th}</tr>${body}</table>`;
}

/**
 * A horizontal bar drawn with table cells (background colours survive in Outlook and Gmail),
 * as wide as the space it is given, so it shrinks with a phone's screen.
 */
export function bar(fraction: number, color: string = COLORS.bar): Html {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  const rest = 100 - filled;
  const cells = [
    filled > 0 ? `<td width="${filled}%" height="12" bgcolor="${color}" style="background:${color};height:12px;width:${filled}%;font-size:0;line-height:0">&nbsp;</td>` : "",
    rest > 0 ? `<td width="${rest}%" height="12" bgcolor="${COLORS.barEmpty}" style="background:${COLORS.barEmpty};height:12px;width:${rest}%;font-size:0;line-height:0">&nbsp;</td>` : "",
  ].join("");
  return raw(`<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;width:100%;min-width:60px"><tr>${cells}</tr></table>`);
}

/** One entry of `items`: a bold title, an optional badge beside it, and a line of detail under it. */
export interface Item {
  title: string;
  badge?: Html | string;
  detail?: Cell;
}

/**
 * Rows of data that would need many columns as a table, stacked instead: each entry is a title
 * with its details beneath, which reads the same at 360 px and at 600 px.
 */
export function items(entries: Item[]): string {
  const rows = entries
    .map((entry) => {
      const badgeHtml = !entry.badge
        ? ""
        : ` ${typeof entry.badge === "string" ? `<span style="font-size:13px;color:${COLORS.muted}">${escapeHtml(entry.badge)}</span>` : entry.badge.html}`;
      const detail = entry.detail === undefined || entry.detail === "" ? "" : `<div style="${FONT};font-size:13px;color:${COLORS.muted};margin-top:2px">${cell(entry.detail)}</div>`;
      return `<tr><td style="${FONT};color:${COLORS.text};padding:6px 0;border-bottom:1px solid ${COLORS.border};${WRAP}"><b>${escapeHtml(entry.title)}</b>${badgeHtml}${detail}</td></tr>`;
    })
    .join("");
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;margin:0 0 12px 0">${rows}</table>`;
}

export function list(items: Cell[]): string {
  return `<ul style="${FONT};color:${COLORS.text};margin:0 0 12px 0;padding-left:20px;${WRAP}">${items.map((item) => `<li style="margin:0 0 4px 0">${cell(item)}</li>`).join("")}</ul>`;
}

export function badge(text: string, color: string = COLORS.warn, background: string = COLORS.warnBg): Html {
  return raw(`<span style="${FONT};font-size:12px;font-weight:bold;color:${color};background:${background};padding:1px 6px;border-radius:3px">${escapeHtml(text)}</span>`);
}

export function link(href: string, text: string): Html {
  return raw(`<a href="${escapeHtml(href)}" style="color:${COLORS.accent};font-weight:bold">${escapeHtml(text)}</a>`);
}

/** Key figures per row: three boxes fit a 360 px screen with their labels whole. */
const FIGURES_PER_ROW = 3;

/** The key figures as boxes, three to a row. */
export function figures(entries: { label: string; value: number; warn?: boolean }[]): string {
  const box = (entry: (typeof entries)[number]) =>
    `<td align="center" valign="top" width="${Math.floor(100 / FIGURES_PER_ROW)}%" style="${FONT};border:1px solid ${COLORS.border};padding:8px 4px;background:${entry.warn && entry.value > 0 ? COLORS.warnBg : "#ffffff"}">` +
    `<div style="font-size:22px;font-weight:bold;color:${entry.warn && entry.value > 0 ? COLORS.warn : COLORS.accent}">${entry.value}</div>` +
    `<div style="font-size:12px;color:${COLORS.muted}">${escapeHtml(entry.label)}</div></td>`;
  const rows: string[] = [];
  for (let start = 0; start < entries.length; start += FIGURES_PER_ROW) {
    const row = entries.slice(start, start + FIGURES_PER_ROW);
    const filler = FIGURES_PER_ROW - row.length;
    rows.push(`<tr>${row.map(box).join("")}${filler > 0 ? `<td colspan="${filler}"></td>` : ""}</tr>`);
  }
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;margin:8px 0 12px 0">${rows.join("")}</table>`;
}

/** The widest the column grows; below it, it takes the screen's width (360 px phones included). */
export const PAGE_MAX_WIDTH = 600;

/**
 * The whole document: one centred column, no stylesheet, no images. The column is fluid up to
 * PAGE_MAX_WIDTH; Outlook on Windows ignores max-width, so a conditional table holds it there.
 */
export function page(title: string, body: string): string {
  return (
    `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f5f7fa"><table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="background:#f5f7fa"><tr><td align="center" style="padding:12px 8px">` +
    `<!--[if mso]><table role="presentation" cellpadding="0" cellspacing="0" border="0" width="${PAGE_MAX_WIDTH}"><tr><td><![endif]-->` +
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="width:100%;max-width:${PAGE_MAX_WIDTH}px;background:#ffffff;border:1px solid ${COLORS.border}"><tr><td style="padding:16px;${FONT};color:${COLORS.text};${WRAP}">` +
    `<div style="${FONT};font-size:12px;color:${COLORS.muted};text-transform:uppercase;letter-spacing:1px">Laboratorium Inovasi Kota Probolinggo</div>` +
    `<h1 style="${FONT};font-size:20px;color:${COLORS.text};margin:4px 0 16px 0">${escapeHtml(title)}</h1>` +
    body +
    `</td></tr></table>` +
    `<!--[if mso]></td></tr></table><![endif]-->` +
    `</td></tr></table></body></html>`
  );
}
