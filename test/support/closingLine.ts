// A vitest reporter that ends every run with the skipped tests (their names say why and how to
// enable them) and one plain line, "N passed, N failed, N skipped", for people and CI alike.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Reporter, SerializedError, TestCase, TestModule, TestSuite } from "vitest/node";

export interface Tally {
  passed: number;
  failed: number;
  skipped: string[];
}

/** A test vitest marks skipped because a hook or suite around it failed: it did not run, and that is a failure. */
function failedAround(test: TestCase): boolean {
  let parent: TestSuite | TestModule = test.parent;
  for (;;) {
    if (parent.errors().length > 0) return true;
    if (parent.type === "module") return false;
    parent = parent.parent;
  }
}

/** Counts per test; a file that failed outside any test (a throwing import or hook) counts as one failure at least. */
export function tally(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): Tally {
  const result: Tally = { passed: 0, failed: unhandled.length, skipped: [] };
  for (const module of modules) {
    let failedHere = 0;
    for (const test of module.children.allTests()) {
      const outcome = test.result();
      if (outcome.state === "passed") result.passed++;
      else if (outcome.state === "failed" || (outcome.state === "skipped" && failedAround(test))) failedHere++;
      else if (outcome.state === "skipped") {
        const note = outcome.note ? ` (${outcome.note})` : "";
        result.skipped.push(`${module.relativeModuleId} > ${test.fullName}${note}`);
      }
    }
    if (failedHere === 0 && module.errors().length > 0) failedHere = 1;
    result.failed += failedHere;
  }
  return result;
}

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    const { passed, failed, skipped } = tally(modules, unhandled);
    if (skipped.length > 0) console.log(`\nSkipped:\n${skipped.map((name) => `  ${name}`).join("\n")}`);
    // .ci/run reads the tally from here to fail on any skip.
    const file = process.env.LABINOV_TALLY_FILE;
    if (file) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ passed, failed, skipped }, null, 2));
    }
    console.log(`\n${passed} passed, ${failed} failed, ${skipped.length} skipped`);
  }
}
