import { defineConfig } from "prisma/config";

// Only `prisma generate` uses this CLI config. The server applies migrations itself
// (server/db/migrate.ts) and talks to the database through a driver adapter.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
