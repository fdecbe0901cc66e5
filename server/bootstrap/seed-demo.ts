import { randomBytes } from "node:crypto";
import type { AppContext } from "~/server/context.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";
import { createDepartment } from "~/server/domain/admin/create-department.ts";
import { loadActor, type Actor } from "~/server/domain/access.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { addNote } from "~/server/domain/messages/add-note.ts";
import { updateConversation } from "~/server/domain/conversations/update-conversation.ts";

/**
 * The demo workspace seeded on an empty database (SEED_DEMO=false skips it): departments Support
 * and Sales, a few agents, and customers who wrote by chat and email, in English and Japanese.
 * Customer messages go through the real ingest flow so threading and timelines are genuine.
 */
export async function seedDemo(ctx: AppContext, adminEmail: string) {
  const password = `demo-${randomBytes(6).toString("base64url")}`;
  const support = await createDepartment(ctx, "system", { name: "Support" }).catch(() => null);
  const sales = await createDepartment(ctx, "system", { name: "Sales" }).catch(() => null);
  if (!support || !sales) return null;
  const user = (email: string, name: string, role: "agent" | "viewer", departmentIds: string[], locale = "en") =>
    createUser(ctx, "system", { email, name, role, password, departmentIds, locale });
  const maya = await user("maya@switchboard.local", "Maya Chen", "agent", [support.id]);
  const kenji = await user("kenji@switchboard.local", "佐藤 健二", "agent", [support.id], "ja");
  await user("sam@switchboard.local", "Sam Rivera", "viewer", [sales.id]);
  const admin = await ctx.db.user.findUniqueOrThrow({ where: { email: adminEmail }, select: { id: true } });
  await ctx.db.departmentMember.create({ data: { userId: admin.id, departmentId: support.id } });

  const company = await ctx.db.company.create({
    data: { name: "Acme Logistics", domains: { create: [{ domain: "acme-logistics.example" }] } },
  });
  const chat = await ctx.db.inbox.create({
    data: {
      kind: "web_chat",
      name: "Website chat",
      departmentId: support.id,
      config: { greeting: "Hi! How can we help?", allowedOrigins: [] },
    },
  });
  const email = await ctx.db.inbox.create({
    data: {
      kind: "email",
      name: "support@acme.example",
      departmentId: support.id,
      config: { address: "support@acme.example", delivery: "capture" },
    },
  });

  const inbound = async (
    inboxId: string,
    from: { kind: "email" | "chat_visitor"; address: string; displayName?: string },
    text: string,
    subject?: string,
    threadKey?: string,
  ) =>
    ingestInboundMessage(ctx, {
      inboxId,
      message: {
        providerMessageId: `demo-${randomBytes(8).toString("hex")}`,
        from,
        subject,
        text,
        threading: threadKey ? { threadKey } : {},
      },
    });
  const reply = async (conversationId: string, author: { id: string }, text: string) => {
    const c = await ctx.db.conversation.findUniqueOrThrow({
      where: { id: conversationId },
      select: { contactId: true, inboxId: true, inbox: { select: { kind: true } } },
    });
    await ctx.db.message.create({
      data: {
        conversationId,
        contactId: c.contactId,
        inboxId: c.inboxId,
        direction: "outbound",
        channel: c.inbox.kind,
        authorUserId: author.id,
        text,
        deliveryStatus: "delivered",
        providerMessageId: `demo-out-${randomBytes(8).toString("hex")}`,
      },
    });
  };
  const actor = async (id: string) => (await loadActor(ctx, id)) as Actor;

  const a = await inbound(
    email.id,
    { kind: "email", address: "olivia@acme-logistics.example", displayName: "Olivia Park" },
    "Hello,\n\nOur March invoice shows 42 seats but we only have 35 active users. Could you check and send a corrected invoice?\n\nThanks,\nOlivia",
    "Invoice shows the wrong number of seats",
  );
  await ctx.db.contact.update({
    where: { id: (await ctx.db.conversation.findUniqueOrThrow({ where: { id: a.conversationId } })).contactId },
    data: { companyId: company.id },
  });
  await reply(a.conversationId, maya, "Hi Olivia, thanks for flagging this. I'm checking with billing and will get back to you today.");
  await addNote(ctx, await actor(maya.id), {
    conversationId: a.conversationId,
    text: "Billing says 7 seats were deactivated after the invoice run. Sales, can you confirm the renewal terms?",
  });

  const b = await inbound(
    chat.id,
    { kind: "chat_visitor", address: `demo-${randomBytes(6).toString("hex")}`, displayName: "Leo Martin" },
    "Hi, I can't find where to export my shipment history as CSV.",
    undefined,
    "demo-visitor-1",
  );
  await reply(b.conversationId, kenji, "Hi Leo! Go to Reports → Shipments and use the Export button at the top right.");

  const c = await inbound(
    email.id,
    { kind: "email", address: "yamada@example.jp", displayName: "山田 花子" },
    "お世話になっております。\n配送状況の通知メールが届かなくなりました。設定を確認していただけますでしょうか。\n\n山田",
    "配送通知メールが届きません",
  );
  await updateConversation(ctx, await actor(kenji.id), c.conversationId, { assigneeId: kenji.id, priority: "high" });

  const d = await inbound(
    email.id,
    { kind: "email", address: "raj@globex.example", displayName: "Raj Patel" },
    "We'd like a quote for 120 seats on the annual plan, with SSO. Who can help?",
    "Quote for 120 seats",
  );
  await updateConversation(ctx, await actor(admin.id), d.conversationId, { departmentId: sales.id });
  const e = await inbound(
    chat.id,
    { kind: "chat_visitor", address: `demo-${randomBytes(6).toString("hex")}`, displayName: "Ana Souza" },
    "Thanks, that fixed it!",
    undefined,
    "demo-visitor-2",
  );
  await updateConversation(ctx, await actor(maya.id), e.conversationId, { status: "resolved" });
  return { password };
}
