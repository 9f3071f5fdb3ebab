// URL forms Google serves and R1C1 ranges, through the real googleapis client and plain fetch.
// Sources: the v4 REST reference (developers.google.com/workspace/sheets/api/reference/rest),
// whose paths are /v4/spreadsheets/{spreadsheetId} and /v4/spreadsheets/{spreadsheetId}:batchUpdate
// (Google's front end also answers them with a slash before the verb or at the end); the
// concepts guide (developers.google.com/workspace/sheets/api/guides/concepts), "A1 notation"
// and "R1C1 notation". Ranges come back in A1 form, as in every recorded answer.
import { beforeAll, describe, expect, it } from "vitest";
import { emulatorForFile } from "./emulatorForFile.js";

const world = emulatorForFile();
let id: string;

beforeAll(async () => {
  id = (await world.sheets.spreadsheets.create({ requestBody: { properties: { title: "Forms" } } })).data.spreadsheetId!;
});

describe("URL forms", () => {
  it("GET /v4/spreadsheets/ID/ with a trailing slash is spreadsheets.get", async () => {
    const res = await fetch(`${world.emulator.url}/v4/spreadsheets/${id}/?fields=spreadsheetId,properties.title`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ spreadsheetId: id, properties: { title: "Forms" } });
  });

  it("POST /v4/spreadsheets/ID/:batchUpdate applies the requests", async () => {
    const res = await fetch(`${world.emulator.url}/v4/spreadsheets/${id}/:batchUpdate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ requests: [{ updateSpreadsheetProperties: { properties: { title: "Renamed" }, fields: "title" } }] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ spreadsheetId: id, replies: [{}] });
    const got = await world.sheets.spreadsheets.get({ spreadsheetId: id, fields: "properties.title" });
    expect(got.data.properties?.title).toBe("Renamed");
  });
});

describe("R1C1 ranges", () => {
  it("writes and reads Sheet1!R1C1:R2C3 as Sheet1!A1:C2", async () => {
    const written = await world.sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "Sheet1!R1C1:R2C3",
      valueInputOption: "RAW",
      requestBody: { values: [["a", "b", "c"], ["d", "e", "f"]] },
    });
    expect(written.data.updatedRange).toBe("Sheet1!A1:C2");
    const read = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "Sheet1!R2C2" });
    expect(read.data).toMatchObject({ range: "Sheet1!B2", values: [["e"]] });
  });

  it("refuses the relative form R[1]C[1]: an API request has no current cell", async () => {
    const res = await fetch(`${world.emulator.url}/v4/spreadsheets/${id}/values/${encodeURIComponent("Sheet1!R[1]C[1]")}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("Unable to parse range: Sheet1!R[1]C[1]");
  });
});
