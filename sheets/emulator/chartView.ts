// The charts of a tab drawn on the /view page, simply enough to check them by eye: each chart's
// title and one horizontal bar per category, read from the chart's own source ranges (a basic
// chart's domain and series; a pie chart's domain and series), so a chart shows what its ranges
// hold now. Stacked charts stack their series; others draw them side by side.
import { computeCell, sheetById, type Json, type JsonObject, type SheetState, type SpreadsheetState } from "./model.js";
import { formatComputed } from "./values.js";

const COLOURS = ["#4285f4", "#ea4335", "#fbbc04", "#34a853", "#ff6d01", "#46bdc6", "#7b1fa2", "#9e9e9e"];
const LABEL_WIDTH = 230;
const BAR_AREA = 360;
const BAR_HEIGHT = 16;

const escapeHtml = (s: string): string =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

const isObject = (value: Json | undefined): value is JsonObject => value !== null && typeof value === "object" && !Array.isArray(value);

/** The cells of a ChartData's first source range, top to bottom (a column-shaped range). */
function sourceCells(book: SpreadsheetState, data: Json | undefined): { text: string; number: number }[] {
  const source = isObject(data) && isObject(data.sourceRange) && Array.isArray(data.sourceRange.sources) ? data.sourceRange.sources[0] : undefined;
  if (!isObject(source)) return [];
  const sheet = sheetById(book, (source.sheetId as number | undefined) ?? 0);
  if (!sheet) return [];
  const start = (source.startRowIndex as number | undefined) ?? 0;
  const end = Math.min((source.endRowIndex as number | undefined) ?? sheet.rows.length, sheet.rows.length);
  const column = (source.startColumnIndex as number | undefined) ?? 0;
  const cells: { text: string; number: number }[] = [];
  for (let row = start; row < end; row++) {
    const value = computeCell(book, sheet, row, column);
    cells.push({ text: value === undefined ? "" : formatComputed(value, sheet.rows[row]?.[column]?.input.numberFormat), number: typeof value === "number" ? value : 0 });
  }
  return cells;
}

interface Drawn {
  categories: string[];
  /** Per category: whether any series has a value there (a blank row of values draws no bar and no total). */
  filled: boolean[];
  series: { name: string; values: number[] }[];
  stacked: boolean;
}

/** Categories and series of a basic or pie chart; the first `headerCount` rows name the series. */
function chartData(book: SpreadsheetState, spec: JsonObject): Drawn | undefined {
  const basic = isObject(spec.basicChart) ? spec.basicChart : undefined;
  const pie = isObject(spec.pieChart) ? spec.pieChart : undefined;
  if (!basic && !pie) return undefined;
  const headers = basic ? ((basic.headerCount as number | undefined) ?? 0) : 0;
  const domainData = basic ? (Array.isArray(basic.domains) && isObject(basic.domains[0]) ? basic.domains[0].domain : undefined) : pie!.domain;
  const seriesData = basic ? (Array.isArray(basic.series) ? basic.series.map((s) => (isObject(s) ? s.series : undefined)) : []) : [pie!.series];
  const domain = sourceCells(book, domainData);
  const series = seriesData.map((data) => sourceCells(book, data));
  const categories: string[] = [];
  const filled: boolean[] = [];
  const values = series.map(() => [] as number[]);
  for (let row = headers; row < domain.length; row++) {
    const label = domain[row]!.text;
    // Blank rows below the data (a range left room to grow) are not categories.
    if (label === "" && series.every((cells) => (cells[row]?.text ?? "") === "")) continue;
    categories.push(label);
    filled.push(series.some((cells) => (cells[row]?.text ?? "") !== ""));
    series.forEach((cells, i) => values[i]!.push(cells[row]?.number ?? 0));
  }
  return {
    categories,
    filled,
    series: series.map((cells, i) => ({ name: headers > 0 ? (cells[0]?.text ?? "") : `Seri ${i + 1}`, values: values[i]! })),
    stacked: basic?.stackedType === "STACKED" || basic?.stackedType === "PERCENT_STACKED",
  };
}

