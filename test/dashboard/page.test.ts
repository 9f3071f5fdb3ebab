// The "Dasbor" tab as a coordinator would look at it, on the emulator's page in headless
// Chromium: a small city is laid out by `sheets init`, the page draws each of the five charts
// from the ranges labinov wrote, and a screenshot goes to test-output/dashboard-page.png.
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { shippedIndicators } from "../../src/iid/indicators.js";
import { todayWib } from "../../src/model/time.js";
import { initTarget } from "../../sheets/init.js";
import { chromiumBrowser } from "../support/inputs.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { addTarget, newSpreadsheet, syncWorldForEachTest } from "../sync/support.js";

const CHROMIUM = chromiumBrowser();
const world = syncWorldForEachTest();
const DAY = 86_400_000;
const ago = (days: number) => ({ now: new Date(Date.now() - days * DAY) });
const dayAgo = (days: number) => todayWib(new Date(Date.now() - days * DAY));

/** Units, innovations at every stage (some stalled, some with overdue action items) and IID evidence. */
async function seedCity(): Promise<void> {
  const s = world.stores;
  await s.units.create("kanigaran", { name: "Kecamatan Kanigaran", kind: "kecamatan" }, testActor);
  await s.units.create("kel-jati", { name: "Kelurahan Jati", kind: "kelurahan" }, testActor);
  const plan = (overdue: number) => Array.from({ length: overdue }, (_, index) => ({ activity: `Kegiatan ${index + 1}`, personInCharge: "Rina", dueDate: dayAgo(5 + index), status: "belum" }));
  const seeds: [string, string, string, number, number][] = [
    ["Si-Pintar", "dinkes", "display", 10, 1],
    ["Kampung KB Digital", "dinkes", "diagnose", 45, 2],
    ["Posyandu Remaja", "dinkes", "drum_up", 200, 0],
    ["Adminduk Keliling", "dispenduk", "deliver", 70, 3],
    ["KTP Sehari Jadi", "dispenduk", "design", 5, 0],
    ["Kanigaran Bersih", "kanigaran", "deliver", 100, 0],
    ["Lapor Sampah", "kanigaran", "drum_up", 3, 1],
    ["Jati Mengaji", "kel-jati", "dokumentasi", 20, 0],
  ];
  for (const [index, [name, unitId, stage, days, overdue]] of seeds.entries()) {
    const history = [{ stage, start: dayAgo(days), finish: null, output: "", note: "" }];
    await s.innovations.create(`INO-PAGE${String(index).padStart(6, "0")}`, innovationFields({ name, unitId, stage, stageHistory: history, actionPlan: plan(overdue) }), testActor, ago(days));
  }
  // Si-Pintar has every indicator backed at its best parameter; Adminduk Keliling has half of them.
  const indicators = shippedIndicators(Number(todayWib().slice(0, 4))).indicators;
  for (const [innovationId, unitId, count] of [["INO-PAGE000000", "dinkes", indicators.length], ["INO-PAGE000003", "dispenduk", Math.floor(indicators.length / 2)]] as const) {
    for (const indicator of indicators.slice(0, count)) {
      const best = [...indicator.options].sort((a, b) => b.value - a.value)[0]!;
      await s.iidEvidence.create(`${innovationId}-${indicator.key}`, { innovationId, unitId, indicator: indicator.key, option: best.key, link: `https://drive.example/${innovationId}/${indicator.key}` }, testActor);
    }
  }
}

describe.skipIf(!CHROMIUM.present)(`dashboard page ${CHROMIUM.missing}`.trim(), () => {
  it("draws the five charts of the Dasbor tab from labinov's ranges", async () => {
    await seedCity();
    const spreadsheetId = await newSpreadsheet(world, "Laboratorium Inovasi Kota Probolinggo");
    const target = await addTarget(world, { spreadsheetId, units: "all" });
    await initTarget(world.deps, target.id);

    const browser = await chromium.launch({ executablePath: CHROMIUM.path, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${world.emulator.url}/view/${spreadsheetId}`);
      const section = page.locator('section.tab[data-sheet="Dasbor"]');
      const figures = section.locator("figure.chart");
      await expect(figures.locator("figcaption").allTextContents()).resolves.toEqual([
        "Inovasi per tahap",
        "Inovasi per unit dan tahap",
        "Inovasi macet menurut lamanya",
        "Butir rencana aksi terlambat per unit",
        "Kesiapan IID per unit (perkiraan skor)",
      ]);
      const values = async (index: number) => (await figures.nth(index).locator("rect.bar").evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute("data-value")))));
      // Drum-up 2, Diagnose 1, Design 1, Deliver 2, Display 1, Dokumentasi 1.
      expect(await values(0)).toEqual([2, 1, 1, 2, 1, 1]);
      // Stalled (30 days): 45 in 30–59, 70 in 60–89, 100 in 90–179, 200 in 180+.
      expect(await values(2)).toEqual([1, 1, 1, 1]);
      // Overdue items, most first: Dinas Kependudukan 3, Dinas Kesehatan 3, Kecamatan Kanigaran 1.
      expect(await figures.nth(3).locator("rect.bar title").allTextContents()).toEqual([
        "Dinas Kependudukan dan Pencatatan Sipil · Butir terlambat: 3",
        "Dinas Kesehatan P2KB · Butir terlambat: 3",
        "Kecamatan Kanigaran · Butir terlambat: 1",
      ]);
      // Readiness under the 2026 guide: Dinas Kesehatan's only scored innovation has all evidence
      // (111), Dispenduk's the first ten indicators (bobot 16 x 3 = 48); Kanigaran's and Jati's
      // scored innovations have no evidence yet (0).
      expect(await values(4)).toEqual([48, 111, 0, 0]);
      mkdirSync("test-output", { recursive: true });
      await section.screenshot({ path: "test-output/dashboard-page.png" });
    } finally {
      await browser.close();
    }
  });
});
