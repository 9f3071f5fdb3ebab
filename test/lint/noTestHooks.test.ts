// Deployed code carries no test hooks (issue 14): crash tests kill a real process or use the
// Sheets emulator's faults (test/sync/resilience.test.ts, convergence.property.test.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const DEPLOYED = ["functions", "src", "sheets"];

function deployedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join("sheets", "emulator") ? [] : deployedFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

it("no deployed file holds a simulated crash or a crash point", () => {
  const hooked = DEPLOYED.flatMap(deployedFiles).filter((path) => /crashAfter|SimulatedCrash/.test(readFileSync(path, "utf8")));
  expect(hooked).toEqual([]);
});
