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

/**
 * Client build: the app's own modules that the inbox needs (the shell, the list, the conversation and
 * what they import, statically) go out as one "workspace" chunk instead of ~25 small ones. Each small
 * chunk is compressed on its own, so the split cost ~8 KiB of gzip on the inbox page (issue 10's
 * JavaScript budget); other routes keep their own chunks, and what a route loads on demand stays apart.
 */
const workspaceRoots = ["root.tsx", "routes/app-layout.tsx", "routes/inbox.tsx", "routes/inbox-conversation.tsx"].map((f) =>
  path.join(root, "app", f),
);
const ownSources = ["app", "common"].map((dir) => path.join(root, dir) + path.sep);
const isRoute = (file: string) =>
  file.startsWith(path.join(root, "app", "routes") + path.sep) || file === path.join(root, "app", "root.tsx");
const vendorChunks: Record<string, string> = Object.fromEntries([
  ...["react", "react-dom", "scheduler", "react-router", "cookie", "set-cookie-parser"].map((p) => [p, "react"]),
  ...["socket.io-client", "socket.io-parser", "engine.io-client", "engine.io-parser", "@socket.io/component-emitter", "debug", "ms"].map(
    (p) => [p, "socket"],
  ),
]);
type ModuleInfo = { importedIds: readonly string[] } | null;
let workspaceModules: Set<string> | undefined;
function workspaceChunk(id: string, meta: { getModuleIds(): IterableIterator<string>; getModuleInfo(id: string): ModuleInfo }) {
  if (!workspaceModules) {
    workspaceModules = new Set();
    const queue = [...meta.getModuleIds()].filter((m) => workspaceRoots.includes(m.split("?")[0]!));
    for (const m of queue) {
      for (const next of meta.getModuleInfo(m)?.importedIds ?? []) {
        if (workspaceModules.has(next) || !ownSources.some((dir) => next.startsWith(dir))) continue;
        workspaceModules.add(next);
        queue.push(next);
      }
    }
  }
  const file = id.split("?")[0]!;
  // A manual chunk takes in the dependencies nobody else claimed: name the libraries' chunks too, or
  // zod (which the customers page parses with) would ride along into the inbox's chunk.
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
  if (pkg) return vendorChunks[pkg] ?? `vendor-${pkg.replace("/", "-")}`;
  // The four routes' own code too: their chunks stay (React Router loads a route by its chunk) as
  // re-exports of the workspace chunk, ~1 KiB less gzip than five separately compressed files.
  return (workspaceModules.has(id) && !isRoute(file)) || workspaceRoots.includes(file) ? "workspace" : undefined;
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [reactRouter()],
  resolve: {
    // Mirrors the "~/*" path in tsconfig.json.
    alias: { "~": root },
  },
  build: {
    target: "es2022",
    // Terser packs the client's JavaScript ~3 % smaller after gzip than esbuild does (issue 10's budget);
    // the server build is not minified.
    minify: isSsrBuild ? false : "terser",
    terserOptions: { module: true, compress: { passes: 2 } },
    rollupOptions: {
      onwarn(warning, warn) {
        if (!expected.has(warning.code ?? "")) warn(warning);
      },
      ...(isSsrBuild
        ? {
            external: (id: string, _importer: string | undefined, isResolved: boolean) => isServerSource(id, isResolved),
            makeAbsoluteExternalsRelative: false,
            // Relative to build/server/index.js (react-router.config.ts: buildDirectory "build"), so the
            // server build stays one file: the client's lazy imports (dictionaries, dialogs) are inlined.
            output: {
              inlineDynamicImports: true,
              paths: (id: string) => (isServerSource(id, true) ? toPosix(path.relative(serverBuildDir, id)) : id),
            },
          }
        : { output: { manualChunks: workspaceChunk } }),
    },
  },
}));
