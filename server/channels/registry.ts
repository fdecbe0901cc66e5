import { createChannelSet } from "~/integrations/core/channel-set.ts";
import { emailAdapter } from "~/integrations/email/index.ts";
import { slackAdapter } from "~/integrations/slack/index.ts";
import { twilioSmsAdapter } from "~/integrations/twilio-sms/index.ts";
import { webChatAdapter } from "~/integrations/web-chat/index.ts";

/** Adding a channel = one folder in integrations/ + one line here. */
export const channels = createChannelSet([webChatAdapter, emailAdapter, twilioSmsAdapter, slackAdapter]);
