// The newcomer's minute, end to end over real HTTP on the local stack: a staff edit on the
// spreadsheet page lands in Firestore; a form submission lands as a record, a row and an
// email; a change made through the API reaches the sheets; the reconcile repairs a sheet
// whose webhook never came.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalStack, type LocalStack } from "../../local/stack.js";
import { postFormSubmission } from "../../local/formPage.js";
import { columnLetter } from "../../sheets/layout/columns.js";
import { stores } from "../../src/store/kinds.js";

let stack: LocalStack;
let sheets: sheets_v4.Sheets;
const actor = { by: "admin@probolinggokota.go.id", source: "api" as const };

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    smtpPort: 0,
    dataDir: await mkdtemp(join(tmpdir(), "labinov-e2e-")),
    projectId: `demo-e2e-${process.pid}`,
    reconcileEveryMs: 0,
  });
  sheets = new sheets_v4.Sheets({ rootUrl: `${stack.sheetsEmulator.url}/` });
}, 180_000);
afterAll(() => stack?.stop());

/** The rows of a tab as objects keyed by header, plus each row's A1 row number. */
async function rowsOf(spreadsheetId: string, tab: string) {
  const { data } = await sheets.spreadsheets.values.get({ spreadsheetId, range: tab });
  const [headers = [], ...rows] = (data.values ?? []) as string[][];
  return rows.map((row, index) => ({
    rowNumber: index + 2,
    cell: (header: string) => row[headers.indexOf(header)] ?? "",
    column: (header: string) => columnLetter(headers.indexOf(header)),
  }));
}

/** Events travel listener -> CloudEvent -> recordChanged -> debounced sync: poll, do not sleep. */
async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function spreadsheet(title: string) {
  const found = stack.spreadsheets.find((sheet) => sheet.title === title);
  if (!found) throw new Error(`no demo spreadsheet ${title}`);
  return found.spreadsheetId;
}

