// Where things sit on the "Dasbor" tab, and what is written there: a title, five charts in
// two columns, and below them the tables the charts read, side by side with a blank column
// between (room for staff notes). Tables that grow (one row per unit) have a fixed height of
// RESERVED_ROWS; what they do not fill is written blank, so rows left by a unit that dropped
// out never linger. Pure: the values and the chart specs, given the tab's sheetId.
import type { sheets_v4 } from "@googleapis/sheets";
import { columnLetter, quoteTab } from "../layout/columns.js";
import { STAGE_ORDER } from "../../src/model/stages.js";
import { STAGES } from "../../src/model/vocabulary.js";
import { displayDate } from "../../src/model/time.js";
import type { DashboardFigures, LabelledCount } from "./figures.js";
import { DASHBOARD_WORDS as WORDS } from "./words.js";

export const DASHBOARD_TAB = WORDS.tab;

/** Rows a growing table may use (one per unit); past it, the rest are summed on the last row. */
export const RESERVED_ROWS = 100;

// Charts: 600 x 371 pixels (Google's default size) is about 6 columns of 100 and 18 rows of 21.
const CHART_FIRST_ROW = 4;
const CHART_ROW_STEP = 19;
const CHART_COLUMN_STEP = 7;
const CHART_SIZE = { widthPixels: 600, heightPixels: 371 };

/** 0-based row of the caption above the tables, and of their header row. */
export const DATA_CAPTION_ROW = CHART_FIRST_ROW + 3 * CHART_ROW_STEP + 1;
export const DATA_HEADER_ROW = DATA_CAPTION_ROW + 1;

export type ChartKey = "perStage" | "perUnit" | "stalled" | "overdue" | "readiness";

interface Block {
  key: ChartKey;
  column: number;
  width: number;
  /** Data rows below the header (fixed tables: exactly their length). */
  rows: number;
}

const BLOCKS: Block[] = [
  { key: "perStage", column: 0, width: 2, rows: STAGE_ORDER.length },
  { key: "perUnit", column: 3, width: 1 + STAGE_ORDER.length, rows: RESERVED_ROWS },
  { key: "stalled", column: 11, width: 2, rows: 4 },
  { key: "overdue", column: 14, width: 2, rows: RESERVED_ROWS },
  { key: "readiness", column: 17, width: 2, rows: RESERVED_ROWS },
];

/** The grid the tab needs: every table's last row and column. */
export const DASHBOARD_GRID = {
  rowCount: DATA_HEADER_ROW + 1 + RESERVED_ROWS,
  columnCount: Math.max(...BLOCKS.map((block) => block.column + block.width)),
};

/** The area of the tables, protected with a warning (staff may still type there after confirming). */
export const DATA_AREA = { startRowIndex: DATA_CAPTION_ROW, endRowIndex: DASHBOARD_GRID.rowCount, startColumnIndex: 0, endColumnIndex: DASHBOARD_GRID.columnCount };

type Cell = string | number;

const a1 = (row: number, column: number) => `${columnLetter(column)}${row + 1}`;
const rangeOf = (row: number, column: number, height: number, width: number) =>
  `${quoteTab(DASHBOARD_TAB)}!${a1(row, column)}:${a1(row + height - 1, column + width - 1)}`;

/** How the rows past a growing table's height are put on its last row: counts add up, scores average. */
type Combine = "sum" | "mean";

/** A growing table cut to its reserved rows: the rows past it combined into "Unit lainnya (n)". */
function fitted(rows: Cell[][], reserved: number, combine: Combine): Cell[][] {
  if (rows.length <= reserved) return rows;
  const kept = rows.slice(0, reserved - 1);
  const rest = rows.slice(reserved - 1);
  const combined = rest[0]!.slice(1).map((_, index): Cell => {
    const numbers = rest.map((row) => row[index + 1]).filter((cell): cell is number => typeof cell === "number");
    const sum = numbers.reduce((total, value) => total + value, 0);
    if (combine === "sum") return sum;
    return numbers.length === 0 ? "" : Math.round((sum / numbers.length) * 100) / 100;
  });
  return [...kept, [WORDS.otherUnits(rest.length), ...combined]];
}

function table(block: Block, header: Cell[], rows: Cell[][], combine: Combine = "sum"): { range: string; values: Cell[][] } {
  const body = fitted(rows, block.rows, combine);
  const blank = Array.from({ length: block.rows - body.length }, () => Array.from({ length: block.width }, () => ""));
  return { range: rangeOf(DATA_HEADER_ROW, block.column, 1 + block.rows, block.width), values: [header, ...body, ...blank] };
}

