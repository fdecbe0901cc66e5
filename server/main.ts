import { parseEnv } from "./env.ts";
import { startServer } from "./index.ts";

/** `npm start` / `npm run dev`: boot one node and print how to use it. */
async function main() {
  let env: ReturnType<typeof parseEnv>;
  try {
    env = parseEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const server = await startServer({ env, ui: { mode: env.NODE_ENV === "development" ? "vite" : "build" } });
  const lines = [
    "",
    `  Switchboard is running at ${env.PUBLIC_URL}  (database: ${server.ctx.sql.kind}${env.DATABASE_URL ? "" : `, ${env.DATA_DIR}`})`,
  ];
  const smtp = server.listeners.find((l) => "smtpPort" in l) as { smtpPort?: number } | undefined;
  if (smtp?.smtpPort) lines.push(`  Inbound SMTP listening on port ${smtp.smtpPort}`);
  if (server.bootstrap.admin) {
    lines.push(
      `  Log in as ${server.bootstrap.admin.email}` +
        (server.bootstrap.admin.password ? ` with password ${server.bootstrap.admin.password}` : " with ADMIN_PASSWORD"),
    );
    if (server.bootstrap.demo) {
      lines.push(
        `  Demo agents maya@switchboard.local, kenji@switchboard.local (agents) and sam@switchboard.local (viewer, Sales) use password ${server.bootstrap.demo.password}`,
      );
    }
    lines.push("  (Shown once, on the first start. Keep it somewhere safe.)");
  } else {
    lines.push("  Log in with your existing account.");
  }
  console.log(`${lines.join("\n")}\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: shutting down`);
    await server.close().catch((err) => console.error(err));
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err) => {
  console.error(`Switchboard failed to start: ${err?.stack ?? err}`);
  process.exit(1);
});