describe("the local stack, end to end", () => {
  it("fills the demo spreadsheets from the demo records", async () => {
    const rows = await rowsOf(spreadsheet("Inovasi Dinas Kesehatan P2KB"), "Inovasi");
    expect(rows.map((row) => row.cell("Nama Inovasi"))).toContain("SIPANDU: antrean puskesmas daring");
    const cityRows = await rowsOf(spreadsheet("Laboratorium Inovasi Kota Probolinggo"), "Inovasi");
    expect(cityRows).toHaveLength(30);
  });

  it("a staff edit on the spreadsheet page lands in Firestore through the signed sheetEdited webhook", async () => {
    const spreadsheetId = spreadsheet("Inovasi Dinas Kesehatan P2KB");
    const row = (await rowsOf(spreadsheetId, "Inovasi")).find((candidate) => candidate.cell("ID") === "INO-DEMO-01")!;
    // Exactly what the page's script sends when a person types in a cell and presses Enter.
    const response = await fetch(`${stack.sheetsEmulator.url}/view/${spreadsheetId}/edit`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sheet: "Inovasi", cell: `${row.column("Urusan")}${row.rowNumber}`, value: "kesehatan masyarakat", user: "staf.dinkes@probolinggokota.go.id" }),
    });
    expect(response.status).toBe(200);
    // Answered once recorded; the sync runs from the sheetSyncRequests trigger (syncRequested).
    expect(stack.sheetsEmulator.webhookDeliveries.at(-1)?.status).toBe(202);
    await eventually(async () => {
      const record = await stores(stack.db).innovations.require("INO-DEMO-01");
      expect(record).toMatchObject({ urusan: "kesehatan masyarakat", source: "sheet" });
    });
  });

  it("a form submission becomes one record, one row in the unit's sheet and one confirmation email, even posted twice", async () => {
    const answers = [
      { title: "Nama inovasi", value: "=HYPERLINK(\"http://contoh\")Antre Obat Tanpa Kertas" },
      { title: "Unit kerja", value: "Dinas Kesehatan P2KB" },
      { title: "Jenis inovasi", value: "Digital" },
      { title: "Bentuk inovasi", value: "Inovasi pelayanan publik" },
      { title: "Permasalahan", value: "Resep kertas sering hilang." },
      { title: "Email pengusul", value: "pengusul@probolinggokota.go.id" },
    ];
    const first = await postFormSubmission(stack.url, stack.webhookSecret, answers, "pengusul@probolinggokota.go.id");
    expect(first.status, first.body).toBeLessThan(300);
    // The Apps Script's retry: same response id, fresh signature.
    const { signedHeaders } = await import("../../src/http/signature.js");
    const retryBody = JSON.stringify({ ...first.payload, eventId: `${first.payload.eventId}-retry` });
    const retry = await fetch(`${stack.url}/formSubmitted`, {
      method: "POST",
      headers: { "content-type": "application/json", ...signedHeaders(stack.webhookSecret, retryBody) },
      body: retryBody,
    });
    expect(retry.status, await retry.text()).toBeLessThan(300);

    const proposals = (await stores(stack.db).innovations.list()).filter((innovation) => innovation.source === "form");
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({ stage: "drum_up", unitId: "dinkes" });

    let rows: Awaited<ReturnType<typeof rowsOf>> = [];
    await eventually(async () => {
      rows = (await rowsOf(spreadsheet("Inovasi Dinas Kesehatan P2KB"), "Inovasi")).filter((row) => row.cell("ID") === proposals[0]!.id);
      expect(rows).toHaveLength(1);
    });
    // Form text stays text: the formula-looking name is stored and shown as typed, never evaluated.
    expect(rows[0]!.cell("Nama Inovasi")).toBe(answers[0]!.value);
    const { data } = await sheets.spreadsheets.values.get({
      spreadsheetId: spreadsheet("Inovasi Dinas Kesehatan P2KB"),
      range: `Inovasi!${rows[0]!.column("Nama Inovasi")}${rows[0]!.rowNumber}`,
      valueRenderOption: "FORMULA",
    });
    expect(data.values?.[0]?.[0]).toBe(answers[0]!.value);

    // Sent by mailQueued from the outbox; a second look finds still one.
    await eventually(async () => {
      const mail = (await stack.smtpSink.messages()).filter((message) => JSON.stringify(message).includes("pengusul@probolinggokota.go.id"));
      expect(mail).toHaveLength(1);
    });
  });

  it("the local form page posts through formSubmitted, and a refused answer is shown as refused", async () => {
    const page = await (await fetch(`${stack.url}/form`)).text();
    expect(page).toContain("<option>Kecamatan Wonoasih</option>");
    const submit = (fields: Record<string, string>) =>
      fetch(`${stack.url}/form`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
    const accepted = await submit({ "Nama inovasi": "Kampung Tangguh Bencana", "Unit kerja": "Kecamatan Wonoasih", "Jenis inovasi": "Non-digital", "Bentuk inovasi": "Inovasi daerah lainnya" });
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain("Usulan diterima");
    const refused = await submit({ "Nama inovasi": "Tanpa unit", "Unit kerja": "Dinas Pariwisata Mars", "Jenis inovasi": "Digital", "Bentuk inovasi": "Inovasi daerah lainnya" });
    expect(refused.status).toBe(422);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain("Usulan belum dapat diterima");
    // Said beside the question, with the typed answers kept.
    expect(refusedPage).toMatch(/id="q-unit-kerja-error">Unit kerja &quot;Dinas Pariwisata Mars&quot; tidak dikenal/);
    expect(refusedPage).toContain('value="Tanpa unit"');
    const names = (await stores(stack.db).innovations.list()).map((innovation) => innovation.name);
    expect(names).toContain("Kampung Tangguh Bencana");
    expect(names).not.toContain("Tanpa unit");
  });

  it("a change made through the API reaches both the OPD's and the city-wide sheet via recordChanged events", async () => {
    await stores(stack.db).innovations.update("INO-DEMO-29", { results: "1.240 warga terskrining" }, actor);
    for (const title of ["Inovasi Dinas Kesehatan P2KB", "Laboratorium Inovasi Kota Probolinggo"]) {
      await eventually(async () => {
        const row = (await rowsOf(spreadsheet(title), "Inovasi")).find((candidate) => candidate.cell("ID") === "INO-DEMO-29");
        expect(row?.cell("Hasil"), title).toBe("1.240 warga terskrining");
      });
    }
  });

  it("initSheets lays out a target over HTTP, and a second call changes nothing", async () => {
    const spreadsheetId = spreadsheet("Inovasi Kecamatan Mayangan");
    const init = async () => {
      const response = await fetch(`${stack.url}/initSheets`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${stack.adminToken}` },
        body: JSON.stringify({ targetId: `${spreadsheetId}__Inovasi` }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { result: { structureRequests: number; headersAdded: string[] } }).result;
    };
    // Staff deleted a header: init puts it back...
    const row = (await rowsOf(spreadsheetId, "Inovasi"))[0]!;
    await sheets.spreadsheets.values.update({ spreadsheetId, range: `Inovasi!${row.column("Manfaat")}1`, valueInputOption: "RAW", requestBody: { values: [[""]] } });
    expect((await init()).headersAdded).toContain("Manfaat");
    // ...and running it again has nothing left to do.
    expect(await init()).toMatchObject({ structureRequests: 0, headersAdded: [] });
  });

  it("the scheduled reconcile repairs a sheet whose edit webhook never came", async () => {
    const spreadsheetId = spreadsheet("Inovasi Kecamatan Mayangan");
    const row = (await rowsOf(spreadsheetId, "Inovasi")).find((candidate) => candidate.cell("ID") === "INO-DEMO-24")!;
    // Written straight through the API, as an edit whose Apps Script post was lost.
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: `Inovasi!${row.column("Tujuan")}${row.rowNumber}`,
      valueInputOption: "RAW",
      requestBody: { values: [["Layanan malam tiga kali sepekan"]] },
    });
    expect((await stores(stack.db).innovations.require("INO-DEMO-24")).goal).not.toBe("Layanan malam tiga kali sepekan");

    const unauthenticated = await fetch(`${stack.url}/reconcileSheets`, { method: "POST" });
    expect(unauthenticated.status).toBe(401);
    const reconcile = await fetch(`${stack.url}/reconcileSheets`, { method: "POST", headers: { authorization: `Bearer ${stack.adminToken}` } });
    expect(reconcile.status, await reconcile.text()).toBe(200);
    expect((await stores(stack.db).innovations.require("INO-DEMO-24")).goal).toBe("Layanan malam tiga kali sepekan");
    await eventually(async () => {
      const cityRow = (await rowsOf(spreadsheet("Laboratorium Inovasi Kota Probolinggo"), "Inovasi")).find((candidate) => candidate.cell("ID") === "INO-DEMO-24");
      expect(cityRow?.cell("Tujuan")).toBe("Layanan malam tiga kali sepekan");
    });
  });
});
