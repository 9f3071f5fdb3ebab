// The control surface on the standalone emulator (`npm run emulator:sheets`), driven over
// plain HTTP as a test in another language would: inject the applied-then-lost fault, see the
// write applied though its answer was lost, read the request log and counters, reset.
// Modelled on WireMock's /__admin/ (see /work/shared/STYLE.md section 6); not a Google behaviour.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let child: ChildProcess;
let url: string;

beforeAll(async () => {
  const tsx = path.resolve("node_modules/.bin/tsx");
  child = spawn(tsx, ["sheets/emulator/cli.ts", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}, 30_000);
afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
});

const json = async (res: Response): Promise<Record<string, unknown>> => (await res.json()) as Record<string, unknown>;

describe("standalone emulator control surface", () => {
  it("loses the answer of an applied write, and shows it in the log", async () => {
    const created = await json(await fetch(`${url}/v4/spreadsheets`, { method: "POST", body: "{}" }));
    const id = created.spreadsheetId as string;
    const fault = await fetch(`${url}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ method: "spreadsheets.values.update", afterApply: "drop", nth: 1 }),
    });
    expect(fault.status).toBe(200);
    const write = fetch(`${url}/v4/spreadsheets/${id}/values/A1?valueInputOption=RAW`, { method: "PUT", body: JSON.stringify({ values: [["applied"]] }) });
    await expect(write).rejects.toThrow();
    const read = await json(await fetch(`${url}/v4/spreadsheets/${id}/values/A1`));
    expect(read.values).toEqual([["applied"]]);
    const log = (await json(await fetch(`${url}/__emulator/requests`))).requests as { method: string; status: number }[];
    expect(log.map((e) => [e.method, e.status])).toEqual([
      ["spreadsheets.create", 200],
      ["spreadsheets.values.update", 0],
      ["spreadsheets.values.get", 200],
    ]);
    expect((await json(await fetch(`${url}/__emulator/counters`))).counters).toEqual({
      "spreadsheets.create": 1,
      "spreadsheets.values.update": 1,
      "spreadsheets.values.get": 1,
    });
    await fetch(`${url}/__emulator/reset`, { method: "POST" });
    expect((await json(await fetch(`${url}/__emulator/requests`))).requests).toEqual([]);
  });
});
