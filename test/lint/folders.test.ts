// The folder rule of README's "Layout" is enforced by lint (eslint.config.js): these imports
// must be refused where they point the wrong way, and allowed where they point the right way.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The snippets are not files of the TypeScript project, so the type-aware rules are off here.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { "@typescript-eslint/no-floating-promises": "off", "@typescript-eslint/no-misused-promises": "off", "@typescript-eslint/await-thenable": "off" },
  },
});

async function folderErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  const fatal = result?.messages.find((message) => message.fatal);
  if (fatal) throw new Error(fatal.message);
  return (result?.messages ?? []).filter((message) => message.ruleId === "no-restricted-imports").map((message) => message.message);
}

describe("folders point one way", () => {
  const refused: [string, string][] = [
    ["src/store/example.ts", 'export { syncSpreadsheet } from "../../sheets/index.js";'],
    ["src/forms/example.ts", 'export { productionDeps } from "../../functions/deps.js";'],
    ["src/example.ts", 'export { startLocalStack } from "../local/stack.js";'],
    ["sheets/sync/example.ts", 'export { productionDeps } from "../../functions/deps.js";'],
    ["sheets/example.ts", 'export { main } from "../cli/main.js";'],
    ["sheets/sync/example.ts", 'export { startSheetsEmulator } from "../emulator/index.js";'],
    ["functions/example.ts", 'export { startLocalStack } from "../local/stack.js";'],
    ["functions/example.ts", 'export { startSheetsEmulator } from "../sheets/emulator/index.js";'],
    ["functions/example.ts", 'export { describe } from "vitest";'],
    ["sheets/emulator/example.ts", 'export { log } from "../../src/log.js";'],
    ["cli/example.ts", 'export { planTarget } from "../sheets/sync/plan.js";'],
  ];
  it.each(refused)("%s may not import: %s", async (filePath, source) => {
    expect(await folderErrors(filePath, source)).not.toEqual([]);
  });

  const allowed: [string, string][] = [
    ["functions/example.ts", 'export { syncSpreadsheet } from "../sheets/index.js";'],
    ["functions/example.ts", 'export { log } from "../src/log.js";'],
    ["sheets/sync/example.ts", 'export { stores } from "../../src/store/kinds.js";'],
    ["sheets/example.ts", 'export { fieldsOf } from "./layout/fields.js";'],
    ["src/forms/example.ts", 'export { log } from "../log.js";'],
    ["local/example.ts", 'export { productionDeps } from "../functions/deps.js";'],
    ["cli/example.ts", 'export { syncSpreadsheet } from "../sheets/index.js";'],
  ];
  it.each(allowed)("%s may import: %s", async (filePath, source) => {
    expect(await folderErrors(filePath, source)).toEqual([]);
  });
});
