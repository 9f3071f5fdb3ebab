// `labinov iid export --sheets`: the submission as tabs of the city-wide spreadsheet, through
// the Sheets emulator: written RAW, rewritten whole (no stale rows), staff tabs untouched,
// three requests when the tabs exist.
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerIidCommands } from "../../cli/iidCommands.js";
import { testActor } from "../support/fixtures.js";
import { addTarget, newSpreadsheet, putRows, readTab, syncWorldForEachTest, takeCounts } from "../sync/support.js";

const world = syncWorldForEachTest();
const PROFILE = "IID 2027 Profil Inovasi";

async function exportToSheets(): Promise<string[]> {
  const printed: string[] = [];
  const program = new Command("labinov").exitOverride();
  registerIidCommands(program, { db: () => world.database.db, sheets: () => world.sheets, print: (line) => printed.push(line) });
  await program.parseAsync(["node", "labinov", "iid", "export", "--year", "2027", "--out", "test-output/iid-city-tabs", "--sheets"]);
  return printed;
}

const base = { initiator: "opd", stage: "drum_up", jenis: "digital", bentuk: "pelayanan_publik", unitId: "dinkes", tahapanOverride: "penerapan" };

describe("the IID tabs of the city-wide spreadsheet", () => {
  it("are written RAW, rewritten whole, and leave staff tabs alone", async () => {
    const spreadsheetId = await newSpreadsheet(world, "Kota");
    await addTarget(world, { spreadsheetId, tab: "Inovasi", units: "all" });
    await putRows(world, spreadsheetId, [["Catatan staf"], ["jangan diubah"]], "Sheet1");
    await world.stores.innovations.create("INO-AAAAAAA1", { ...base, name: "=1+1" }, testActor);
    await world.stores.innovations.create("INO-AAAAAAA2", { ...base, name: "Si-Pintar" }, testActor);

    const printed = await exportToSheets();
    expect(printed.at(-1)).toBe(`Spreadsheet ${spreadsheetId}: tab "IID 2027 Profil Inovasi", "IID 2027 Indikator", "IID 2027 Kekurangan" ditulis ulang.`);
    let profile = await readTab(world, spreadsheetId, PROFILE, "FORMULA");
    expect(profile[0]!.slice(0, 3)).toEqual(["Nama Pemda", "Perangkat Daerah", "Nama Inovasi"]);
    // RAW: a name that looks like a formula stays text.
    expect(profile.map((row) => row[2])).toEqual(["Nama Inovasi", "=1+1", "Si-Pintar"]);
    expect((await readTab(world, spreadsheetId, "IID 2027 Indikator")).length).toBe(1 + 2 * 20);

    // One innovation archived: the next export leaves no stale row, in three requests (read tabs, clear, write).
    await world.stores.innovations.archive("INO-AAAAAAA1", testActor);
    takeCounts(world);
    await exportToSheets();
    const calls = takeCounts(world);
    profile = await readTab(world, spreadsheetId, PROFILE);
    expect(profile.map((row) => row[2])).toEqual(["Nama Inovasi", "Si-Pintar"]);
    expect((await readTab(world, spreadsheetId, "IID 2027 Indikator")).length).toBe(1 + 20);
    expect(Object.values(calls).reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(await readTab(world, spreadsheetId, "Sheet1")).toEqual([["Catatan staf"], ["jangan diubah"]]);
  });

  it("without a city-wide spreadsheet, says so and still writes the files", async () => {
    expect((await exportToSheets()).at(-1)).toBe("Tidak ada spreadsheet kota (target dengan --units all); isian hanya ditulis sebagai berkas.");
  });
});
