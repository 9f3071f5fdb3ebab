// The summary HTML as a browser draws it: Debian's headless Chromium, never a downloaded one.
import { mkdir } from "node:fs/promises";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stores } from "../../src/store/kinds.js";
import { buildCitySummary } from "../../src/summaries/citySummary.js";
import { loadSummaryData } from "../../src/summaries/load.js";
import { periodContaining } from "../../src/summaries/period.js";
import { buildUnitSummary } from "../../src/summaries/unitSummary.js";
import { testDatabase } from "../support/firestore.js";
import { chromiumBrowser } from "../support/inputs.js";
import { seedScenario, WEEK_DAY } from "./scenario.js";

const CHROMIUM = chromiumBrowser();
const database = testDatabase();
let browser: Browser;
let unitHtml: string;
let cityHtml: string;
/** Every kind of email the lab sends, by name, for the width checks. */
const emails: Record<string, string> = {};
/** Phone (360, 390) to the widest the column grows (600). */
const WIDTHS = [360, 390, 600];

// Page scripts are strings: the test compiles without the DOM library.
/** The key-figure boxes as [number, label] pairs, read from the rendered page. */
const FIGURES = `Array.from(document.querySelectorAll("td > div + div")).map((label) => [label.previousElementSibling.textContent, label.textContent])`;

async function render(html: string, screenshot: string, width = 720) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.setContent(html, { waitUntil: "load" });
  await page.screenshot({ path: `test-output/${screenshot}`, fullPage: true });
  const result = {
    text: (await page.evaluate("document.body.innerText")) as string,
    figures: (await page.evaluate(FIGURES)) as [string, string][],
    overflow: (await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")) as number,
    scrollWidth: (await page.evaluate("document.documentElement.scrollWidth")) as number,
    requests,
  };
  await page.close();
  return result;
}

// Without the browser these are reported as skipped, saying how to install it (.ci/run fails on a skip).
describe.skipIf(!CHROMIUM.present)(`summary emails in a browser ${CHROMIUM.missing}`.trim(), () => {
  beforeAll(async () => {
    await database.clear();
    await seedScenario(stores(database.db));
    const week = periodContaining("weekly", WEEK_DAY);
    const data = await loadSummaryData(database.db, week);
    unitHtml = buildUnitSummary({ unit: data.units.find((unit) => unit.id === "dinkes")!, data, period: week }).html;
    cityHtml = buildCitySummary({ data, period: week }).html;
    // A name with no space to break at, as staff sometimes type them.
    const longName = { ...data, innovations: data.innovations.map((entry) => (entry.id === "posyandu-remaja" ? { ...entry, name: "SistemInformasiPelayananTerpaduKesehatanIbuDanAnakKotaProbolinggo" } : entry)) };
    Object.assign(emails, {
      "unit-dinkes": unitHtml,
      "unit-empty": buildUnitSummary({ unit: data.units.find((unit) => unit.id === "wonoasih")!, data, period: week }).html,
      "unit-long-name": buildUnitSummary({ unit: data.units.find((unit) => unit.id === "dinkes")!, data: longName, period: week }).html,
      "city-leadership": cityHtml,
      "city-coordinators": buildCitySummary({ data, period: week, audience: "coordinators" }).html,
      "city-monthly": buildCitySummary({ data, period: periodContaining("monthly", WEEK_DAY), audience: "coordinators" }).html,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM.path,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
    });
    await mkdir("test-output", { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await database.db.terminate();
  });

  it("draws the unit summary with its key figures, sections and link, loading nothing external", async () => {
    const page = await render(unitHtml, "summary-unit-dinkes.png");
    expect(page.figures).toEqual([
      ["6", "Inovasi"],
      ["2", "Berpindah tahap"],
      ["1", "Macet"],
      ["2", "Rencana aksi jatuh tempo"],
      ["1", "Usulan baru dari formulir"],
    ]);
    expect(page.text).toContain("Buka spreadsheet Dinas Kesehatan P2KB");
    expect(page.text).toContain("Kampung KB Digital: Diagnose sejak 24 Oktober 2026 (30 hari)");
    expect(page.text).toContain("terlambat 3 hari");
    expect(page.requests.filter((url) => !url.startsWith("about:") && !url.startsWith("data:"))).toEqual([]);
    expect(page.overflow).toBeLessThanOrEqual(0);
  });

  it("draws the city summary with figures, the per-unit table and the MoU note", async () => {
    const page = await render(cityHtml, "summary-city-weekly.png");
    expect(page.figures).toEqual([
      ["7", "Inovasi"],
      ["1", "Inovasi baru"],
      ["2", "Berpindah tahap"],
      ["1", "Macet"],
      ["1", "Selesai"],
      ["2", "Unit tanpa inovasi"],
    ]);
    expect(page.text).toContain("Dinas Kesehatan P2KB (6 inovasi)\nDrum-up 3, Diagnose 1, Design 1, Dokumentasi 1");
    expect(page.text).toContain("Tidak berlaku lagi: sudah berakhir pada 2 April 2023");
    expect(page.text).toContain("Kecamatan Kanigaran (kepala: Budi Santoso)");
    expect(page.overflow).toBeLessThanOrEqual(0);
  });

  // At phone width nothing may scroll sideways: the whole email fits the screen at every width.
  it.each(WIDTHS.flatMap((width) => ["unit-dinkes", "unit-empty", "unit-long-name", "city-leadership", "city-coordinators", "city-monthly"].map((name) => [name, width] as const)))(
    "%s fits a %i px screen without scrolling sideways",
    async (name, width) => {
      const page = await render(emails[name]!, `summary-${name}-${width}px.png`, width);
      expect(page.scrollWidth).toBeLessThanOrEqual(width);
      expect(page.text).toContain("Laboratorium Inovasi");
    },
  );
});
