// `labinov sheets ...` through commander, against the emulators: add-target, init, sync, list.
import { Command } from "commander";
import { afterAll, beforeAll, expect, it } from "vitest";
import { registerSheetsCommands } from "../../cli/sheetsCommands.js";
import { innovationFields, testActor } from "../support/fixtures.js";
import { newSpreadsheet, seedUnits, startSyncWorld, tabRows, type SyncWorld } from "./support.js";

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld();
  await seedUnits(world);
});
afterAll(() => world.stop());

it("adds a target, prepares its tab, syncs and lists, in Bahasa Indonesia", async () => {
  const printed: string[] = [];
  const program = new Command("labinov").exitOverride();
  registerSheetsCommands(program, { db: () => world.database.db, sheets: () => world.sheets, print: (line) => printed.push(line) });
  const run = (...args: string[]) => program.parseAsync(["node", "labinov", "sheets", ...args]);
  const spreadsheetId = await newSpreadsheet(world);
  await world.stores.innovations.create("INO-CLI00001", innovationFields({ name: "Lewat CLI" }), testActor);

  await run("add-target", "--spreadsheet", spreadsheetId, "--tab", "Inovasi Dinkes", "--units", "dinkes");
  const targetId = `${spreadsheetId}__Inovasi_Dinkes`;
  expect(printed.pop()).toMatch(new RegExp(`Target ${targetId} terdaftar`));
  await run("init", targetId);
  expect(printed.pop()).toMatch(/tab dibuat; kolom ditambahkan: ID, Nama Inovasi/);
  await run("sync", spreadsheetId);
  expect(printed).toContainEqual(expect.stringMatching(/Inovasi Dinkes: 0 baris; 0 baru.*1 ditambahkan ke sheet/));
  expect((await tabRows(world, spreadsheetId, "Inovasi Dinkes"))[0]).toMatchObject({ ID: "INO-CLI00001", "Nama Inovasi": "Lewat CLI" });
  printed.length = 0;
  await run("list");
  expect(printed).toEqual([`${targetId}\tinnovations\tdinkes`]);
});
