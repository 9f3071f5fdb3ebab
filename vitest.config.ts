import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files share one emulator; each file works in its own project id (see test/support/firestore.ts).
    fileParallelism: true,
  },
});
