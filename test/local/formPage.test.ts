// The local form page in headless Chromium as a staff member meets it: no unit chosen for
// them, progress while the post runs, a result page with the proposal's number, refusals
// beside their questions with the answers kept, a server that cannot be reached, and "back,
// then Kirim again" recognised as the same proposal (one record, one pair of emails queued).
// Behind the page: the real formSubmitted function on the Firestore emulator.
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formSubmittedHandler } from "../../functions/formSubmitted.js";
import { formPageHandler } from "../../local/formPage.js";
import { MAIL_OUTBOX_COLLECTION } from "../../src/forms/mailLedger.js";
import { COLLECTIONS } from "../../src/store/db.js";
import { stores } from "../../src/store/kinds.js";
import { serveHttp, TEST_SECRET, type Served } from "../functions/support.js";
import { testDatabase } from "../support/firestore.js";
import { createUnit } from "../support/fixtures.js";
import { chromiumBrowser } from "../support/inputs.js";

const CHROMIUM = chromiumBrowser();

const database = testDatabase();
let functions: Served;
let formServer: Server;
let formUrl: string;
let functionsUrl: string;

async function count(collection: string): Promise<number> {
  return (await database.db.collection(collection).count().get()).data().count;
}

beforeAll(async () => {
  functions = await serveHttp(formSubmittedHandler(() => ({ db: database.db, webhookSecret: TEST_SECRET })));
  functionsUrl = functions.url.replace(/\/$/, "");
  const page = formPageHandler(database.db, () => functionsUrl, TEST_SECRET);
  formServer = createServer((request, response) => {
    page(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => formServer.listen(0, "127.0.0.1", resolve));
  formUrl = `http://127.0.0.1:${(formServer.address() as AddressInfo).port}/form`;
});
afterAll(async () => {
  formServer?.closeAllConnections();
  if (formServer) await new Promise<void>((resolve) => formServer.close(() => resolve()));
  await functions?.stop();
  await database.db.terminate();
});
beforeEach(async () => {
  await database.clear();
  functionsUrl = functions.url.replace(/\/$/, "");
  await createUnit(stores(database.db));
  await createUnit(stores(database.db), "wonoasih", { name: "Kecamatan Wonoasih", kind: "kecamatan", headEmail: "wonoasih@probolinggokota.go.id" });
});

// Without a browser too (a page with its script off, or a person on a slow link pressing twice).
describe("local form page over plain HTTP", () => {
  it("a blank form has an address naming its response id; posting that form twice stores one proposal and says so", async () => {
    const blank = await fetch(formUrl, { redirect: "manual" });
    expect(blank.status).toBe(303);
    const location = blank.headers.get("location")!;
    const responseId = new URL(location, formUrl).searchParams.get("_jawaban")!;
    expect(responseId).toMatch(/^lokal-[0-9a-f-]{36}$/);
    const html = await (await fetch(new URL(location, formUrl))).text();
    expect(html).toContain(`name="_jawaban" value="${responseId}"`);
    expect(html).toContain('<option value="" selected>— Pilih unit kerja Anda —</option>');

    const answers = { _jawaban: responseId, "Nama inovasi": "Kampung Tangguh Bencana", "Unit kerja": "Kecamatan Wonoasih", "Jenis inovasi": "Non-digital", "Bentuk inovasi": "Inovasi daerah lainnya" };
    const post = () => fetch(formUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(answers) });
    const [first, second] = [await post(), await post()];
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("<h1>Usulan diterima</h1>");
    expect(second.status).toBe(200);
    expect(await second.text()).toContain("<h1>Usulan ini sudah diterima sebelumnya</h1>");
    expect(await count(COLLECTIONS.innovations)).toBe(1);
    expect(await count(MAIL_OUTBOX_COLLECTION)).toBe(1); // the unit head's notice; no email given
  });
});

// Without the browser the tests are reported as skipped, never as passed; .ci/run fails on a skip.
describe.skipIf(!CHROMIUM.present)(`local form page ${CHROMIUM.missing}`.trim(), { timeout: 120_000 }, () => {
  let browser: Browser;

  async function shot(page: Page, name: string): Promise<void> {
    mkdirSync("test-output", { recursive: true });
    await page.screenshot({ path: `test-output/form-page-${name}.png`, fullPage: true });
  }

  async function fillGood(page: Page, name = "Si-Pintar: antrean puskesmas daring"): Promise<void> {
    await page.getByLabel("Nama inovasi").fill(name);
    await page.getByLabel("Unit kerja").selectOption("Dinas Kesehatan P2KB");
    await page.getByLabel("Jenis inovasi").selectOption("Digital");
    await page.getByLabel("Bentuk inovasi").selectOption("Inovasi pelayanan publik");
    await page.getByLabel("Permasalahan").fill("Antrean panjang sejak subuh");
    await page.getByLabel("Email pengusul").fill("staf@probolinggokota.go.id");
  }

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM.path,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("staff words, no unit chosen for them, progress while sending, a result page; back and Kirim again is recognised, not stored twice", async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    await page.goto(formUrl);
    expect(page.url()).toMatch(/\/form\?_jawaban=lokal-[0-9a-f-]{36}$/);
    const intro = await page.locator("body").innerText();
    expect(intro).toContain("Gunakan formulir ini untuk mengusulkan inovasi");
    expect(intro).not.toMatch(/formSubmitted|Apps Script|JSON/);
    expect(await page.getByLabel("Unit kerja").inputValue()).toBe("");
    expect(await page.getByLabel("Unit kerja").locator("option").first().innerText()).toBe("— Pilih unit kerja Anda —");
    await shot(page, "empty");

    await fillGood(page);
    // What the page shows between "Kirim" and the answer: the first submit is stopped in the
    // page after the form's own handler ran (a post held open would leave Playwright waiting
    // on the navigation), then the form is sent as the browser would have sent it.
    await page.evaluate("document.getElementById('usulan').addEventListener('submit', (event) => event.preventDefault(), { once: true })");
    await page.getByRole("button", { name: "Kirim" }).click();
    expect(await page.locator("#progress").isVisible()).toBe(true);
    expect(await page.locator("#progress").innerText()).toContain("Usulan sedang dikirim");
    expect(await page.locator("button").isDisabled()).toBe(true);
    expect(await page.locator("button").innerText()).toBe("Mengirim…");
    await shot(page, "sending");
    const received = page.waitForResponse((response) => response.url().startsWith(formUrl) && response.request().method() === "POST");
    await page.evaluate("document.getElementById('usulan').submit()");
    expect((await received).status()).toBe(200);

    await page.getByRole("heading", { name: "Usulan diterima" }).waitFor();
    const number = await page.locator("#nomor").innerText();
    expect(number).toMatch(/^INO-F-[0-9A-F]{16}$/);
    const result = await page.locator("body").innerText();
    expect(result).toContain("Si-Pintar: antrean puskesmas daring");
    expect(result).toContain("Email konfirmasi dikirim ke staf@probolinggokota.go.id");
    expect(result).not.toContain("{");
    await shot(page, "accepted");
    expect(await count(COLLECTIONS.innovations)).toBe(1);
    expect(await count(MAIL_OUTBOX_COLLECTION)).toBe(2);

    // Back to the filled form, and "Kirim" once more.
    await page.goBack();
    expect(await page.getByLabel("Nama inovasi").inputValue()).toBe("Si-Pintar: antrean puskesmas daring");
    expect(await page.locator("button").isEnabled()).toBe(true);
    await page.getByRole("button", { name: "Kirim" }).click();
    await page.getByRole("heading", { name: "Usulan ini sudah diterima sebelumnya" }).waitFor();
    expect(await page.locator("#nomor").innerText()).toBe(number);
    expect(await page.locator("body").innerText()).toContain("tidak ada email yang dikirim ulang");
    await shot(page, "duplicate");
    expect(await count(COLLECTIONS.innovations)).toBe(1);
    expect(await count(MAIL_OUTBOX_COLLECTION)).toBe(2);

    // A new form is a new proposal.
    await page.getByRole("link", { name: "Isi usulan baru" }).click();
    await fillGood(page, "Posyandu keliling");
    await page.getByRole("button", { name: "Kirim" }).click();
    await page.getByRole("heading", { name: "Usulan diterima" }).waitFor();
    expect(await count(COLLECTIONS.innovations)).toBe(2);
    await page.close();
  });

  it("refused answers are said beside their questions, in Bahasa Indonesia, with every typed answer kept", async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    await page.goto(formUrl);
    await page.getByLabel("Nama inovasi").fill("Kampung Tangguh Bencana");
    await page.getByLabel("Jenis inovasi").selectOption("Non-digital");
    await page.getByLabel("Permasalahan").fill("Banjir tiap musim hujan\ndi tiga kelurahan");
    await page.getByLabel("Email pengusul").fill("bukan email");
    await page.getByRole("button", { name: "Kirim" }).click();
    await page.getByRole("heading", { name: "Usulan belum dapat diterima" }).waitFor();
    await shot(page, "refused");

    expect(await page.locator("#q-unit-kerja-error").innerText()).toBe('Pertanyaan "Unit kerja" wajib dijawab.');
    expect(await page.locator("#q-bentuk-inovasi-error").innerText()).toBe('Pertanyaan "Bentuk inovasi" wajib dijawab.');
    expect(await page.locator("#q-email-pengusul-error").innerText()).toMatch(/^Jawaban "Email pengusul" tidak valid/);
    expect(await page.getByLabel("Unit kerja").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#q-nama-inovasi-error").count()).toBe(0);
    // What was typed is still there.
    expect(await page.getByLabel("Nama inovasi").inputValue()).toBe("Kampung Tangguh Bencana");
    expect(await page.getByLabel("Jenis inovasi").inputValue()).toBe("Non-digital");
    expect(await page.getByLabel("Permasalahan").inputValue()).toBe("Banjir tiap musim hujan\ndi tiga kelurahan");
    expect(await page.getByLabel("Email pengusul").inputValue()).toBe("bukan email");
    // Nothing reads like a developer's line.
    const width = (await page.evaluate("document.documentElement.scrollWidth")) as number;
    expect(width).toBeLessThanOrEqual(800);
    expect(await page.locator("body").innerText()).not.toMatch(/invalid_answers|"ok"|422/);
    expect(await count(COLLECTIONS.innovations)).toBe(0);

    await page.getByLabel("Unit kerja").selectOption("Kecamatan Wonoasih");
    await page.getByLabel("Bentuk inovasi").selectOption("Inovasi daerah lainnya");
    await page.getByLabel("Email pengusul").fill("warga@gmail.com");
    await page.getByRole("button", { name: "Kirim" }).click();
    await page.getByRole("heading", { name: "Usulan diterima" }).waitFor();
    // Not the city's domain and not verified: no confirmation, and the page says so.
    expect(await page.locator("body").innerText()).toContain("Email konfirmasi tidak dikirim ke warga@gmail.com");
    const [record] = await stores(database.db).innovations.list();
    expect(record).toMatchObject({ name: "Kampung Tangguh Bencana", unitId: "wonoasih", problem: "Banjir tiap musim hujan\ndi tiga kelurahan" });
    expect((await database.db.collection(MAIL_OUTBOX_COLLECTION).get()).docs.map((doc) => doc.id)).toEqual([`${record!.id}-unit-head`]);
    await page.close();
  });

  it("when labinov cannot be reached the page says so in Bahasa Indonesia, keeps the answers, and Kirim again stores one proposal", async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    await page.goto(formUrl);
    await fillGood(page);
    functionsUrl = "http://127.0.0.1:1"; // nothing listens there: a real refused connection
    await page.getByRole("button", { name: "Kirim" }).click();
    await page.getByRole("heading", { name: "Usulan belum terkirim" }).waitFor();
    expect(await page.locator("body").innerText()).toContain("Jawaban Anda masih ada di formulir ini");
    expect(await page.getByLabel("Unit kerja").inputValue()).toBe("Dinas Kesehatan P2KB");
    await shot(page, "unreachable");

    functionsUrl = functions.url.replace(/\/$/, "");
    await page.getByRole("button", { name: "Kirim" }).click();
    await page.getByRole("heading", { name: "Usulan diterima" }).waitFor();
    // And once more after a lost answer (back, Kirim): still one record.
    await page.goBack();
    await page.getByRole("button", { name: "Kirim" }).click();
    await page.getByRole("heading", { name: "Usulan ini sudah diterima sebelumnya" }).waitFor();
    expect(await count(COLLECTIONS.innovations)).toBe(1);
    await page.close();
  });
});