/** Two-column rows; a value that does not exist (a unit not scored yet) is a blank cell, not 0. */
const pairs = (rows: LabelledCount[] | [string, number | null][]): Cell[][] => rows.map(([label, value]) => [label, value ?? ""]);
const blockOf = (key: ChartKey) => BLOCKS.find((block) => block.key === key)!;

/** Every range labinov writes on the tab, for one values.batchUpdate (RAW). */
export function dashboardValues(figures: DashboardFigures): { range: string; values: Cell[][] }[] {
  return [
    { range: rangeOf(0, 0, 3, 2), values: [[WORDS.title, ""], [WORDS.dataAsOf, displayDate(figures.asOf)], [WORDS.note(DATA_HEADER_ROW + 1), ""]] },
    { range: rangeOf(DATA_CAPTION_ROW, 0, 1, 1), values: [[WORDS.dataCaption]] },
    table(blockOf("perStage"), [...WORDS.perStage.headers], pairs(figures.perStage)),
    table(blockOf("perUnit"), [WORDS.perUnit.unit, ...STAGE_ORDER.map((stage) => STAGES[stage])], figures.perUnit.map((row) => [row.unit, ...row.counts])),
    table(blockOf("stalled"), [...WORDS.stalled.headers], pairs(figures.stalled)),
    table(blockOf("overdue"), [...WORDS.overdue.headers], pairs(figures.overdue)),
    table(blockOf("readiness"), WORDS.readiness.headers(figures.readiness.maxScore), pairs(figures.readiness.rows), "mean"),
  ];
}

interface ChartDef {
  key: ChartKey;
  title: string;
  type: "COLUMN" | "BAR";
  stacked: boolean;
  axis: string;
}

const CHARTS: ChartDef[] = [
  { key: "perStage", title: WORDS.perStage.title, type: "COLUMN", stacked: false, axis: WORDS.perStage.axis },
  { key: "perUnit", title: WORDS.perUnit.title, type: "BAR", stacked: true, axis: WORDS.perUnit.axis },
  { key: "stalled", title: WORDS.stalled.title, type: "COLUMN", stacked: false, axis: WORDS.stalled.axis },
  { key: "overdue", title: WORDS.overdue.title, type: "BAR", stacked: false, axis: WORDS.overdue.axis },
  { key: "readiness", title: WORDS.readiness.title, type: "BAR", stacked: false, axis: WORDS.readiness.axis },
];

export const CHART_KEYS: ChartKey[] = CHARTS.map((chart) => chart.key);

export function chartTitle(key: ChartKey): string {
  return CHARTS.find((chart) => chart.key === key)!.title;
}

/**
 * A basic chart over one table: its first column is the domain, the others are series, the
 * header row names them (headerCount 1). Bar charts take their values on the bottom axis (v4
 * reference, BasicChartSeries.targetAxis: "BAR charts ... BOTTOM_AXIS").
 */
export function chartSpec(key: ChartKey, sheetId: number): sheets_v4.Schema$ChartSpec {
  const chart = CHARTS.find((candidate) => candidate.key === key)!;
  const block = blockOf(key);
  const column = (index: number): sheets_v4.Schema$ChartData => ({
    sourceRange: { sources: [{ sheetId, startRowIndex: DATA_HEADER_ROW, endRowIndex: DATA_HEADER_ROW + 1 + block.rows, startColumnIndex: index, endColumnIndex: index + 1 }] },
  });
  const valueAxis = chart.type === "BAR" ? "BOTTOM_AXIS" : "LEFT_AXIS";
  const series = Array.from({ length: block.width - 1 }, (_, index) => ({ series: column(block.column + 1 + index), targetAxis: valueAxis }));
  return {
    title: chart.title,
    basicChart: {
      chartType: chart.type,
      legendPosition: series.length > 1 ? "BOTTOM_LEGEND" : "NO_LEGEND",
      headerCount: 1,
      axis: [{ position: valueAxis, title: chart.axis }],
      domains: [{ domain: column(block.column) }],
      series,
      ...(chart.stacked ? { stackedType: "STACKED" } : {}),
    },
  };
}

/** Charts in two columns from row 5, in the order of CHARTS. */
export function chartPosition(key: ChartKey, sheetId: number): sheets_v4.Schema$EmbeddedObjectPosition {
  const index = CHART_KEYS.indexOf(key);
  return {
    overlayPosition: {
      anchorCell: { sheetId, rowIndex: CHART_FIRST_ROW + Math.floor(index / 2) * CHART_ROW_STEP, columnIndex: (index % 2) * CHART_COLUMN_STEP },
      ...CHART_SIZE,
    },
  };
}
