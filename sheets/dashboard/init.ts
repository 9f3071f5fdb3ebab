// `sheets init` for the city-wide spreadsheet's "Dasbor" tab: the tab (added when missing,
// grown when too small), its five charts (added, or their specs put back when they differ from
// what labinov draws), the tables' area protected with a warning, then today's figures.
// Idempotent: chart ids are kept in `sheetDashboards/<spreadsheetId>` and, should that be lost
// (a crash after the charts were added), charts are found again by title on the tab; a second
// init sends one read and nothing else unless a figure changed.
import type { sheets_v4 } from "@googleapis/sheets";
import { valueHash } from "../sync/hash.js";
import { CHART_KEYS, chartPosition, chartSpec, chartTitle, DASHBOARD_GRID, DASHBOARD_TAB, DATA_AREA, type ChartKey } from "./layout.js";
import { refreshDashboard, type DashboardDeps, type DashboardRefresh } from "./refresh.js";
import { DashboardStore, type DashboardState } from "./store.js";
import { DASHBOARD_WORDS } from "./words.js";

export interface DashboardInitReport {
  createdTab: boolean;
  chartsAdded: number;
  chartsUpdated: number;
  data: DashboardRefresh["status"];
}

type Sheet = sheets_v4.Schema$Sheet;

export async function initDashboard(deps: DashboardDeps, spreadsheetId: string): Promise<DashboardInitReport> {
  const store = new DashboardStore(deps.db);
  const state = await store.get(spreadsheetId);
  const { sheet, created } = await ensureTab(deps, spreadsheetId);
  const sheetId = sheet.properties?.sheetId ?? 0;
  const kept = state?.sheetId === sheetId ? state : null;
  const charts = chartRequests(sheet, kept);
  const grid = gridRequests(sheet);
  const requests = [...grid, ...charts.requests, ...protectionRequests(sheet)];
  if (requests.length > 0) {
    const reply = await deps.caller.call("spreadsheets.batchUpdate", `adding the charts of the dashboard tab of spreadsheet ${spreadsheetId}`, () =>
      deps.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }),
    );
    reply.replies?.forEach((answer, index) => {
      const key = charts.added.get(index - grid.length);
      const chartId = answer.addChart?.chart?.chartId;
      if (key && typeof chartId === "number") charts.ids[key] = { chartId, specHash: valueHash(chartSpec(key, sheetId)) };
    });
  }
  await store.save(spreadsheetId, { tab: DASHBOARD_TAB, sheetId, charts: charts.ids, dataHash: kept?.dataHash ?? null, pausedReason: null });
  const data = await refreshDashboard(deps, spreadsheetId);
  return { createdTab: created, chartsAdded: charts.added.size, chartsUpdated: charts.updated, data: data.status };
}

async function readTab(deps: DashboardDeps, spreadsheetId: string): Promise<Sheet | undefined> {
  const book = await deps.caller.call("spreadsheets.get", `reading the dashboard tab of spreadsheet ${spreadsheetId}`, () =>
    deps.sheets.spreadsheets.get({
      spreadsheetId,
      fields: "sheets(properties(sheetId,title,gridProperties(rowCount,columnCount)),charts(chartId,spec(title)),protectedRanges(protectedRangeId,description))",
    }),
  );
  return book.sheets?.find((candidate) => candidate.properties?.title === DASHBOARD_TAB);
}

async function ensureTab(deps: DashboardDeps, spreadsheetId: string): Promise<{ sheet: Sheet; created: boolean }> {
  const existing = await readTab(deps, spreadsheetId);
  if (existing) return { sheet: existing, created: false };
  const gridProperties = { rowCount: Math.max(1000, DASHBOARD_GRID.rowCount), columnCount: Math.max(26, DASHBOARD_GRID.columnCount) };
  const reply = await deps.caller.call("spreadsheets.batchUpdate", `adding the dashboard tab to spreadsheet ${spreadsheetId}`, () =>
    deps.sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { title: DASHBOARD_TAB, gridProperties } } }] } }),
  );
  const properties = reply.replies?.[0]?.addSheet?.properties;
  if (!properties) throw new Error(`Tab "${DASHBOARD_TAB}" tidak dapat dibuat.`);
  return { sheet: { properties, charts: [], protectedRanges: [] }, created: true };
}

/** Rows or columns added when staff shrank the tab below the tables. */
function gridRequests(sheet: Sheet): sheets_v4.Schema$Request[] {
  const sheetId = sheet.properties?.sheetId ?? 0;
  const grid = sheet.properties?.gridProperties ?? {};
  const requests: sheets_v4.Schema$Request[] = [];
  const rows = DASHBOARD_GRID.rowCount - (grid.rowCount ?? 0);
  const columns = DASHBOARD_GRID.columnCount - (grid.columnCount ?? 0);
  if (rows > 0) requests.push({ appendDimension: { sheetId, dimension: "ROWS", length: rows } });
  if (columns > 0) requests.push({ appendDimension: { sheetId, dimension: "COLUMNS", length: columns } });
  return requests;
}

/**
 * Each chart: kept when its id (or, failing that, its title) is on the tab and its spec is what
 * labinov last sent; its spec sent again when not; added when it is not there. Staff's own
 * charts on the tab are left alone.
 */
function chartRequests(sheet: Sheet, state: DashboardState | null): { requests: sheets_v4.Schema$Request[]; added: Map<number, ChartKey>; updated: number; ids: DashboardState["charts"] } {
  const sheetId = sheet.properties?.sheetId ?? 0;
  const onTab = sheet.charts ?? [];
  const requests: sheets_v4.Schema$Request[] = [];
  const added = new Map<number, ChartKey>();
  const ids: DashboardState["charts"] = {};
  let updated = 0;
  for (const key of CHART_KEYS) {
    const spec = chartSpec(key, sheetId);
    const specHash = valueHash(spec);
    const stored = state?.charts[key];
    const found = onTab.find((chart) => stored !== undefined && chart.chartId === stored.chartId) ?? onTab.find((chart) => chart.spec?.title === chartTitle(key));
    if (found?.chartId != null) {
      if (stored?.chartId !== found.chartId || stored.specHash !== specHash) {
        requests.push({ updateChartSpec: { chartId: found.chartId, spec } });
        updated++;
      }
      ids[key] = { chartId: found.chartId, specHash };
      continue;
    }
    added.set(requests.length, key);
    requests.push({ addChart: { chart: { spec, position: chartPosition(key, sheetId) } } });
  }
  return { requests, added, updated, ids };
}

/** The tables' area, protected with a warning: the figures are labinov's, a direct edit asks first. */
function protectionRequests(sheet: Sheet): sheets_v4.Schema$Request[] {
  if ((sheet.protectedRanges ?? []).some((range) => range.description === DASHBOARD_WORDS.protection)) return [];
  const range = { sheetId: sheet.properties?.sheetId ?? 0, ...DATA_AREA };
  return [{ addProtectedRange: { protectedRange: { range, description: DASHBOARD_WORDS.protection, warningOnly: true } } }];
}
