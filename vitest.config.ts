import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

// Separate from vite.config.ts so tests don't load the React Router build plugin.
export default defineConfig({
  // Mirrors the "~/*" path in tsconfig.json.
  resolve: { alias: { "~": root } },
  test: {
    include: ["{common,server,integrations,app,prisma,test}/**/*.test.{ts,tsx}"],
    exclude: ["**/node_modules/**", "test/e2e/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Each file boots its own database; two at a time fits a 2-core machine.
    maxWorkers: 2,
    setupFiles: ["test/support/console-guard.ts"],
    // Fake providers listen on 127.0.0.1; the outbound-fetch guard refuses loopback without this flag.
    env: { OUTBOUND_FETCH_ALLOW_PRIVATE: "true" },
  },
});
