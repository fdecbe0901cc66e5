import type { AppContext } from "~/server/context.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { PermanentSendError } from "~/integrations/core/types.ts";
import { loadInboxRuntime } from "./load-inbox-runtime.ts";

/** Runs one background job a channel queued for itself (host.enqueueJob); failures are thrown for the retry policy. */
export async function runAdapterJob(ctx: AppContext, host: ChannelHost, payload: Record<string, unknown>): Promise<void> {
  const runtime = await loadInboxRuntime(ctx, String(payload.inboxId ?? ""));
  if (!runtime) throw new PermanentSendError("The inbox of this job no longer exists");
  const { inbox, adapter } = runtime;
  if (!adapter?.runJob) throw new PermanentSendError(`Channel ${inbox.kind} has no background jobs`);
  await adapter.runJob(inbox, payload, host);
}
