import type { ChannelHost } from "../core/types.ts";

export interface DepartmentChannel {
  departmentId: string;
  channelId: string;
}

/** The host method proposed for this lookup (Department.slackInboxId + slackChannelId). */
type HostWithDepartmentChannels = ChannelHost & {
  listDepartmentSlackChannels?(inboxId: string): Promise<DepartmentChannel[]>;
};

/**
 * Internal Slack channels of departments served by this Slack inbox. The one place that knows how
 * the lookup is done: until the host offers listDepartmentSlackChannels, there are none, and
 * department notifications are simply not posted.
 */
export async function departmentChannels(host: ChannelHost, inboxId: string): Promise<DepartmentChannel[]> {
  const lookup = (host as HostWithDepartmentChannels).listDepartmentSlackChannels;
  if (typeof lookup !== "function") return [];
  return lookup.call(host, inboxId);
}

export async function isDepartmentChannel(host: ChannelHost, inboxId: string, channelId: string): Promise<boolean> {
  return (await departmentChannels(host, inboxId)).some((d) => d.channelId === channelId);
}
