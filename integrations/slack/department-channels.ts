import type { ChannelHost } from "~/integrations/core/types.ts";

export interface DepartmentChannel {
  departmentId: string;
  channelId: string;
}

/** Internal Slack channels of departments served by this Slack inbox (Department.slackInboxId + slackChannelId). */
export function departmentChannels(host: ChannelHost, inboxId: string): Promise<DepartmentChannel[]> {
  return host.listDepartmentSlackChannels(inboxId);
}

export async function isDepartmentChannel(host: ChannelHost, inboxId: string, channelId: string): Promise<boolean> {
  return (await departmentChannels(host, inboxId)).some((d) => d.channelId === channelId);
}
