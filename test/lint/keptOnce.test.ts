// Shared logic lives once (issue 14, "Kept once"). Each rule names the one file allowed to
// define the thing; a copy anywhere else in the repository fails here. The Sheets emulator
// imports nothing of labinov's (README "Layout") and so keeps its own copies; it is left out.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { escapeHtml as emulatorEscape } from "../../sheets/emulator/viewPage.js";
import { escapeHtml } from "../../src/html/escape.js";

const ROOT = process.cwd();
const FOLDERS = ["functions", "src", "sheets", "local", "cli", "bench", "test"];
const STANDALONE = "sheets/emulator/";

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

const files = FOLDERS.flatMap(sourceFiles)
  .map((path) => relative(ROOT, join(ROOT, path)))
  .filter((path) => !path.startsWith(STANDALONE) && path !== "test/lint/keptOnce.test.ts");

function definedIn(pattern: RegExp, scope: (path: string) => boolean = () => true): string[] {
  return files.filter((path) => scope(path) && pattern.test(readFileSync(join(ROOT, path), "utf8"))).sort();
}

const notTest = (path: string) => !path.startsWith("test/");

describe("kept once", () => {
  it("HTML escaping: src/html/escape.ts (tests may assert entities, so only code is searched)", () => {
    expect(definedIn(/["']&quot;["']|["']&#39;["']/, notTest)).toEqual(["src/html/escape.ts"]);
  });

  it("the emulator's own copy escapes as labinov's does, the single quote included", () => {
    const text = `<a href='x' title="y">Tom & 'Jerry'</a>`;
    expect(emulatorEscape(text)).toBe(escapeHtml(text));
    expect(escapeHtml(text)).toBe("&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  });

  it("column letters: sheets/layout/columns.ts, for code and tests alike", () => {
    expect(definedIn(/fromCharCode\(\s*6[45]\s*\+/)).toEqual(["sheets/layout/columns.ts"]);
  });

  it("which column a store field is shown in (tahapanOverride, stageHistory, stageMove, statusBeforeArchive): sheets/layout/fields.ts", () => {
    const alias = /["']?(tahapanOverride|stageHistory|stageMove|statusBeforeArchive)["']?\s*(:|\?|===)\s*["'](tahapan|stage|status)["']/;
    expect(definedIn(alias, notTest)).toEqual(["sheets/layout/fields.ts"]);
  });

  it("the Firestore event encoder: local/firestoreEvents.ts", () => {
    // A Firestore value from a string; a Sheets cell's userEnteredValue.stringValue is another thing.
    expect(definedIn(/\bDocumentEventData\.encode\(|return \{ stringValue:\s*value\b/)).toEqual(["local/firestoreEvents.ts"]);
  });

  it("the signed-request gate: src/http/signedRequest.ts, used by sheetEdited and formSubmitted", () => {
    expect(definedIn(/checkSignedRequest\(/, notTest)).toEqual(["src/http/auth.ts", "src/http/signedRequest.ts"]);
    expect(definedIn(/acceptSignedRequest\b/, notTest)).toEqual(["functions/formSubmitted.ts", "functions/sheetEdited.ts", "src/http/signedRequest.ts"]);
  });
});
