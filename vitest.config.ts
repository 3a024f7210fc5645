import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // every test's temporary folders under one, removed at the end (FMNIST_KEEP_TEST_FILES=1 keeps it)
    globalSetup: ["test/helpers/temp-root.ts"],
  },
});
