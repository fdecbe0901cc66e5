import { slackDescriptor } from "./descriptor.ts";
import type { ChannelAdapter, InboxRuntime, Running } from "~/integrations/core/types.ts";
import type { ChannelHost, HostWith } from "~/integrations/core/host.ts";
import { normalizeSlackAddress } from "./address.ts";
import type { SlackConfig } from "./config.ts";
import { isFilesJob, runFilesJob } from "./files-job.ts";
import { slackAppManifest } from "./manifest.ts";
import { notifyDepartments } from "./notify.ts";
import { replayStoredSlackEvent } from "./process-event.ts";
import { slackRoutes } from "./routes.ts";
import { sendToSlack } from "./send.ts";
import { testSlackConnection } from "./test-connection.ts";

export const slackAdapter: ChannelAdapter<SlackConfig> = {
  descriptor: slackDescriptor,
  normalizeAddress: normalizeSlackAddress,
  send: sendToSlack,
  processRawEvent: replayStoredSlackEvent,
  async runJob(inbox: InboxRuntime<SlackConfig>, payload: Record<string, unknown>, host: HostWith<"inbound">) {
    if (isFilesJob(payload)) return runFilesJob(inbox, payload, host);
    host.log.warn(`slack inbox ${inbox.id}: unknown job ${String(payload.type)} dropped`);
  },
  routes: slackRoutes,
  testConnection: testSlackConnection,
  async start(host: ChannelHost): Promise<Running> {
    const unsubscribe = host.subscribe((event) => {
      notifyDepartments(host, event).catch((err: unknown) =>
        host.log.warn(`slack notifications: ${err instanceof Error ? err.message : String(err)}`),
      );
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
      {
        label: "App manifest (JSON)",
        value: JSON.stringify(slackAppManifest({ name: "Switchboard", eventsUrl, interactionsUrl }), null, 2),
      },
    ];
  },
};