function svgBars(drawn: Drawn): string {
  const per = drawn.stacked ? 1 : drawn.series.length;
  const rowHeight = Math.max(BAR_HEIGHT, per * 8) + 6;
  const totals = drawn.categories.map((_, i) => (drawn.stacked ? drawn.series.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0) : Math.max(0, ...drawn.series.map((s) => s.values[i] ?? 0))));
  const max = Math.max(1, ...totals);
  const scale = BAR_AREA / max;
  const height = drawn.categories.length * rowHeight + 4;
  const parts: string[] = [];
  drawn.categories.forEach((category, i) => {
    const y = i * rowHeight + 2;
    parts.push(`<text x="${LABEL_WIDTH - 6}" y="${y + rowHeight / 2 + 4}" text-anchor="end">${escapeHtml(category.length > 28 ? `${category.slice(0, 27)}…` : category)}</text>`);
    if (!drawn.filled[i]) return;
    let x = LABEL_WIDTH;
    drawn.series.forEach((series, s) => {
      const value = Math.max(0, series.values[i] ?? 0);
      const width = value * scale;
      const colour = COLOURS[s % COLOURS.length]!;
      const title = `<title>${escapeHtml(`${category} · ${series.name}: ${value}`)}</title>`;
      if (drawn.stacked) {
        if (width > 0) parts.push(`<rect class="bar" data-series="${s}" data-value="${value}" x="${x}" y="${y + 2}" width="${width}" height="${rowHeight - 6}" fill="${colour}">${title}</rect>`);
        x += width;
      } else {
        const barHeight = (rowHeight - 6) / per;
        parts.push(`<rect class="bar" data-series="${s}" data-value="${value}" x="${LABEL_WIDTH}" y="${y + 2 + s * barHeight}" width="${width}" height="${barHeight}" fill="${colour}">${title}</rect>`);
      }
    });
    parts.push(`<text x="${LABEL_WIDTH + totals[i]! * scale + 4}" y="${y + rowHeight / 2 + 4}" class="total">${totals[i]}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_WIDTH + BAR_AREA + 50}" height="${height}" font-size="12" font-family="Arial,sans-serif">${parts.join("")}</svg>`;
}

function legend(drawn: Drawn): string {
  if (drawn.series.length < 2) return "";
  const items = drawn.series.map((series, s) => `<span><i style="background:${COLOURS[s % COLOURS.length]}"></i>${escapeHtml(series.name)}</span>`);
  return `<div class="legend">${items.join("")}</div>`;
}

/** The charts placed on a tab, as figures under the grid; "" when it has none. */
export function renderCharts(book: SpreadsheetState, sheet: SheetState, noChartData: string): string {
  const charts = sheet.charts ?? [];
  if (charts.length === 0) return "";
  const figures = charts.map((chart) => {
    const spec = isObject(chart.spec) ? chart.spec : {};
    const title = typeof spec.title === "string" ? spec.title : "";
    const drawn = chartData(book, spec);
    const body = drawn && drawn.categories.length > 0 ? `${legend(drawn)}${svgBars(drawn)}` : `<p class="empty">${escapeHtml(noChartData)}</p>`;
    return `<figure class="chart" data-chart-id="${String(chart.chartId)}"><figcaption>${escapeHtml(title)}</figcaption>${body}</figure>`;
  });
  return `<div class="charts">${figures.join("\n")}</div>`;
}

export const CHART_STYLE = `.charts{display:flex;flex-wrap:wrap;gap:1em;margin:.8em 0}
figure.chart{margin:0;padding:.6em;border:1px solid #dadce0;border-radius:6px;background:#fff}
figure.chart figcaption{font-weight:bold;margin-bottom:.4em}
.legend span{margin-right:.8em;font-size:12px;white-space:nowrap}.legend i{display:inline-block;width:10px;height:10px;margin-right:3px}
figure.chart .empty{color:#5f6368}`;
