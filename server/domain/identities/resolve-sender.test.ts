import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthTestContext, createAuthTestContext } from "~/server/auth/test-context.ts";
import { resolveSender } from "./resolve-sender.ts";

let t: AuthTestContext;
beforeAll(async () => {
  t = await createAuthTestContext();
});
afterAll(async () => {
  await t?.close();
});

describe("resolveSender", () => {
  // Visitor ids are base64url: the made-up "Visitor XXXX" name may end in "-" or "_".
  it.each(["abcdefghijklmnopqr_-", "abcdefghijklmnopqrAB", "abcdefghijklmnop-9z_"])(
    "lets a chat visitor's own name replace the made-up one (%s)",
    async (visitorId) => {
      const from = { kind: "chat_visitor", address: visitorId };
      const first = await t.ctx.db.$transaction((tx) => resolveSender(tx, { from }));
      const made = await t.ctx.db.contact.findUniqueOrThrow({ where: { id: first.contactId }, select: { name: true } });
      expect(made.name).toBe(`Visitor ${visitorId.slice(-4).toUpperCase()}`);
      await t.ctx.db.$transaction((tx) => resolveSender(tx, { from: { ...from, displayName: "佐藤 健" } }));
      const named = await t.ctx.db.contact.findUniqueOrThrow({ where: { id: first.contactId }, select: { name: true } });
      expect(named.name).toBe("佐藤 健");
    },
  );

  it("keeps a name a person gave", async () => {
    const from = { kind: "email", address: "hanako@example.jp", displayName: "山田 花子" };
    const first = await t.ctx.db.$transaction((tx) => resolveSender(tx, { from }));
    await t.ctx.db.$transaction((tx) => resolveSender(tx, { from: { ...from, displayName: "Someone else" } }));
    const kept = await t.ctx.db.contact.findUniqueOrThrow({ where: { id: first.contactId }, select: { name: true } });
    expect(kept.name).toBe("山田 花子");
  });
});
