import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    // Logs of a test are shown only when it fails (see the file).
    setupFiles: ["test/support/quietLogs.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files share one emulator; each file works in its own project id (see test/support/firestore.ts).
    fileParallelism: true,
    // The closing line lists what was skipped and why, then "N passed, N failed, N skipped".
    reporters: ["default", "./test/support/closingLine.ts"],
  },
});
