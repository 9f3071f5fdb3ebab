// Small builders for email HTML that common mail clients render: tables, inline styles,
// no classes, no external images. Every text value passes through escapeHtml.
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

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);
}

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

/**
 * `compact`: tighter cells and smaller text, for a table with many columns (a stage per column)
 * that must still fit a 680 px email where Arial is missing and a wider font stands in.
 */
export function table(headers: string[], rows: Cell[][], alignRight: number[] = [], options: { compact?: boolean } = {}): string {
  const size = options.compact ? "font-size:12px;padding:5px 4px" : "font-size:13px;padding:6px 8px";
  const th = headers
    .map((header, index) => `<th align="${alignRight.includes(index) ? "right" : "left"}" style="${FONT};${size};background:${COLORS.headerBg};border:1px solid ${COLORS.border}">${escapeHtml(header)}</th>`)
    .join("");
  const body = rows
    .map((row) => `<tr>${row.map((value, index) => `<td align="${alignRight.includes(index) ? "right" : "left"}" valign="top" style="${FONT};${size};border:1px solid ${COLORS.border}">${cell(value)}</td>`).join("")}</tr>`)
    .join("");
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;margin:0 0 12px 0"><tr>${th}</tr>${body}</table>`;
}

/** A horizontal bar drawn with table cells (background colours survive in Outlook and Gmail). */
export function bar(fraction: number, color: string = COLORS.bar, widthPx = 160): Html {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * widthPx);
  const rest = widthPx - filled;
  const cells = [
    filled > 0 ? `<td width="${filled}" height="12" bgcolor="${color}" style="background:${color};height:12px;width:${filled}px;font-size:0;line-height:0">&nbsp;</td>` : "",
    rest > 0 ? `<td width="${rest}" height="12" bgcolor="${COLORS.barEmpty}" style="background:${COLORS.barEmpty};height:12px;width:${rest}px;font-size:0;line-height:0">&nbsp;</td>` : "",
  ].join("");
  return raw(`<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="${widthPx}" style="border-collapse:collapse;width:${widthPx}px"><tr>${cells}</tr></table>`);
}

export function list(items: Cell[]): string {
  return `<ul style="${FONT};color:${COLORS.text};margin:0 0 12px 0;padding-left:20px">${items.map((item) => `<li style="margin:0 0 4px 0">${cell(item)}</li>`).join("")}</ul>`;
}

export function badge(text: string, color: string = COLORS.warn, background: string = COLORS.warnBg): Html {
  return raw(`<span style="${FONT};font-size:12px;font-weight:bold;color:${color};background:${background};padding:1px 6px;border-radius:3px">${escapeHtml(text)}</span>`);
}

export function link(href: string, text: string): Html {
  return raw(`<a href="${escapeHtml(href)}" style="color:${COLORS.accent};font-weight:bold">${escapeHtml(text)}</a>`);
}

/** The key figures as a row of boxes. */
export function figures(items: { label: string; value: number; warn?: boolean }[]): string {
  const cells = items
    .map(
      (item) =>
        `<td align="center" valign="top" style="${FONT};border:1px solid ${COLORS.border};padding:8px 6px;background:${item.warn && item.value > 0 ? COLORS.warnBg : "#ffffff"}">` +
        `<div style="font-size:22px;font-weight:bold;color:${item.warn && item.value > 0 ? COLORS.warn : COLORS.accent}">${item.value}</div>` +
        `<div style="font-size:12px;color:${COLORS.muted}">${escapeHtml(item.label)}</div></td>`,
    )
    .join("");
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;margin:8px 0 12px 0"><tr>${cells}</tr></table>`;
}

/** The whole document: one centred column, no stylesheet, no images. */
export function page(title: string, body: string): string {
  return (
    `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f5f7fa"><table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="background:#f5f7fa"><tr><td align="center" style="padding:16px">` +
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="680" style="width:680px;max-width:100%;background:#ffffff;border:1px solid ${COLORS.border}"><tr><td style="padding:20px 24px;${FONT};color:${COLORS.text}">` +
    `<div style="${FONT};font-size:12px;color:${COLORS.muted};text-transform:uppercase;letter-spacing:1px">Laboratorium Inovasi Kota Probolinggo</div>` +
    `<h1 style="${FONT};font-size:20px;color:${COLORS.text};margin:4px 0 16px 0">${escapeHtml(title)}</h1>` +
    body +
    `</td></tr></table></td></tr></table></body></html>`
  );
}
