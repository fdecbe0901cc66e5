import type { Config } from "@react-router/dev/config";

// Server-rendered app mounted by server/index.ts through @react-router/express; the Node process
// supplies the load context (see app/load-context.ts), so no adapter-specific entry is needed.
export default {
  appDirectory: "app",
  buildDirectory: "build",
  ssr: true,
  // React Router v8's behaviours, decided now so that builds print no future-flag warnings. Each stays
  // off until it is adopted deliberately: v8_middleware turns the load context into a
  // RouterContextProvider (app/load-context.ts and every route reading context.app would change), and
  // the others change the build pipeline, the request loaders see, and .data URLs.
  future: {
    v8_middleware: false,
    v8_splitRouteModules: false,
    v8_viteEnvironmentApi: false,
    v8_passThroughRequests: false,
    v8_trailingSlashAwareDataRequests: false,
  },
} satisfies Config;
