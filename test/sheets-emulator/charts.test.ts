// Embedded charts through the official googleapis client over HTTP: addChart answers the chart
// as stored (chartId, spec with Google's defaults, position), spreadsheets.get lists it under
// sheets[].charts, updateChartSpec replaces the spec, deleteEmbeddedObject removes it, unknown
// or taken ids fail the whole batch, and the /view page draws the chart from its ranges.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sheets_v4 } from "@googleapis/sheets";
import { beforeEach, describe, expect, it } from "vitest";
import { startSheetsEmulator } from "../../sheets/emulator/index.js";
import { emulatorForFile } from "./emulatorForFile.js";

const world = emulatorForFile();
let id: string;
let sheetId: number;

function columnChart(title: string, sheet: number): sheets_v4.Schema$ChartSpec {
  const column = (c: number) => ({ sourceRange: { sources: [{ sheetId: sheet, startRowIndex: 0, endRowIndex: 10, startColumnIndex: c, endColumnIndex: c + 1 }] } });
  return {
    title,
    basicChart: { chartType: "COLUMN", legendPosition: "NO_LEGEND", headerCount: 1, domains: [{ domain: column(0) }], series: [{ series: column(1), targetAxis: "LEFT_AXIS" }] },
  };
}

async function batch(requests: sheets_v4.Schema$Request[]) {
  return (await world.sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests } })).data;
}

async function chartsOnTab(): Promise<sheets_v4.Schema$EmbeddedChart[]> {
  const { data } = await world.sheets.spreadsheets.get({ spreadsheetId: id, fields: "sheets(properties.sheetId,charts)" });
  return data.sheets?.find((sheet) => sheet.properties?.sheetId === sheetId)?.charts ?? [];
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: number; message: string; status: string }> {
  try {
    await promise;
  } catch (error) {
    return (error as { response: { data: { error: { code: number; message: string; status: string } } } }).response.data.error;
  }
  throw new Error("expected the request to fail");
}

beforeEach(async () => {
  const created = await world.sheets.spreadsheets.create({ requestBody: { sheets: [{ properties: { title: "Data" } }, { properties: { title: "Dasbor" } }] } });
  id = created.data.spreadsheetId!;
  sheetId = created.data.sheets![1]!.properties!.sheetId!;
  await world.sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: "Dasbor!A1:B4",
    valueInputOption: "RAW",
    requestBody: { values: [["Tahap", "Jumlah"], ["Drum-up", 3], ["Design", 5], ["Deliver", 1]] },
  });
});

