// The /view page in headless Chromium: read the grid, edit a cell, see the stored value
// through the googleapis client and the signed sheetEdit post at a local webhook.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sheets_v4 } from "@googleapis/sheets";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sheetEditPayload } from "../../src/http/sheetEditPayload.js";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from "../../src/http/signature.js";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";

const CHROMIUM = "/usr/bin/chromium";
const SECRET = "test-webhook-secret";

interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

// In CI the browser must be there (.ci/run installs it), so a missing one fails loudly there.
if (existsSync(CHROMIUM) || process.env.CI) {
  describe("spreadsheet page", () => {
    let emulator: SheetsEmulator;
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
      emulator = await startSheetsEmulator({ editWebhook: { url: hookUrl, secret: SECRET } });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
      });
    });
    afterAll(async () => {
      await browser?.close();
      await emulator?.stop();
      await new Promise<void>((resolve) => webhook.close(() => resolve()));
    });

    it("shows the values, stores an edit as USER_ENTERED and posts a signed sheetEdit", async () => {
      const sheets = new sheets_v4.Sheets({ rootUrl: `${emulator.url}/`, auth: "k" });
      const id = (await sheets.spreadsheets.create({ requestBody: { properties: { title: "OPD Dinas" }, sheets: [{ properties: { title: "Program Inovasi" } }] } })).data.spreadsheetId!;
      await sheets.spreadsheets.values.update({
        spreadsheetId: id,
        range: "'Program Inovasi'!A1",
        valueInputOption: "USER_ENTERED",
        requestBody: { values: [["Nama", "Anggaran"], ["Sigap", "1500"]] },
      });

      const page = await browser.newPage();
      await page.goto(`${emulator.url}/view/${id}?as=staf@probolinggokota.go.id`);
      const tab = page.locator('section[data-sheet="Program Inovasi"]');
      await expect.poll(() => tab.locator('td[data-cell="A2"]').textContent()).toBe("Sigap");
      expect(await tab.locator('td[data-cell="B2"]').textContent()).toBe("1500");

      await tab.locator('td[data-cell="B2"]').click();
      const input = tab.locator('td[data-cell="B2"] input');
      await input.fill("=1000*2");
      await Promise.all([page.waitForEvent("load"), input.press("Enter")]);
      await expect.poll(() => page.locator('section[data-sheet="Program Inovasi"] td[data-cell="B2"]').textContent()).toBe("2000");

      const stored = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "'Program Inovasi'!B2", valueRenderOption: "FORMULA" });
      expect(stored.data.values).toEqual([["=1000*2"]]);

      expect(received).toHaveLength(1);
      const hit = received[0]!;
      expect(hit.headers["content-type"]).toBe("application/json");
      const check = verifySignature(SECRET, hit.body, hit.headers[TIMESTAMP_HEADER] as string, hit.headers[SIGNATURE_HEADER] as string);
      expect(check).toEqual({ ok: true });
      const payload = sheetEditPayload.parse(JSON.parse(hit.body));
      expect(payload).toMatchObject({ kind: "sheetEdit", spreadsheetId: id, sheetName: "Program Inovasi", range: "B2", user: "staf@probolinggokota.go.id" });
      expect(emulator.webhookDeliveries[0]?.status).toBe(204);
      await page.close();
    });
  });
} else {
  describe("spreadsheet page (no browser)", () => {
    it("did not run", () => {
      console.warn(`${CHROMIUM} not found (apt-get install -y chromium), page test not run`);
    });
  });
}
