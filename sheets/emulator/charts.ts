// Embedded charts: batchUpdate `addChart`, `updateChartSpec` and `deleteEmbeddedObject`, the
// chart kept on the tab it is placed on and listed by spreadsheets.get under `sheets[].charts`.
//
// Shapes from the v4 reference (spreadsheets/charts#EmbeddedChart: {chartId, spec, position};
// spreadsheets/request#AddChartRequest: "The chartId field is optional; if one is not set, an id
// will be randomly generated. (It is an error to specify the ID of an embedded object that
// already exists.)"; AddChartResponse: {chart}). The recorded traffic in ../shared holds no
// chart; what Google stores was read from a real spreadsheets.get answer kept in
// crazy-genius/google_api (src/sheet/mod.rs, test_spreadsheet_decode): the spec gains
// `hiddenDimensionStrategy: SKIP_HIDDEN_ROWS_AND_COLUMNS` and `fontName: Roboto`, sheetId 0 and
// zero offsets are left out (proto3 defaults), and a chart of the default size is 600 x 371
// pixels. Error texts as a fake built against live runs records them (mmedum/google-sheets-mcp,
// internal/gapi/sheetstest/chart.go: "No chart with id", "No embedded object with id", "no chart
// spec", the chart-kind and position messages, 600 x 371 "read off a live reply"); the one for
// a taken id is the emulator's own.
import { newSheetId, type Json, type JsonObject, type SheetState, type SpreadsheetState } from "./model.js";
import { gridRangeJson, type Context, type Handler, type RangeJson } from "./requestContext.js";

const SPEC_DEFAULTS: JsonObject = { hiddenDimensionStrategy: "SKIP_HIDDEN_ROWS_AND_COLUMNS", fontName: "Roboto" };
const DEFAULT_SIZE = { widthPixels: 600, heightPixels: 371 };

const isObject = (value: Json | undefined): value is JsonObject => value !== null && typeof value === "object" && !Array.isArray(value);

/** Every chart of the spreadsheet, with the tab it is on. */
function allCharts(book: SpreadsheetState): { sheet: SheetState; chart: JsonObject }[] {
  return book.sheets.flatMap((sheet) => (sheet.charts ?? []).map((chart) => ({ sheet, chart })));
}

export function findChart(book: SpreadsheetState, chartId: unknown): { sheet: SheetState; chart: JsonObject } | undefined {
  return allCharts(book).find(({ chart }) => chart.chartId === chartId);
}

/** GridRanges inside `sourceRange.sources` written as Google answers them (sheetId 0 left out). */
function normaliseSources(value: Json): Json {
  if (Array.isArray(value)) return value.map(normaliseSources);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = key === "sources" && Array.isArray(child) ? child.map((range) => gridRangeJson(range as RangeJson)) : normaliseSources(child);
  }
  return out;
}

const CHART_KINDS = ["basicChart", "pieChart", "bubbleChart", "candlestickChart", "histogramChart", "orgChart", "treemapChart", "waterfallChart", "scorecardChart"];

function storedSpec(ctx: Context, spec: Json | undefined): JsonObject {
  if (!isObject(spec)) return ctx.fail("no chart spec");
  // Google's wording, its misspelling included.
  if (!CHART_KINDS.some((kind) => spec[kind] !== undefined)) ctx.fail("One of basicChart, pieChart, bubbleChart, candelstickChart, histogramChart, or orgChart must be set on chartSpec.");
  return { ...(normaliseSources(spec) as JsonObject), ...Object.fromEntries(Object.entries(SPEC_DEFAULTS).filter(([key]) => spec[key] === undefined)) };
}

/** The tab a chart goes on and its stored position (EmbeddedObjectPosition: sheetId, overlayPosition or newSheet). */
function placed(ctx: Context, position: Json | undefined): { sheet: SheetState; position: JsonObject } {
  const unset = "One of EmbeddedObjectPosition.overlayPosition or EmbeddedObjectPosition.sheetId must be set";
  if (!isObject(position)) return ctx.fail(unset);
  if (typeof position.sheetId === "number") return { sheet: ctx.sheet(position.sheetId), position: { sheetId: position.sheetId } };
  const overlay = position.overlayPosition;
  if (isObject(overlay) && isObject(overlay.anchorCell)) {
    const anchor = overlay.anchorCell;
    const sheet = ctx.sheet(anchor.sheetId as number | undefined);
    const anchorCell: JsonObject = {};
    if (anchor.sheetId) anchorCell.sheetId = anchor.sheetId;
    if (anchor.rowIndex) anchorCell.rowIndex = anchor.rowIndex;
    if (anchor.columnIndex) anchorCell.columnIndex = anchor.columnIndex;
    const stored: JsonObject = { anchorCell };
    if (overlay.offsetXPixels) stored.offsetXPixels = overlay.offsetXPixels;
    if (overlay.offsetYPixels) stored.offsetYPixels = overlay.offsetYPixels;
    stored.widthPixels = (overlay.widthPixels as number | undefined) ?? DEFAULT_SIZE.widthPixels;
    stored.heightPixels = (overlay.heightPixels as number | undefined) ?? DEFAULT_SIZE.heightPixels;
    return { sheet, position: { overlayPosition: stored } };
  }
  // newSheet (a chart on a tab of its own) is not modelled: say so rather than guess.
  if (position.newSheet === true) return ctx.fail("the emulator models chart positions by overlayPosition or sheetId only.");
  return ctx.fail(unset);
}

export const chartHandlers: Record<string, Handler> = {
  addChart(ctx, body) {
    const requested = isObject(body.chart) ? body.chart : {};
    const chartId = (requested.chartId as number | undefined) ?? newSheetId();
    if (findChart(ctx.book, chartId)) return ctx.fail(`An embedded object with id ${chartId} already exists.`);
    const spec = storedSpec(ctx, requested.spec);
    const { sheet, position } = placed(ctx, requested.position);
    const chart: JsonObject = { chartId, spec, position };
    (sheet.charts ??= []).push(chart);
    return { addChart: { chart: structuredClone(chart) } };
  },
  updateChartSpec(ctx, body) {
    // "Updates a chart's specifications. (This does not move or resize a chart.)"
    const found = findChart(ctx.book, body.chartId);
    if (!found) return ctx.fail(`No chart with id: ${String(body.chartId)}`);
    found.chart.spec = storedSpec(ctx, body.spec);
    return undefined;
  },
  deleteEmbeddedObject(ctx, body) {
    const found = findChart(ctx.book, body.objectId);
    if (!found) return ctx.fail(`No embedded object with id: ${String(body.objectId)}`);
    found.sheet.charts = (found.sheet.charts ?? []).filter((chart) => chart !== found.chart);
    return undefined;
  },
};
