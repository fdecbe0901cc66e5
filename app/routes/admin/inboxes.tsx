import { useCreateForm } from "~/app/lib/use-create-form.ts";
import { useState } from "react";
import { z } from "zod";
import { CsatSettingsForm } from "~/app/components/csat/csat-settings-form.tsx";
import type { Route } from "./+types/inboxes";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import {
  canTestConnection,
  channelCan,
  createInbox,
  describeChannels,
  inboxHealth,
  listDirectory,
  listInboxes,
  testInboxConnection,
  updateInbox,
} from "~/app/lib/domain.server.ts";
import { actionResult, isAppError } from "~/app/lib/errors.server.ts";
import { buildInboxConfig, withUnlistedKeys } from "~/app/lib/inbox-config.ts";
import { useT } from "~/app/i18n/index.ts";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import { ChannelLabel } from "~/app/components/channel-icon.tsx";
import { InboxConfigFields } from "~/app/components/admin/inbox-config-fields.tsx";
import { SetupInfo } from "~/app/components/admin/setup-info.tsx";
import { ChannelHealth } from "~/app/components/admin/channel-health.tsx";
import { SlackChannels } from "~/app/components/admin/slack-channels.tsx";
import { InboxEdit, TestConnectionButton } from "~/app/components/admin/inbox-edit.tsx";
import { slackLinkAction, slackLinksWithNames } from "~/app/lib/slack-links.server.ts";
import { NamedOptions } from "~/app/components/named-options.tsx";
import { useChannel, useChannels, useLocalized } from "~/app/lib/channels.tsx";
import { readForm } from "~/app/lib/read-form.server.ts";
import "~/app/i18n/pages/admin.ts";

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
      // The clear config and which secrets are set (never their values), for the edit form.
      config: i.config as Record<string, unknown>,
      secretsSet: i.secretsSet,
      canTest: canTestConnection(context.app, i.kind),
      setup: i.setup,
      health: inboxHealth(context.app, i),
      channelLinks: channelCan(context.app, i.kind, "channelLinks"),
      slackLinks: slackLinks.filter((l) => l.inboxId === i.id),
      csat: i.csat,
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
  if (intent === "update") return editInbox(context.app, user, form);
  if (intent === "test") {
    const inboxId = String(form.get("inboxId") ?? "");
    try {
      return { ...(await testInboxConnection(context.app, user, inboxId)), intent };
    } catch (error) {
      if (isAppError(error)) return { ok: false as const, intent, message: error.message };
      throw error;
    }
  }
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

/** The edit form: the channel's fields over the stored config; secrets not replaced keep their value. */
async function editInbox(app: Route.ActionArgs["context"]["app"], user: Awaited<ReturnType<typeof requireAdmin>>, form: FormData) {
  const inboxId = String(form.get("inboxId") ?? "");
  const inbox = (await listInboxes(app, user)).find((i) => i.id === inboxId);
  const channel = inbox && describeChannels(app).find((c) => c.kind === inbox.kind);
  if (!inbox || !channel) return { ok: false as const, intent: "update", error: "Unknown inbox" };
  const entered = buildInboxConfig(channel.configFields, form, form.getAll("keepSecret").map(String));
  return actionResult("update", () =>
    updateInbox(app, user, inboxId, {
      name: String(form.get("name") ?? ""),
      departmentId: String(form.get("departmentId") ?? "") || null,
      enabled: form.get("enabled") === "on",
      config: withUnlistedKeys(channel.configFields, inbox.config as Record<string, unknown>, entered),
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
                    {i.canTest ? <TestConnectionButton inboxId={i.id} /> : null}
                    <InboxEdit inbox={i} departments={loaderData.departments} />
                  </td>
                  <td>
                    <SetupInfo items={i.setup} />
                    <ChannelHealth health={i.health} />
                    {i.channelLinks ? <SlackChannels inboxId={i.id} links={i.slackLinks} /> : null}
                    <CsatSettingsForm target="inbox" id={i.id} settings={i.csat} />
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
