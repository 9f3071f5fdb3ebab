// Keeps a green run quiet: our structured logs and what libraries print with console.warn and
// console.error (the Functions Framework prints every error a handler throws) are held per test
// and printed only when that test fails; what a file logs outside its tests (in beforeAll and
// afterAll) is printed when anything in the file failed. LABINOV_TEST_LOGS=all prints all live.
import { format } from "node:util";
import { afterAll, afterEach, beforeEach } from "vitest";
import type { RunnerTask } from "vitest";
import { setLogSink } from "../../src/log.js";

/** Lines held for the running test, or for the file while no test runs. */
let forTest: string[] | null = null;
const forFile: string[] = [];
const hold = (line: string) => (forTest ?? forFile).push(line);

const print = console.error.bind(console);

function failedWithin(task: RunnerTask): boolean {
  if (task.result?.state === "fail" || (task.result?.errors?.length ?? 0) > 0) return true;
  return "tasks" in task && task.tasks.some(failedWithin);
}

if (process.env.LABINOV_TEST_LOGS !== "all") {
  setLogSink((line) => hold(line));
  console.warn = (...args: unknown[]) => hold(format(...args));
  console.error = (...args: unknown[]) => hold(format(...args));

  beforeEach(({ task, onTestFailed }) => {
    const lines: string[] = [];
    forTest = lines;
    onTestFailed(() => {
      if (lines.length > 0) print(`Log of the failed test "${task.name}" (${lines.length} lines):\n${lines.join("\n")}`);
    });
  });
  afterEach(() => {
    forTest = null;
  });
  // Registered before the file's own hooks, so it runs after them (afterAll hooks run in reverse).
  // vitest wants the context destructured; only the file (second argument) is needed here.
  // eslint-disable-next-line no-empty-pattern
  afterAll(({}, file) => {
    if (forFile.length > 0 && failedWithin(file)) print(`Log outside the tests of ${file.name} (${forFile.length} lines):\n${forFile.join("\n")}`);
  });
}
