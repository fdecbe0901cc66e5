import path from "node:path";
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

const root = import.meta.dirname;
const serverSources = ["common", "server", "integrations"].map((dir) => path.join(root, dir) + path.sep);

/**
 * In the server build, common/, server/ and integrations/ stay external: the route bundle imports the very
 * modules the Node process already loaded (one event bus, one adapter registry, one AppError
 * class) instead of carrying a second, bundled copy whose file paths point into build/.
 * The client build still bundles the few pure modules it uses from common/ (the realtime contract,
 * the vocabulary, the status machine).
 */
const serverBuildDir = path.join(root, "build", "server");
const toPosix = (p: string) => p.split(path.sep).join("/");

function isServerSource(id: string, isResolved: boolean) {
  return isResolved && serverSources.some((dir) => id.startsWith(dir));
}

/**
 * Warnings that say nothing actionable: resource routes (loaders and actions only) have no client code,
 * so their client chunk is empty by design; and a dependency's comments that Rollup drops.
 */
const expected = new Set(["EMPTY_BUNDLE", "INVALID_ANNOTATION"]);

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [reactRouter()],
  resolve: {
    // Mirrors the "~/*" path in tsconfig.json.
    alias: { "~": root },
  },
  build: {
    target: "es2022",
    rollupOptions: {
      onwarn(warning, warn) {
        if (!expected.has(warning.code ?? "")) warn(warning);
      },
      ...(isSsrBuild
        ? {
            external: (id: string, _importer: string | undefined, isResolved: boolean) => isServerSource(id, isResolved),
            makeAbsoluteExternalsRelative: false,
            // Relative to build/server/index.js (react-router.config.ts: buildDirectory "build").
            output: { paths: (id: string) => (isServerSource(id, true) ? toPosix(path.relative(serverBuildDir, id)) : id) },
          }
        : {}),
    },
  },
}));
