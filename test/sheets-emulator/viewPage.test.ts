// The /view page in headless Chromium as staff use it: read the grid, edit a cell, sort, insert,
// delete and move rows; each change is checked through the googleapis client and by the
// signed sheetEdit notice that reaches a local webhook (what Apps Script would post).
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sheets_v4 } from "@googleapis/sheets";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sheetEditPayload, type SheetEditPayload } from "../../src/http/sheetEditPayload.js";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from "../../src/http/signature.js";
import { PINNED_HEADERS, sheetEditWebhook } from "../../local/sheetEditWebhook.js";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";
import { chromiumBrowser } from "../support/inputs.js";

const CHROMIUM = chromiumBrowser();
const SECRET = "test-webhook-secret";
const STAFF = "staf@probolinggokota.go.id";
const TAB = "Inovasi";

// Without the browser the tests are reported as skipped, never as passed; .ci/run fails on a skip.

interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

const ROWS = [
  ["ID", "Nama Inovasi", "Tahap", "Status Sinkron"],
  ["inv-1", "Sigap", "design", "✓ tersinkron 27 November 2026 10.15 WIB"],
  ["inv-2", "Ambulans Desa", "deliver", "⚠ Tahap: pilih salah satu: drum_up, diagnose, design, deliver, display, dokumentasi"],
  ["inv-3", "Kelurahan Digital", "diagnose", "✓ tersinkron 27 November 2026 10.15 WIB"],
];

