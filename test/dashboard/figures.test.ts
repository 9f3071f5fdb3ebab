// The dashboard's figures and what is written for them (pure): live innovations per stage and
// per unit, stalled innovations by age band, overdue action items per unit, estimated IID
// readiness per unit; the tab's ranges (growing tables padded blank, cut with "Unit lainnya")
// and the chart specs over them.
import { describe, expect, it } from "vitest";
import { shippedIndicators } from "../../src/iid/indicators.js";
import { cityReadiness, type EvidenceInput } from "../../src/iid/scoring.js";
import { FIGURE_FIELDS } from "../../sheets/dashboard/refresh.js";
import { keptFields } from "../../sheets/sync/records.js";
import { innovationRecord, unitRecord, type Innovation, type Unit } from "../../src/model/schemas.js";
import { tahapanForStage } from "../../src/model/stages.js";
import type { Stage } from "../../src/model/vocabulary.js";
import { dashboardFigures, type DashboardFigures, type DashboardInput } from "../../sheets/dashboard/figures.js";
import { chartPosition, chartSpec, dashboardValues, DATA_HEADER_ROW, RESERVED_ROWS } from "../../sheets/dashboard/layout.js";

const TODAY = "2026-11-29";
const META = { version: 1, createdAt: "2026-01-05T03:00:00.000Z", updatedAt: "2026-01-05T03:00:00.000Z", updatedBy: "tester", source: "api" };
const INDICATORS = shippedIndicators(2026);

function unit(id: string, name: string): Unit {
  return unitRecord.parse({ id, name, kind: "opd", ...META });
}

function innovation(id: string, unitId: string, stage: Stage, since: string, extra: Record<string, unknown> = {}): Innovation {
  return innovationRecord.parse({
    id,
    name: `Inovasi ${id}`,
    unitId,
    initiator: "opd",
    stage,
    stageHistory: [{ stage, start: since, finish: null, output: "", note: "" }],
    tahapan: tahapanForStage(stage),
    jenis: "digital",
    bentuk: "pelayanan_publik",
    ...META,
    ...extra,
  });
}

/** Evidence at each indicator's best option, with a link: the guide's whole score. */
function fullEvidence(innovationId: string): EvidenceInput[] {
  return INDICATORS.indicators.map((indicator) => {
    const best = [...indicator.options].sort((a, b) => b.value - a.value)[0]!;
    return { innovationId, indicator: indicator.key, option: best.key, link: `https://drive.example/${innovationId}/${indicator.key}` };
  });
}

function input(innovations: Innovation[], extra: Partial<DashboardInput> = {}): DashboardInput {
  const units = [unit("dinkes", "Dinas Kesehatan P2KB"), unit("kanigaran", "Kecamatan Kanigaran"), unit("bappeda", "Bappedalitbang")];
  return { today: TODAY, units, innovations, stalledAfterDays: 30, indicators: INDICATORS, evidence: [], ...extra };
}

