import pg from "pg";
import { expect, it, vi } from "vitest";
import { TEST_DB } from "./support/database.ts";
import { startTestServer } from "./support/server.ts";
import { connectAgent } from "./support/socket.ts";

/**
 * A node that stops writes the status of the agents whose only sockets it held before its database
 * pool closes (server/realtime/status-writer.ts): they read offline afterwards, and no status write
 * runs into a closed pool. PostgreSQL only: the database must outlive the server to be read.
 */
it.skipIf(TEST_DB !== "postgres")("a stopping node records its agents offline before the pool closes", async () => {
  let url = "";
  let after: { status: string } | undefined;
  const warnings: string[] = [];
  const server = await startTestServer({
    ui: false,
    databaseUrl: (u) => (url = u),
    afterClose: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        after = (await client.query(`SELECT status FROM "User" WHERE email = $1`, [adminEmail])).rows[0];
      } finally {
        await client.end();
      }
    },
  });
  const admin = await server.ctx.db.user.findFirstOrThrow({ where: { role: "admin" }, select: { id: true, email: true } });
  const adminEmail = admin.email;
  const warn = server.ctx.log.warn.bind(server.ctx.log);
  server.ctx.log.warn = (msg: string) => {
    warnings.push(msg);
    warn(msg);
  };
  const socket = await connectAgent(server.url, { token: await server.apiToken(admin.id) });
  await vi.waitFor(async () => expect((await server.ctx.db.user.findUniqueOrThrow({ where: { id: admin.id } })).status).toBe("online"), {
    timeout: 15_000,
    interval: 50,
  });
  await server.stop();
  socket.close();
  expect(after).toEqual({ status: "offline" });
  expect(warnings.filter((w) => /status update failed/.test(w))).toEqual([]);
});
