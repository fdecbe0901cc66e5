import type { HostWith } from "~/integrations/core/host.ts";

export interface DepartmentChannel {
  departmentId: string;
  channelId: string;
}

/** Internal Slack channels of departments served by this Slack inbox (their department channel in this inbox). */
export async function departmentChannels(host: HostWith<"links">, inboxId: string): Promise<DepartmentChannel[]> {
  const rows = await host.links.departmentChannels(inboxId);
  return rows.map((r) => ({ departmentId: r.departmentId, channelId: r.externalId }));
}
