import type { ChannelAdapter, ChannelKind } from "~/integrations/core/types.ts";
import { twilioSmsAdapter } from "~/integrations/twilio-sms/index.ts";
import { slackAdapter } from "~/integrations/slack/index.ts";
import { webChatAdapter } from "~/integrations/web-chat/index.ts";
import { emailAdapter } from "~/integrations/email/index.ts";

/** Adding a channel = one folder in integrations/ + one line here. */
export const adapters: Partial<Record<ChannelKind, ChannelAdapter<any>>> = {
  twilio_sms: twilioSmsAdapter,
  slack: slackAdapter,
  web_chat: webChatAdapter,
  email: emailAdapter,
};

export function adapterFor(kind: ChannelKind): ChannelAdapter<any> {
  const adapter = adapters[kind];
  if (!adapter) throw new Error(`No adapter registered for channel ${kind}`);
  return adapter;
}
