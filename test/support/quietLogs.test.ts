// A green run prints no logs of failures the tests provoke on purpose; a failing test shows its
// log. Checked on a real vitest run of a fixture with one passing and one failing test.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");

function runFixture(extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "info", NO_COLOR: "1", ...extraEnv };
  delete env.LABINOV_TALLY_FILE;
  const run = spawnSync(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", "test/support/fixtures/vitest.noisyLogs.config.ts"], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe("test logs", () => {
  let quiet: ReturnType<typeof runFixture>;
  beforeAll(() => {
    quiet = runFixture();
  });

  it("keeps a passing test's provoked errors out of the output, shows a failing test's log, and keeps the closing line", () => {
    const { status, output } = quiet;
    expect(status).toBe(1);
    expect(output).not.toContain("QUIET-EXPECTED-ERROR");
    expect(output).not.toContain("QUIET-LIBRARY-STACK");
    expect(output).toContain("SHOWN-WITH-THE-FAILURE");
    expect(output).toContain('Log of the failed test "fails, so its log is shown"');
    // The failed setup counts as a failure of the test that never ran.
    expect(output).toMatch(/\n2 passed, 2 failed, 0 skipped\n/);
  });

  it("shows what a file logged outside its tests only when something in it failed", () => {
    const { output } = quiet;
    expect(output).toContain("HOOK-LOG-BEFORE-A-FAILED-SETUP");
    expect(output).not.toContain("HOOK-LOG-OF-A-GREEN-FILE");
  });

  it("prints everything live with LABINOV_TEST_LOGS=all", () => {
    const { output } = runFixture({ LABINOV_TEST_LOGS: "all" });
    expect(output).toContain("QUIET-EXPECTED-ERROR");
    expect(output).toContain("QUIET-LIBRARY-STACK");
    expect(output).toContain("HOOK-LOG-OF-A-GREEN-FILE");
  });
});
