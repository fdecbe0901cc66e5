import path from "node:path";
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [reactRouter()],
  resolve: {
    // Mirrors the "~/*" path in tsconfig.json.
    alias: { "~": path.resolve(import.meta.dirname, "app") },
  },
  server: { hmr: process.env.NODE_ENV === "development" },
  build: { target: "es2022" },
});
