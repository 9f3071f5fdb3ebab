// emulator.hooks.beforeApply / afterApply: async callbacks at a request boundary, for tests
// that run the emulator in-process (e.g. to change the sheet "while" a sync reads it, as staff
// would). Not a Google behaviour; it rests on the emulator's own contract (sheets/emulator/README.md, "Hooks").
import { beforeAll, describe, expect, it } from "vitest";
import { getCell } from "../../sheets/emulator/model.js";
import { emulatorForFile } from "./emulatorForFile.js";

const world = emulatorForFile();
let id: string;

beforeAll(async () => {
  id = (await world.sheets.spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
});

const a1 = (): unknown => getCell(world.emulator.spreadsheets.get(id)!.sheets[0]!, 0, 0)?.input.value;
const write = (value: string): Promise<unknown> =>
  world.sheets.spreadsheets.values.update({ spreadsheetId: id, range: "A1", valueInputOption: "RAW", requestBody: { values: [[value]] } });

describe("hooks", () => {
  it("beforeApply sees the state before the request, afterApply the state after, before the answer", async () => {
    await write("old");
    const seen: string[] = [];
    let answered = false;
    const offBefore = world.emulator.hooks.beforeApply("spreadsheets.values.update", (call) => {
      seen.push(`before:${JSON.stringify(a1())}:${call.spreadsheetId === id}`);
    });
    const offAfter = world.emulator.hooks.afterApply("spreadsheets.values.update", async () => {
      await Promise.resolve();
      seen.push(`after:${JSON.stringify(a1())}:${answered}`);
    });
    await write("new");
    answered = true;
    expect(seen).toEqual(['before:{"stringValue":"old"}:true', 'after:{"stringValue":"new"}:false']);
    offBefore();
    offAfter();
    await write("third");
    expect(seen).toHaveLength(2);
  });

  it("an async beforeApply can change the sheet the request then reads", async () => {
    await write("stale");
    const off = world.emulator.hooks.beforeApply("spreadsheets.values.get", async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      world.emulator.spreadsheets.get(id)!.sheets[0]!.rows[0]![0]!.input = { value: { stringValue: "edited by staff" } };
    });
    const res = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" });
    off();
    expect(res.data.values).toEqual([["edited by staff"]]);
  });

  it('"*" matches every method, and a throwing hook answers 500', async () => {
    const methods: string[] = [];
    const offAll = world.emulator.hooks.beforeApply("*", (call) => {
      methods.push(call.method);
    });
    const offThrow = world.emulator.hooks.afterApply("spreadsheets.values.get", () => {
      throw new Error("boom");
    });
    const status = await world.sheets.spreadsheets.values.get({ spreadsheetId: id, range: "A1" }).then(
      (r) => r.status,
      (e: { response?: { status: number } }) => e.response?.status,
    );
    offAll();
    offThrow();
    expect(methods).toEqual(["spreadsheets.values.get"]);
    expect(status).toBe(500);
  });
});
