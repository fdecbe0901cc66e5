import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { openDatabase } from "~/server/db/client.ts";
import { applyMigrations } from "~/server/db/migrate.ts";
import { createTestDatabase } from "./support/database.ts";

const MIGRATIONS = path.resolve(import.meta.dirname, "../prisma/migrations");
const CHANNEL_LINKS = "20261201130000_channel_links";

/** The migration that moves Slack's links and department channels into generic tables keeps the data. */
it("copies Slack channel links and department channels into the generic tables", async () => {
  const before = await mkdtemp(path.join(os.tmpdir(), "sb-migrations-"));
  const fresh = await createTestDatabase();
  const db = await openDatabase(fresh.options);
  try {
    for (const name of await readdir(MIGRATIONS)) {
      if (name < CHANNEL_LINKS) await cp(path.join(MIGRATIONS, name), path.join(before, name), { recursive: true });
    }
    await applyMigrations(db.sql, before);
    await db.sql.exec(`
      INSERT INTO "Inbox" (id, kind, name) VALUES ('inbSlack', 'slack', 'Slack');
      INSERT INTO "Company" (id, name) VALUES ('co1', 'Acme KK');
      INSERT INTO "Contact" (id, name, "updatedAt") VALUES ('ct1', 'Yamada', now());
      INSERT INTO "Department" (id, name, "slackInboxId", "slackChannelId") VALUES ('dep1', 'Billing', 'inbSlack', 'CBILLING');
      INSERT INTO "Department" (id, name, "slackChannelId") VALUES ('dep2', 'Sales', 'CORPHAN');
      INSERT INTO "Department" (id, name) VALUES ('dep3', 'Support');
      INSERT INTO "SlackChannelLink" ("inboxId", "channelId", "contactId") VALUES ('inbSlack', 'CCONTACT', 'ct1');
      INSERT INTO "SlackChannelLink" ("inboxId", "channelId", "companyId") VALUES ('inbSlack', 'CCOMPANY', 'co1');
    `);
    expect(await applyMigrations(db.sql)).toContain(CHANNEL_LINKS);

    const links = await db.prisma.channelLink.findMany({
      orderBy: { externalId: "asc" },
      select: { inboxId: true, externalId: true, contactId: true, companyId: true },
    });
    expect(links).toEqual([
      { inboxId: "inbSlack", externalId: "CCOMPANY", contactId: null, companyId: "co1" },
      { inboxId: "inbSlack", externalId: "CCONTACT", contactId: "ct1", companyId: null },
    ]);
    // A channel id without its inbox never notified anyone; it is not carried over.
    expect(await db.prisma.departmentChannel.findMany({ select: { departmentId: true, inboxId: true, externalId: true } })).toEqual([
      { departmentId: "dep1", inboxId: "inbSlack", externalId: "CBILLING" },
    ]);
  } finally {
    await db.close();
    await fresh.drop();
    await rm(before, { recursive: true, force: true });
  }
});
