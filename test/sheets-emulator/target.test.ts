// Parity mode's switch: which settings select real Google, and how a wrong key file is reported
// before any test runs against it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { liveCredentials, sheetsTarget } from "./target.js";

const dir = mkdtempSync(join(tmpdir(), "sheets-target-"));
const keyFile = (name: string, body: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
};

describe("sheets test target", () => {
  it("without SHEETS_LIVE_CREDENTIALS the tests run against the emulator", async () => {
    expect(liveCredentials({})).toBeUndefined();
    if (process.env.SHEETS_LIVE_CREDENTIALS) return; // this run is a parity run; the rest is for the emulator
    const target = await sheetsTarget();
    try {
      expect(target.kind).toBe("emulator");
      const id = await target.spreadsheet("target check");
      expect((await target.sheets.spreadsheets.get({ spreadsheetId: id })).data.properties?.title).toBe("target check");
      const undo = target.redirectGoogleHosts();
      try {
        // Google's host answers from the emulator; others pass untouched.
        const res = await fetch(`https://sheets.googleapis.com/v4/spreadsheets/${id}?fields=properties.title`);
        expect(await res.json()).toEqual({ properties: { title: "target check" } });
      } finally {
        undo();
      }
    } finally {
      await target.stop();
    }
  });

  it.each([
    ["a missing file", join(dir, "nope.json"), /SHEETS_LIVE_CREDENTIALS=".*nope\.json": ENOENT/],
    ["a key that is not a service account's", keyFile("user.json", { type: "authorized_user" }), /not a service-account key/],
  ])("refuses %s, naming the variable", (_name, path, message) => {
    expect(() => liveCredentials({ SHEETS_LIVE_CREDENTIALS: path })).toThrow(message);
  });

  it("takes a service-account key and the optional spreadsheet to work in", () => {
    const path = keyFile("sa.json", { type: "service_account", client_email: "parity@example.iam.gserviceaccount.com" });
    expect(liveCredentials({ SHEETS_LIVE_CREDENTIALS: path })).toEqual({ keyFile: path, spreadsheetId: undefined });
    expect(liveCredentials({ SHEETS_LIVE_CREDENTIALS: path, SHEETS_LIVE_SPREADSHEET_ID: "1abc" })).toEqual({ keyFile: path, spreadsheetId: "1abc" });
  });
});