describe("addChart", () => {
  it("answers the chart with a generated id, the spec with Google's defaults and the position, and lists it under sheets[].charts", async () => {
    const reply = await batch([
      { addChart: { chart: { spec: columnChart("Inovasi per tahap", sheetId), position: { overlayPosition: { anchorCell: { sheetId, rowIndex: 2, columnIndex: 3 } } } } } },
    ]);
    const chart = reply.replies![0]!.addChart!.chart!;
    expect(chart.chartId).toEqual(expect.any(Number));
    expect(chart.spec).toMatchObject({ title: "Inovasi per tahap", hiddenDimensionStrategy: "SKIP_HIDDEN_ROWS_AND_COLUMNS", fontName: "Roboto" });
    expect(chart.spec!.basicChart!.domains![0]!.domain!.sourceRange!.sources![0]).toEqual({ sheetId, startRowIndex: 0, endRowIndex: 10, startColumnIndex: 0, endColumnIndex: 1 });
    expect(chart.position).toEqual({ overlayPosition: { anchorCell: { sheetId, rowIndex: 2, columnIndex: 3 }, widthPixels: 600, heightPixels: 371 } });
    expect(await chartsOnTab()).toEqual([chart]);
  });

  it("keeps a chosen chartId, and refuses it a second time without applying anything of the batch", async () => {
    const position = { overlayPosition: { anchorCell: { sheetId } } };
    await batch([{ addChart: { chart: { chartId: 4242, spec: columnChart("A", sheetId), position } } }]);
    const error = await errorOf(
      batch([{ updateCells: { range: { sheetId, startRowIndex: 5, endRowIndex: 6, startColumnIndex: 0, endColumnIndex: 1 }, rows: [{ values: [{ userEnteredValue: { stringValue: "x" } }] }], fields: "userEnteredValue" } }, { addChart: { chart: { chartId: 4242, spec: columnChart("B", sheetId), position } } }]),
    );
    expect(error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT", message: "Invalid requests[1].addChart: An embedded object with id 4242 already exists." });
    expect((await chartsOnTab()).map((chart) => chart.spec?.title)).toEqual(["A"]);
    const cell = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Dasbor!A6" });
    expect(cell.data.values).toBeUndefined();
  });

  it("refuses a spec without a chart kind and a chart without a position, in Google's words", async () => {
    const noKind = await errorOf(batch([{ addChart: { chart: { spec: { title: "?" }, position: { overlayPosition: { anchorCell: { sheetId } } } } } }]));
    expect(noKind.message).toBe("Invalid requests[0].addChart: One of basicChart, pieChart, bubbleChart, candelstickChart, histogramChart, or orgChart must be set on chartSpec.");
    const noPosition = await errorOf(batch([{ addChart: { chart: { spec: columnChart("A", sheetId) } } }]));
    expect(noPosition.message).toBe("Invalid requests[0].addChart: One of EmbeddedObjectPosition.overlayPosition or EmbeddedObjectPosition.sheetId must be set");
  });

  it("refuses an anchor on a tab that does not exist", async () => {
    const error = await errorOf(batch([{ addChart: { chart: { spec: columnChart("A", sheetId), position: { overlayPosition: { anchorCell: { sheetId: 999 } } } } } }]));
    expect(error).toMatchObject({ code: 400, message: "Invalid requests[0].addChart: No grid with id: 999" });
  });
});

describe("updateChartSpec and deleteEmbeddedObject", () => {
  it("replaces the spec and keeps the chart where it is; deleting removes it", async () => {
    const position = { overlayPosition: { anchorCell: { sheetId, rowIndex: 1 }, widthPixels: 480, heightPixels: 300 } };
    const chartId = (await batch([{ addChart: { chart: { spec: columnChart("Lama", sheetId), position } } }])).replies![0]!.addChart!.chart!.chartId!;
    const reply = await batch([{ updateChartSpec: { chartId, spec: columnChart("Baru", sheetId) } }]);
    expect(reply.replies).toEqual([{}]);
    const [chart] = await chartsOnTab();
    expect(chart).toMatchObject({ chartId, spec: { title: "Baru" }, position: { overlayPosition: { anchorCell: { sheetId, rowIndex: 1 }, widthPixels: 480, heightPixels: 300 } } });
    await batch([{ deleteEmbeddedObject: { objectId: chartId } }]);
    expect(await chartsOnTab()).toEqual([]);
  });

  it("answers an unknown id with 400 and leaves the spreadsheet as it was", async () => {
    const update = await errorOf(batch([{ updateChartSpec: { chartId: 77, spec: columnChart("X", sheetId) } }]));
    expect(update).toMatchObject({ code: 400, status: "INVALID_ARGUMENT", message: "Invalid requests[0].updateChartSpec: No chart with id: 77" });
    const chartId = (await batch([{ addChart: { chart: { spec: columnChart("Tetap", sheetId), position: { overlayPosition: { anchorCell: { sheetId } } } } } }])).replies![0]!.addChart!.chart!.chartId!;
    const remove = await errorOf(batch([{ deleteEmbeddedObject: { objectId: chartId } }, { deleteEmbeddedObject: { objectId: 78 } }]));
    expect(remove).toMatchObject({ code: 400, message: "Invalid requests[1].deleteEmbeddedObject: No embedded object with id: 78" });
    expect((await chartsOnTab()).map((chart) => chart.chartId)).toEqual([chartId]);
  });

  it("a chart goes with its tab when the tab is deleted", async () => {
    await batch([{ addChart: { chart: { spec: columnChart("A", sheetId), position: { overlayPosition: { anchorCell: { sheetId } } } } } }]);
    await batch([{ deleteSheet: { sheetId } }]);
    const { data } = await world.sheets.spreadsheets.get({ spreadsheetId: id });
    expect(data.sheets!.flatMap((sheet) => sheet.charts ?? [])).toEqual([]);
  });
});

describe("the page draws the chart", () => {
  it("one bar per category from the chart's ranges, blank rows below the data left out", async () => {
    const chartId = (await batch([{ addChart: { chart: { spec: columnChart("Inovasi per tahap", sheetId), position: { overlayPosition: { anchorCell: { sheetId } } } } } }])).replies![0]!.addChart!.chart!.chartId!;
    const html = await (await fetch(`${world.emulator.url}/view/${id}`)).text();
    const figure = new RegExp(`<figure class="chart" data-chart-id="${chartId}">(.*?)</figure>`, "s").exec(html)?.[1] ?? "";
    expect(figure).toContain("<figcaption>Inovasi per tahap</figcaption>");
    expect([...figure.matchAll(/data-value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([3, 5, 1]);
    expect(figure).toContain(">Design</text>");
  });

  it("a category whose values are blank shows its label and no bar", async () => {
    await world.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "Dasbor!A5", valueInputOption: "RAW", requestBody: { values: [["Display"]] } });
    await batch([{ addChart: { chart: { spec: columnChart("Dengan kosong", sheetId), position: { overlayPosition: { anchorCell: { sheetId } } } } } }]);
    const html = await (await fetch(`${world.emulator.url}/view/${id}`)).text();
    expect(html).toContain(">Display</text>");
    expect([...html.matchAll(/data-value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([3, 5, 1]);
  });
});

describe("charts follow their cells", () => {
  it("rows inserted above move the chart's ranges and its anchor down; deleting them moves both back", async () => {
    const position = { overlayPosition: { anchorCell: { sheetId, rowIndex: 3, columnIndex: 3 } } };
    const chartId = (await batch([{ addChart: { chart: { spec: columnChart("A", sheetId), position } } }])).replies![0]!.addChart!.chart!.chartId!;
    const rows = { sheetId, dimension: "ROWS", startIndex: 0, endIndex: 2 };
    await batch([{ insertDimension: { range: rows } }]);
    let [chart] = await chartsOnTab();
    expect(chart!.chartId).toBe(chartId);
    expect(chart!.spec!.basicChart!.domains![0]!.domain!.sourceRange!.sources![0]).toEqual({ sheetId, startRowIndex: 2, endRowIndex: 12, startColumnIndex: 0, endColumnIndex: 1 });
    expect(chart!.position!.overlayPosition!.anchorCell).toEqual({ sheetId, rowIndex: 5, columnIndex: 3 });
    await batch([{ deleteDimension: { range: rows } }]);
    [chart] = await chartsOnTab();
    expect(chart!.spec!.basicChart!.series![0]!.series!.sourceRange!.sources![0]).toEqual({ sheetId, startRowIndex: 0, endRowIndex: 10, startColumnIndex: 1, endColumnIndex: 2 });
    expect(chart!.position!.overlayPosition!.anchorCell).toEqual({ sheetId, rowIndex: 3, columnIndex: 3 });
  });

  it("deleting the column a series reads drops that series; the chart stays", async () => {
    const chartId = (await batch([{ addChart: { chart: { spec: columnChart("A", sheetId), position: { overlayPosition: { anchorCell: { sheetId, columnIndex: 4 } } } } } }])).replies![0]!.addChart!.chart!.chartId!;
    await batch([{ deleteDimension: { range: { sheetId, dimension: "COLUMNS", startIndex: 1, endIndex: 2 } } }]);
    const [chart] = await chartsOnTab();
    expect(chart!.chartId).toBe(chartId);
    expect(chart!.spec!.basicChart!.series).toEqual([]);
    expect(chart!.position!.overlayPosition!.anchorCell).toEqual({ sheetId, columnIndex: 3 });
  });

  it("a chart whose anchor row is deleted sits on the next row; a column inserted on another tab changes nothing", async () => {
    const position = { overlayPosition: { anchorCell: { sheetId, rowIndex: 4 } } };
    await batch([{ addChart: { chart: { spec: columnChart("A", sheetId), position } } }]);
    await batch([{ deleteDimension: { range: { sheetId, dimension: "ROWS", startIndex: 3, endIndex: 6 } } }]);
    expect((await chartsOnTab())[0]!.position!.overlayPosition!.anchorCell).toEqual({ sheetId, rowIndex: 3 });
    await batch([{ insertDimension: { range: { sheetId: 0, dimension: "COLUMNS", startIndex: 0, endIndex: 1 } } }]);
    expect((await chartsOnTab())[0]!.spec!.basicChart!.domains![0]!.domain!.sourceRange!.sources![0]!.startColumnIndex).toBe(0);
  });
});

describe("a persisted emulator", () => {
  it("keeps charts across a restart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sheets-charts-"));
    const persistPath = path.join(dir, "charts.json");
    const client = (url: string) => new sheets_v4.Sheets({ rootUrl: `${url}/`, auth: "k", retry: false } as never);
    try {
      const first = await startSheetsEmulator({ persistPath });
      let spreadsheetId: string;
      let chart: sheets_v4.Schema$EmbeddedChart;
      try {
        const sheets = client(first.url);
        spreadsheetId = (await sheets.spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
        const reply = await sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ addChart: { chart: { spec: columnChart("Tetap ada", 0), position: { overlayPosition: { anchorCell: {} } } } } }] } });
        chart = reply.data.replies![0]!.addChart!.chart!;
      } finally {
        await first.stop();
      }
      const second = await startSheetsEmulator({ persistPath });
      try {
        const { data } = await client(second.url).spreadsheets.get({ spreadsheetId, fields: "sheets.charts" });
        expect(data.sheets![0]!.charts).toEqual([chart]);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
