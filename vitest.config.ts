import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // CLI tests spawn subprocesses; two cores are all we get.
    pool: "forks",
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
  },
});
