import { useCreateForm } from "~/app/lib/use-create-form.ts";
import { useState } from "react";
import { z } from "zod";
import type { Route } from "./+types/inboxes";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { channelCan, createInbox, describeChannels, inboxHealth, listDirectory, listInboxes } from "~/app/lib/domain.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { buildInboxConfig } from "~/app/lib/inbox-config.ts";
import { useT } from "~/app/i18n/index.ts";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import { ChannelLabel } from "~/app/components/channel-icon.tsx";
import { InboxConfigFields } from "~/app/components/admin/inbox-config-fields.tsx";
import { SetupInfo } from "~/app/components/admin/setup-info.tsx";
import { ChannelHealth } from "~/app/components/admin/channel-health.tsx";
import { SlackChannels } from "~/app/components/admin/slack-channels.tsx";
import { slackLinkAction, slackLinksWithNames } from "~/app/lib/slack-links.server.ts";
import { NamedOptions } from "~/app/components/named-options.tsx";
import { useChannel, useChannels, useLocalized } from "~/app/lib/channels.tsx";
import { readForm } from "~/app/lib/read-form.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireAdmin(request, context);
  const [inboxes, directory] = await Promise.all([listInboxes(context.app, user), listDirectory(context.app)]);
  const slackLinks = await slackLinksWithNames(
    context.app,
    user,
    inboxes.filter((i) => channelCan(context.app, i.kind, "channelLinks")).map((i) => i.id),
  );
  // Only what the page shows: names, kinds, setup info, health. Config values stay on the server.
  return {
    inboxes: inboxes.map((i) => ({
      id: i.id,
      kind: i.kind,
      name: i.name,
      enabled: i.enabled,
      department: i.department,
      setup: i.setup,
      health: inboxHealth(context.app, i),
      channelLinks: channelCan(context.app, i.kind, "channelLinks"),
      slackLinks: slackLinks.filter((l) => l.inboxId === i.id),
    })),
    departments: directory.departments,
  };
}

const base = z.object({ kind: z.string(), name: z.string(), departmentId: z.string() });

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "create");
  if (intent === "link-slack" || intent === "unlink-slack") return actionResult(intent, () => slackLinkAction(context.app, user, form));
  const parsed = base.safeParse({ kind: form.get("kind"), name: form.get("name") ?? "", departmentId: form.get("departmentId") ?? "" });
  const channel = parsed.success ? describeChannels(context.app).find((c) => c.kind === parsed.data.kind) : undefined;
  if (!parsed.success || !channel) return { ok: false as const, intent: "create", error: "Choose a channel and a name" };
  const { kind, name, departmentId } = parsed.data;
  return actionResult("create", () =>
    createInbox(context.app, user, {
      kind,
      name,
      departmentId: departmentId || null,
      config: buildInboxConfig(channel.configFields, form),
    }),
  );
}

export default function Inboxes({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { fetcher, formRef } = useCreateForm<typeof action>();
  const localized = useLocalized();
  const channels = useChannels();
  const [kind, setKind] = useState(channels[0]?.kind ?? "");
  const fields = useChannel(kind)?.configFields ?? [];

  return (
    <div className="admin-grid">
      <section>
        <h1 style={{ marginBottom: 16 }}>{t("admin.inboxes")}</h1>
        <div className="card">
          {loaderData.inboxes.length === 0 ? <p className="card-body muted">{t("admin.noItems")}</p> : null}
          <table className="table">
            <tbody>
              {loaderData.inboxes.map((i) => (
                <tr key={i.id} data-inbox-id={i.id}>
                  <td style={{ width: "40%" }}>
                    <strong>{i.name}</strong>
                    <div>
                      <ChannelLabel channel={i.kind} />
                    </div>
                    <div className="small muted">
                      {i.department?.name ?? t("admin.none")} · {i.enabled ? t("admin.enabled") : t("admin.disabled")}
                    </div>
                  </td>
                  <td>
                    <SetupInfo items={i.setup} />
                    <ChannelHealth health={i.health} />
                    {i.channelLinks ? <SlackChannels inboxId={i.id} links={i.slackLinks} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <fetcher.Form method="post" className="card card-body form-stack" ref={formRef} autoComplete="off">
        <h2>{t("admin.newInbox")}</h2>
        <FormResult data={fetcher.data} busy={fetcher.state !== "idle"} />
        <label className="field">
          {t("admin.kind")}
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {channels.map((c) => (
              <option key={c.kind} value={c.kind}>
                {localized(c.label)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t("admin.name")}
          <input type="text" name="name" required maxLength={100} />
        </label>
        <label className="field">
          {t("admin.department")}
          <select name="departmentId" defaultValue="">
            <option value="">{t("admin.none")}</option>
            <NamedOptions items={loaderData.departments} />
          </select>
        </label>
        <InboxConfigFields kind={kind} fields={fields} />
        <p className="muted small">{t("admin.secretKept")}</p>
        <button className="button primary" type="submit" disabled={fetcher.state !== "idle"}>
          {fetcher.state !== "idle" ? t("admin.creating") : t("admin.create")}
        </button>
      </fetcher.Form>
    </div>
  );
}
