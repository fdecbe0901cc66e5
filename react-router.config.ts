import type { Config } from "@react-router/dev/config";

// Server-rendered app mounted by server/index.ts through @react-router/express; the Node process
// supplies the load context (see app/load-context.ts), so no adapter-specific entry is needed.
export default {
  appDirectory: "app",
  buildDirectory: "build",
  ssr: true,
} satisfies Config;
