import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/server/db/client.ts";
import { applyMigrations } from "~/server/db/migrate.ts";
import type { Actor } from "~/server/domain/access.ts";
import { postgresSearchIndex, type Walk } from "~/server/domain/search/postgres-search-index.ts";
import type { IndexQuery, SearchFilters } from "~/server/domain/search/search-index.ts";
import { createTestDatabase } from "./support/database.ts";

/**
 * Newest first, the index walks the date index in windows and takes the GIN index for the rest when
 * a term turns out rare (docs/decisions/012-search.md). Whatever the window sizes, the pages must be
 * the same: here tiny windows (many windows, and the GIN fallback after a dozen entries) against one
 * window that reads everything, over 240 messages with ties in time, restricted conversations,
 * subjects, filters and every page.
 */
let db: Database;
let drop: () => Promise<void>;

const AGENT: Actor = { id: "u-agent", email: "a@x.test", name: "A", role: "agent", locale: "en", departmentIds: [] };
const ADMIN: Actor = { ...AGENT, id: "u-admin", role: "admin" };
const WHOLE: Walk = { first: 1_000_000, cap: 1_000_000_000 };
const WINDOWS: Walk = { first: 3, cap: 1_000_000_000 };
const FALLBACK: Walk = { first: 3, cap: 12 };

beforeAll(async () => {
  const fresh = await createTestDatabase();
  drop = fresh.drop;
  db = await openDatabase(fresh.options);
  await applyMigrations(db.sql);
  // Conversation i (0–47) of contact i % 3, in department "secret" (restricted) when i % 7 = 3;
  // message j (0–4) at minute i * 5 + j, except that j = 4 shares j = 3's time (a tie).
  await db.sql.exec(`
    INSERT INTO "Inbox" (id, kind, name) VALUES ('inb', 'email', 'Support');
    INSERT INTO "Department" (id, name, restricted) VALUES ('secret', 'Legal', true);
    INSERT INTO "Contact" (id, name, "updatedAt") SELECT 'ct' || k, 'Customer ' || k, now() FROM generate_series(0, 2) k;
    INSERT INTO "Conversation" (id, "inboxId", "contactId", subject, "replyToken", status, "departmentId", "createdAt")
      SELECT 'cv' || lpad(i::text, 2, '0'), 'inb', 'ct' || (i % 3),
        CASE WHEN i % 5 = 0 THEN '返金のご相談 ' || i ELSE 'Order ' || i END, 'r' || i,
        (ARRAY['open', 'pending', 'resolved'])[1 + i % 3]::"ConversationStatus",
        CASE WHEN i % 7 = 3 THEN 'secret' END, timestamp '2026-01-01' + (i * 5) * interval '1 minute'
      FROM generate_series(0, 47) i;
    INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, channel, text, "createdAt")
      SELECT 'm' || lpad(i::text, 2, '0') || '-' || j, 'cv' || lpad(i::text, 2, '0'), 'ct' || (i % 3), 'inb', 'inbound', 'email',
        concat_ws(' ',
          CASE WHEN (i * 7 + j) % 3 = 0 THEN '返金をお願いします' END,
          CASE WHEN j % 2 = 1 THEN 'Invoice attached' END,
          CASE WHEN i IN (4, 41) AND j = 2 THEN 'a rare gasket' END,
          CASE WHEN (i + j) % 4 = 0 THEN 'refund request' ELSE 'request for a refund' END),
        timestamp '2026-01-01' + (i * 5 + LEAST(j, 3)) * interval '1 minute'
      FROM generate_series(0, 47) i CROSS JOIN generate_series(0, 4) j;
  `);
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});

const pages = async (walk: Walk, actor: Actor, include: string[], filters: SearchFilters = {}, exclude: string[] = []) => {
  const index = postgresSearchIndex(db.prisma, walk);
  const out: unknown[] = [];
  for (let offset = 0; ; offset += 5) {
    const query: IndexQuery = { actor, include, exclude, filters, sort: "newest", offset, limit: 5 };
    const { hits, more } = await index.search(query);
    out.push(hits.map((h) => `${h.conversationId} ${h.messageId ?? "subject"} ${h.createdAt.toISOString()} ×${h.hitCount}`));
    if (!more) return out;
  }
};

describe("the newest-first walk gives the same pages whatever its windows", () => {
  const cases: [string, Actor, string[], SearchFilters?, string[]?][] = [
    ["a common Japanese term", AGENT, ["返金"]],
    ["a common term as an admin (restricted conversations too)", ADMIN, ["返金"]],
    ["an English word prefix", AGENT, ["invoi"]],
    ["a phrase most candidates fail", AGENT, ["refund request"]],
    ["a rare word", AGENT, ["gasket"]],
    ["two terms and an exclusion", AGENT, ["返金", "invoice"], {}, ["gasket"]],
    ["a status filter", AGENT, ["返金"], { status: "open" }],
    ["a period", AGENT, ["refund"], { from: new Date("2026-01-01T01:00:00Z"), to: new Date("2026-01-01T03:00:00Z") }],
    ["one customer's history", AGENT, ["refund"], { contactId: "ct1" }],
  ];
  it.each(cases)("%s", async (_label, actor, include, filters = {}, exclude = []) => {
    const whole = await pages(WHOLE, actor, include, filters, exclude);
    expect(whole.flat().length).toBeGreaterThan(0);
    expect(await pages(WINDOWS, actor, include, filters, exclude)).toEqual(whole);
    expect(await pages(FALLBACK, actor, include, filters, exclude)).toEqual(whole);
  });

  it("keeps restricted conversations from agents and orders ties by id", async () => {
    const hits = (await pages(WHOLE, AGENT, ["返金"])).flat() as string[];
    expect(hits.some((h) => /^cv(03|10|17|24|31|38|45) /.test(h))).toBe(false);
    const admin = (await pages(WHOLE, ADMIN, ["返金"])).flat() as string[];
    expect(admin.some((h) => h.startsWith("cv45 "))).toBe(true);
    // Newest first: conversation 47 (its messages are the newest) leads.
    expect(admin[0]).toMatch(/^cv47 /);
  });
});
