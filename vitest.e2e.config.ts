import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

// Browser tests: real Chromium against a real server; one file at a time (Chromium is heavy on 2 cores).
export default defineConfig({
  // Mirrors the "~/*" path in tsconfig.json.
  resolve: { alias: { "~": root } },
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
    // Under CI a browser test that fails is run once more: Chromium on 2 shared cores sometimes misses a
    // frame. A failure that repeats still fails the run, and vitest reports the retried test by name.
    retry: process.env.CI === "true" ? 1 : 0,
    setupFiles: ["test/support/console-guard.ts"],
  },
});
