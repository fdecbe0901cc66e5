import type { ChannelAdapter, ChannelHost, InboxRuntime, Running } from "../core/types.ts";
import { slackConfigSchema, slackSecretKeys, type SlackConfig } from "./config.ts";
import { isFilesJob, runFilesJob } from "./files-job.ts";
import { slackAppManifest } from "./manifest.ts";
import { notifyDepartments } from "./notify.ts";
import { replayStoredSlackEvent } from "./process-event.ts";
import { slackRoutes } from "./routes.ts";
import { sendToSlack } from "./send.ts";

/** Slack user addresses are `TEAM:USER` ids (workspace + member, e.g. T024BE7LD:U0G9QF9C6). */
export function normalizeSlackAddress(raw: string): string | null {
  const m = /^\s*([TE][A-Z0-9]{2,}):([UW][A-Z0-9]{2,})\s*$/i.exec(raw);
  return m ? `${m[1]!.toUpperCase()}:${m[2]!.toUpperCase()}` : null;
}

export const slackAdapter: ChannelAdapter<SlackConfig> = {
  kind: "slack",
  configSchema: slackConfigSchema,
  secretKeys: slackSecretKeys,
  identityKind: "slack",
  normalizeAddress: normalizeSlackAddress,
  send: sendToSlack,
  processRawEvent: replayStoredSlackEvent,
  async runJob(inbox: InboxRuntime<SlackConfig>, payload: Record<string, unknown>, host: ChannelHost) {
    if (isFilesJob(payload)) return runFilesJob(inbox, payload, host);
    host.log.warn(`slack inbox ${inbox.id}: unknown job ${String(payload.type)} dropped`);
  },
  routes: slackRoutes,
  async start(host: ChannelHost): Promise<Running> {
    const unsubscribe = host.subscribe((event) => {
      notifyDepartments(host, event).catch((err: unknown) => host.log.warn(`slack notifications: ${err instanceof Error ? err.message : String(err)}`));
    });
    return { stop: async () => unsubscribe() };
  },
  setupInfo(publicUrl: string, inboxId: string) {
    const base = publicUrl.replace(/\/+$/, "");
    const eventsUrl = `${base}/webhooks/slack/${inboxId}/events`;
    const interactionsUrl = `${base}/webhooks/slack/${inboxId}/interactions`;
    return [
      { label: "Event Subscriptions → Request URL", value: eventsUrl },
      { label: "Interactivity & Shortcuts → Request URL", value: interactionsUrl },
      { label: "App manifest (JSON)", value: JSON.stringify(slackAppManifest({ name: "Switchboard", eventsUrl, interactionsUrl }), null, 2) },
    ];
  },
};