const daysAgo = (days: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

describe("dashboardFigures", () => {
  it("counts live innovations per stage (labels from the vocabulary) and per unit by name, archived ones left out", () => {
    const figures = dashboardFigures(
      input([
        innovation("a", "dinkes", "design", daysAgo(3)),
        innovation("b", "dinkes", "design", daysAgo(3)),
        innovation("c", "kanigaran", "deliver", daysAgo(3)),
        innovation("d", "bappeda", "drum_up", daysAgo(3), { status: "diarsipkan", statusBeforeArchive: "aktif" }),
      ]),
    );
    expect(figures.perStage).toEqual([["Drum-up", 0], ["Diagnose", 0], ["Design", 2], ["Deliver", 1], ["Display", 0], ["Dokumentasi", 0]]);
    expect(figures.perUnit).toEqual([
      { unit: "Dinas Kesehatan P2KB", counts: [0, 0, 2, 0, 0, 0] },
      { unit: "Kecamatan Kanigaran", counts: [0, 0, 0, 1, 0, 0] },
    ]);
  });

  it("puts stalled innovations in age bands from STALLED_AFTER_DAYS; postponed or younger ones are not stalled", () => {
    const figures = dashboardFigures(
      input([
        innovation("d29", "dinkes", "diagnose", daysAgo(29)),
        innovation("d30", "dinkes", "diagnose", daysAgo(30)),
        innovation("d59", "dinkes", "diagnose", daysAgo(59)),
        innovation("d60", "dinkes", "diagnose", daysAgo(60)),
        innovation("d100", "dinkes", "diagnose", daysAgo(100)),
        innovation("d180", "dinkes", "diagnose", daysAgo(180)),
        innovation("paused", "dinkes", "diagnose", daysAgo(400), { status: "ditunda" }),
      ]),
    );
    expect(figures.stalled).toEqual([["30–59 hari", 2], ["60–89 hari", 1], ["90–179 hari", 1], ["180 hari atau lebih", 1]]);
    const weekly = dashboardFigures(input([innovation("d20", "dinkes", "diagnose", daysAgo(20))], { stalledAfterDays: 14 }));
    expect(weekly.stalled[0]).toEqual(["14–27 hari", 1]);
  });

  it("counts action items past their due date and not done, per unit, most first", () => {
    const item = (dueDate: string, status = "belum") => ({ activity: `Kegiatan ${dueDate}`, personInCharge: "Rina", dueDate, status });
    const figures = dashboardFigures(
      input([
        innovation("a", "kanigaran", "design", daysAgo(3), { actionPlan: [item(daysAgo(1)), item(daysAgo(40), "berjalan"), item(daysAgo(2), "selesai"), item(TODAY)] }),
        innovation("b", "dinkes", "design", daysAgo(3), { actionPlan: [item(daysAgo(5))] }),
        innovation("done", "dinkes", "dokumentasi", daysAgo(3), { status: "selesai", actionPlan: [item(daysAgo(5))] }),
        innovation("none", "bappeda", "design", daysAgo(3)),
      ]),
    );
    expect(figures.overdue).toEqual([["Kecamatan Kanigaran", 2], ["Dinas Kesehatan P2KB", 1]]);
  });

  it("gives each unit its estimated IID score: the mean over its innovations the guide scores, none for a unit with none scored yet", () => {
    const figures = dashboardFigures(
      input([innovation("full", "dinkes", "display", daysAgo(3)), innovation("bare", "dinkes", "deliver", daysAgo(3)), innovation("young", "kanigaran", "design", daysAgo(3))], {
        evidence: fullEvidence("full"),
      }),
    );
    expect(figures.readiness).toEqual({ maxScore: 111, rows: [["Dinas Kesehatan P2KB", 55.5], ["Kecamatan Kanigaran", null]] });
  });

  it("are the same from records kept as only the fields the dashboard reads (FIGURE_FIELDS), and score units as the IID reports do", () => {
    const item = (dueDate: string, status = "belum") => ({ activity: `Kegiatan ${dueDate}`, personInCharge: "Rina", dueDate, status });
    const innovations = [
      innovation("full", "dinkes", "display", daysAgo(45), { actionPlan: [item(daysAgo(1)), item(daysAgo(9), "selesai")], createdAt: "2026-11-28T17:30:00.000Z" }),
      innovation("bare", "dinkes", "deliver", daysAgo(100), { description: "panjang ".repeat(200) }),
      innovation("young", "kanigaran", "design", daysAgo(3), { actionPlan: [item(daysAgo(5))] }),
      innovation("half", "kanigaran", "display", daysAgo(200), { status: "ditunda" }),
      innovation("gone", "bappeda", "deliver", daysAgo(3), { status: "diarsipkan", statusBeforeArchive: "aktif" }),
    ];
    const evidence = [...fullEvidence("full"), ...fullEvidence("half").slice(0, 4), { ...fullEvidence("bare")[0]!, status: "diarsipkan" }];
    const whole = input(innovations, { evidence });
    const kept = input(innovations.map(keptFields<Innovation>(FIGURE_FIELDS.innovations)), { evidence: evidence.map(keptFields<EvidenceInput>(FIGURE_FIELDS.iidEvidence)) });
    const figures = dashboardFigures(whole);
    expect(dashboardFigures(kept)).toEqual(figures);
    expect(figures.overdue).toEqual([["Dinas Kesehatan P2KB", 1], ["Kecamatan Kanigaran", 1]]);
    const reports = cityReadiness(INDICATORS, ["dinkes", "kanigaran"], innovations, evidence).units;
    expect(figures.readiness.rows).toEqual(reports.map((unit) => [unit.unitId === "dinkes" ? "Dinas Kesehatan P2KB" : "Kecamatan Kanigaran", unit.innovationsScored > 0 ? unit.estimatedScore : null]));
  });
});

const FIGURES: DashboardFigures = {
  asOf: TODAY,
  perStage: [["Drum-up", 1], ["Diagnose", 0], ["Design", 0], ["Deliver", 0], ["Display", 0], ["Dokumentasi", 0]],
  perUnit: [{ unit: "Dinas Kesehatan P2KB", counts: [1, 0, 0, 0, 0, 0] }],
  stalled: [["30–59 hari", 0], ["60–89 hari", 0], ["90–179 hari", 0], ["180 hari atau lebih", 0]],
  overdue: [],
  readiness: { maxScore: 100, rows: [["Dinas Kesehatan P2KB", 0]] },
};

describe("dashboardValues", () => {
  it("writes the title, the date in Indonesian, and each table at its place with blank rows below to its reserved height", () => {
    const ranges = dashboardValues(FIGURES);
    expect(ranges.map((range) => range.range)).toEqual([
      "'Dasbor'!A1:B3",
      `'Dasbor'!A${DATA_HEADER_ROW}:A${DATA_HEADER_ROW}`,
      `'Dasbor'!A${DATA_HEADER_ROW + 1}:B${DATA_HEADER_ROW + 7}`,
      `'Dasbor'!D${DATA_HEADER_ROW + 1}:J${DATA_HEADER_ROW + 1 + RESERVED_ROWS}`,
      `'Dasbor'!L${DATA_HEADER_ROW + 1}:M${DATA_HEADER_ROW + 5}`,
      `'Dasbor'!O${DATA_HEADER_ROW + 1}:P${DATA_HEADER_ROW + 1 + RESERVED_ROWS}`,
      `'Dasbor'!R${DATA_HEADER_ROW + 1}:S${DATA_HEADER_ROW + 1 + RESERVED_ROWS}`,
    ]);
    expect(ranges[0]!.values[1]).toEqual(["Data per", "29 November 2026"]);
    const perUnit = ranges[3]!.values;
    expect(perUnit[0]).toEqual(["Unit", "Drum-up", "Diagnose", "Design", "Deliver", "Display", "Dokumentasi"]);
    expect(perUnit[1]).toEqual(["Dinas Kesehatan P2KB", 1, 0, 0, 0, 0, 0]);
    expect(perUnit).toHaveLength(1 + RESERVED_ROWS);
    expect(perUnit[2]).toEqual(["", "", "", "", "", "", ""]);
    expect(ranges[5]!.values.slice(1).every((row) => row.every((cell) => cell === ""))).toBe(true);
  });

  it("sums the units past the reserved rows on its last row, so no innovation drops out of the chart", () => {
    const many = Array.from({ length: RESERVED_ROWS + 5 }, (_, index) => ({ unit: `Kelurahan ${String(index).padStart(3, "0")}`, counts: [1, 2, 0, 0, 0, 0] }));
    const values = dashboardValues({ ...FIGURES, perUnit: many })[3]!.values;
    expect(values).toHaveLength(1 + RESERVED_ROWS);
    expect(values[RESERVED_ROWS - 1]).toEqual(["Kelurahan 098", 1, 2, 0, 0, 0, 0]);
    expect(values[RESERVED_ROWS]).toEqual(["Unit lainnya (6)", 6, 12, 0, 0, 0, 0]);
  });

  it("averages the scores of the units past the reserved rows, and leaves a unit not scored yet blank", () => {
    const rows: [string, number | null][] = Array.from({ length: RESERVED_ROWS + 2 }, (_, index) => [`Unit ${String(index).padStart(3, "0")}`, index < RESERVED_ROWS - 1 ? 10 : null]);
    rows[RESERVED_ROWS] = ["Unit 100", 40];
    rows[RESERVED_ROWS + 1] = ["Unit 101", 20];
    const values = dashboardValues({ ...FIGURES, readiness: { maxScore: 100, rows } })[6]!.values;
    expect(values[1]).toEqual(["Unit 000", 10]);
    expect(values[RESERVED_ROWS]).toEqual(["Unit lainnya (3)", 30]);
    const blank = dashboardValues({ ...FIGURES, readiness: { maxScore: 100, rows: [["Kelurahan Jati", null]] } })[6]!.values;
    expect(blank[1]).toEqual(["Kelurahan Jati", ""]);
  });
});

describe("chart specs", () => {
  it("a stacked bar chart of units by stage over the whole reserved table, header row naming the series", () => {
    const spec = chartSpec("perUnit", 77);
    expect(spec.title).toBe("Inovasi per unit dan tahap");
    const basic = spec.basicChart!;
    expect(basic).toMatchObject({ chartType: "BAR", stackedType: "STACKED", headerCount: 1, legendPosition: "BOTTOM_LEGEND" });
    expect(basic.domains![0]!.domain!.sourceRange!.sources).toEqual([{ sheetId: 77, startRowIndex: DATA_HEADER_ROW, endRowIndex: DATA_HEADER_ROW + 1 + RESERVED_ROWS, startColumnIndex: 3, endColumnIndex: 4 }]);
    expect(basic.series!.map((series) => [series.series!.sourceRange!.sources![0]!.startColumnIndex, series.targetAxis])).toEqual([4, 5, 6, 7, 8, 9].map((column) => [column, "BOTTOM_AXIS"]));
  });

  it("a column chart per stage on the left axis, and charts placed in two columns above the tables", () => {
    expect(chartSpec("perStage", 5).basicChart).toMatchObject({ chartType: "COLUMN", legendPosition: "NO_LEGEND", series: [{ targetAxis: "LEFT_AXIS" }] });
    const anchors = (["perStage", "perUnit", "stalled", "overdue", "readiness"] as const).map((key) => chartPosition(key, 5).overlayPosition!.anchorCell);
    expect(anchors.map((cell) => [cell!.rowIndex, cell!.columnIndex])).toEqual([[4, 0], [4, 7], [23, 0], [23, 7], [42, 0]]);
    expect(Math.max(...anchors.map((cell) => cell!.rowIndex!)) + 18).toBeLessThan(DATA_HEADER_ROW - 1);
  });
});
