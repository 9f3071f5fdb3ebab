// One Sheets emulator per test file, and the official client pointed at it: started before the
// file's tests, stopped after. Read `world.emulator` and `world.sheets` inside tests and hooks.
import { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll } from "vitest";
import { startSheetsEmulator, type SheetsEmulator } from "../../sheets/emulator/index.js";

export interface EmulatorForFile {
  emulator: SheetsEmulator;
  sheets: sheets_v4.Sheets;
}

export function emulatorForFile(): EmulatorForFile {
  const world = {} as EmulatorForFile;
  beforeAll(async () => {
    world.emulator = await startSheetsEmulator();
    world.sheets = new sheets_v4.Sheets({ rootUrl: `${world.emulator.url}/`, auth: "k", retry: false } as never);
  });
  afterAll(() => world.emulator.stop());
  return world;
}