describe.skipIf(!CHROMIUM.present)(`spreadsheet page ${CHROMIUM.missing}`.trim(), () => {
  let emulator: SheetsEmulator;
  let sheets: sheets_v4.Sheets;
  let webhook: Server;
  let browser: Browser;
  const received: Received[] = [];

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
    const hookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/sheetEdited`;
    emulator = await startSheetsEmulator({ editWebhook: sheetEditWebhook(hookUrl, SECRET), view: { pinnedHeaders: PINNED_HEADERS, rowIdHeader: "ID" } });
    sheets = new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "k" });
    browser = await chromium.launch({
      executablePath: CHROMIUM.path,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.stop();
    if (webhook) await new Promise<void>((resolve) => webhook.close(() => resolve()));
  });
  beforeEach(() => {
    received.length = 0;
  });

  async function seeded(title = "Inovasi Dinas Kesehatan P2KB"): Promise<string> {
    const id = (await sheets.spreadsheets.create({ requestBody: { properties: { title, locale: "id_ID" }, sheets: [{ properties: { title: TAB } }] } })).data.spreadsheetId!;
    await sheets.spreadsheets.values.update({ spreadsheetId: id, range: `${TAB}!A1`, valueInputOption: "RAW", requestBody: { values: ROWS } });
    return id;
  }

  async function open(id: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 520 } });
    await page.goto(`${emulator.url}/view/${id}?as=${STAFF}`);
    return page;
  }

  async function column(id: string, range: string): Promise<unknown[]> {
    const got = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: `${TAB}!${range}`, majorDimension: "COLUMNS" });
    return got.data.values?.[0] ?? [];
  }

  /** Clicks an action button, waits for the emulator's answer and the page's reload. */
  async function act(page: Page, label: string): Promise<void> {
    const answered = page.waitForResponse((r) => r.url().includes("/action"));
    const reloaded = page.waitForEvent("load");
    reloaded.catch(() => undefined); // a refused action never reloads; the status check reports it
    await page.getByRole("button", { name: label }).click();
    const response = await answered;
    // On success the page reloads at once, so its body is only readable when it failed.
    if (response.status() !== 200) expect.fail(`${label}: ${response.status()} ${await response.text()}`);
    await reloaded;
  }

  /** The one notice the webhook received, checked for its signature and against sheetEdited's schema. */
  function onlyNotice(): SheetEditPayload {
    expect(received).toHaveLength(1);
    const hit = received[0]!;
    expect(hit.headers["content-type"]).toBe("application/json");
    expect(verifySignature(SECRET, hit.body, hit.headers[TIMESTAMP_HEADER] as string, hit.headers[SIGNATURE_HEADER] as string)).toEqual({ ok: true });
    return sheetEditPayload.parse(JSON.parse(hit.body));
  }

  it("reads like a spreadsheet: Bahasa Indonesia, used rows plus three blank, header and key columns frozen, status coloured", async () => {
    const id = await seeded();
    const page = await open(id);
    expect(await page.getAttribute("html", "lang")).toBe("id");
    await expect.poll(() => page.getByText("Klik sel untuk mengubah isinya").count()).toBe(1);
    for (const label of ["Urutkan A → Z", "Sisipkan baris di atas", "Hapus baris", "Pindahkan ke bawah"]) {
      expect(await page.getByRole("button", { name: label }).count()).toBe(1);
    }
    const tab = page.locator(`section[data-sheet="${TAB}"]`);
    // Four used rows and three blank ones, out of a 1,000-row grid.
    expect(await tab.locator("tbody tr").count()).toBe(ROWS.length + 3);
    // Runs in the page; typed by hand because this project's TypeScript has no DOM library.
    type Styles = { getComputedStyle(el: unknown): { getPropertyValue(prop: string): string } };
    const style = (cell: string, prop: string): Promise<string> =>
      tab.locator(`td[data-cell="${cell}"]`).evaluate((el, p) => (globalThis as unknown as Styles).getComputedStyle(el).getPropertyValue(p), prop);
    expect(await style("C1", "position")).toBe("sticky");
    expect(await style("A3", "position")).toBe("sticky");
    expect(await style("B3", "position")).toBe("sticky");
    expect(await style("C3", "position")).toBe("static");
    // B starts where A ends, so the name never slides under the ID.
    const [aBox, bLeft] = await Promise.all([tab.locator('td[data-cell="A3"]').boundingBox(), style("B3", "left")]);
    expect(Math.abs(parseFloat(bLeft) - (aBox!.x + aBox!.width - (await tab.locator("th.rownum").first().boundingBox())!.x))).toBeLessThan(2);
    expect(await style("D2", "color")).toBe("rgb(19, 115, 51)");
    expect(await style("D3", "color")).toBe("rgb(138, 75, 0)");
    expect(parseFloat(await style("D3", "width"))).toBeGreaterThan(250);
    mkdirSync("test-output", { recursive: true });
    await page.screenshot({ path: "test-output/sheets-emulator-view.png", fullPage: true });
    await page.close();
  });

  it("keeps the header row and the ID and name columns in view while the grid scrolls", async () => {
    const id = await seeded("Laboratorium Inovasi Kota Probolinggo");
    // A sheet as wide and long as a real one: 20 more columns, 40 more rows.
    const wide = Array.from({ length: 44 }, (_, r) => Array.from({ length: 20 }, (_, c) => (r === 0 ? `Kolom ${c + 1}` : `isi ${r + 1}.${c + 1}`)));
    await sheets.spreadsheets.values.update({ spreadsheetId: id, range: `${TAB}!E1`, valueInputOption: "RAW", requestBody: { values: wide } });
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: `${TAB}!A5`,
      valueInputOption: "RAW",
      requestBody: { values: Array.from({ length: 40 }, (_, i) => [`inv-${i + 4}`, `Inovasi ${i + 4}`]) },
    });
    const page = await open(id);
    const tab = page.locator(`section[data-sheet="${TAB}"]`);
    const box = async (cell: string): Promise<{ x: number; y: number }> => (await tab.locator(`td[data-cell="${cell}"]`).boundingBox())!;
    const before = { a: await box("A20"), b: await box("B20"), h: await box("F1"), f: await box("F20") };
    await tab.locator(".grid").evaluate((el) => {
      el.scrollLeft = 600;
      el.scrollTop = 300;
    });
    await expect.poll(async () => (await box("F20")).x).toBeLessThan(before.f.x - 100);
    const after = { a: await box("A20"), b: await box("B20"), h: await box("F1"), f: await box("F20") };
    // Sideways: ID and name stay put, the rest moves. Down: the header row stays put.
    expect(after.a.x).toBeCloseTo(before.a.x, 0);
    expect(after.b.x).toBeCloseTo(before.b.x, 0);
    expect(after.h.y).toBeCloseTo(before.h.y, 0);
    expect(after.f.y).toBeLessThan(before.f.y - 100);
    // And they are on top, not merely in place: what is drawn at their centre is them.
    type Hit = { document: { elementFromPoint(x: number, y: number): { closest(s: string): { getAttribute(n: string): string | null } | null } | null } };
    for (const selector of ['td[data-cell="A1"]', 'td[data-cell="B20"]', 'th.rownum[data-row="0"]']) {
      const centre = (await tab.locator(selector).boundingBox())!;
      const drawn = await page.evaluate(
        ([x, y]) => {
          const hit = (globalThis as unknown as Hit).document.elementFromPoint(x!, y!)?.closest("td,th");
          return hit ? `${hit.getAttribute("data-cell") ?? ""}/${hit.getAttribute("data-row") ?? ""}` : "";
        },
        [centre.x + centre.width / 2, centre.y + centre.height / 2],
      );
      expect(drawn, selector).toBe(selector.startsWith("td") ? `${/"(\w+)"/.exec(selector)![1]}/` : "/0");
    }
    mkdirSync("test-output", { recursive: true });
    await page.screenshot({ path: "test-output/sheets-emulator-view-scrolled.png" });
    await page.close();
  });

  it("stores a typed cell as USER_ENTERED and posts a signed EDIT notice with its range", async () => {
    const id = await seeded();
    const page = await open(id);
    const tab = page.locator(`section[data-sheet="${TAB}"]`);
    await tab.locator('td[data-cell="C2"]').click();
    const named = tab.locator('td[data-cell="C2"] input');
    await named.fill("deliver");
    await Promise.all([page.waitForEvent("load"), named.press("Enter")]);
    // The cell travels with its row's ID and its column's header, for the edit journal.
    expect(emulator.webhookDeliveries.at(-1)?.payload).toMatchObject({ range: "C2", cells: [{ rowId: "inv-1", header: "Tahap", value: "deliver" }] });
    await tab.locator('td[data-cell="E2"]').click();
    const input = tab.locator('td[data-cell="E2"] input');
    await input.fill("=1000*2");
    await Promise.all([page.waitForEvent("load"), input.press("Enter")]);
    await expect.poll(() => page.locator(`section[data-sheet="${TAB}"] td[data-cell="E2"]`).textContent()).toBe("2000");
    const stored = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: `${TAB}!E2`, valueRenderOption: "FORMULA" });
    expect(stored.data.values).toEqual([["=1000*2"]]);
    expect(emulator.webhookDeliveries.at(-1)?.payload).toMatchObject({ kind: "sheetEdit", spreadsheetId: id, sheetName: TAB, range: "E2", changeType: "EDIT", user: STAFF, cells: [{ rowId: "inv-1", header: "", value: 2000 }] });
    expect(emulator.webhookDeliveries.at(-1)?.status).toBe(204);
    await page.close();
  });

  it("inserts a row above the selected one (insertDimension) and posts INSERT_ROW", async () => {
    const id = await seeded();
    const page = await open(id);
    await page.locator('th.rownum[data-row="2"]').click();
    await act(page, "Sisipkan baris di atas");
    expect(await column(id, "A1:A5")).toEqual(["ID", "inv-1", "", "inv-2", "inv-3"]);
    const notice = onlyNotice();
    expect(notice).toMatchObject({ sheetName: TAB, changeType: "INSERT_ROW", user: STAFF });
    expect(notice.range).toBeUndefined();
    await page.close();
  });

  it("deletes the selected row (deleteDimension) and posts REMOVE_ROW", async () => {
    const id = await seeded();
    const page = await open(id);
    await page.locator('th.rownum[data-row="1"]').click();
    await act(page, "Hapus baris");
    expect(await column(id, "A1:A4")).toEqual(["ID", "inv-2", "inv-3"]);
    const grid = await sheets.spreadsheets.get({ spreadsheetId: id, fields: "sheets.properties.gridProperties.rowCount" });
    expect(grid.data.sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(999);
    expect(onlyNotice()).toMatchObject({ changeType: "REMOVE_ROW" });
    expect(await page.locator(`section[data-sheet="${TAB}"] td[data-cell="A2"]`).textContent()).toBe("inv-2");
    await page.close();
  });

  // Needs the moveDimension request kind (batchUpdate.ts, another branch).
  it("moves the selected row down one (moveDimension) and posts OTHER", async () => {
    const id = await seeded();
    const page = await open(id);
    await page.locator('th.rownum[data-row="1"]').click();
    await act(page, "Pindahkan ke bawah");
    expect(await column(id, "A1:A4")).toEqual(["ID", "inv-2", "inv-1", "inv-3"]);
    expect(await column(id, "B1:B4")).toEqual(["Nama Inovasi", "Ambulans Desa", "Sigap", "Kelurahan Digital"]);
    expect(onlyNotice()).toMatchObject({ changeType: "OTHER" });
    await page.close();
  });

  // Needs the sortRange request kind (batchUpdate.ts, another branch).
  it("sorts by the selected column below the frozen header (sortRange) and posts OTHER", async () => {
    const id = await seeded();
    const page = await open(id);
    await page.locator('thead th.col[data-col="1"]').click();
    await act(page, "Urutkan Z → A");
    expect(await column(id, "B1:B4")).toEqual(["Nama Inovasi", "Sigap", "Kelurahan Digital", "Ambulans Desa"]);
    expect(await column(id, "A1:A4")).toEqual(["ID", "inv-1", "inv-3", "inv-2"]);
    expect(onlyNotice()).toMatchObject({ changeType: "OTHER" });
    await page.close();
  });

  it("asks for a row before a row action and changes nothing", async () => {
    const id = await seeded();
    const page = await open(id);
    await page.getByRole("button", { name: "Hapus baris" }).first().click();
    await expect.poll(() => page.locator("#status").textContent()).toBe("Pilih baris dulu (klik nomor baris).");
    expect(await column(id, "A1:A4")).toEqual(["ID", "inv-1", "inv-2", "inv-3"]);
    expect(received).toHaveLength(0);
    await page.close();
  });
});
