import { SHORTCUT_SEND_TO_CUSTOMER } from "./interactions.ts";

/**
 * The Slack app manifest an admin pastes at api.slack.com/apps → "Create New App" → "From a
 * manifest": every scope and event subscription this adapter relies on, and its two request URLs.
 */
export function slackAppManifest(opts: { name: string; eventsUrl: string; interactionsUrl: string }) {
  return {
    display_information: { name: opts.name.slice(0, 35), description: "Switchboard support inbox" },
    features: {
      bot_user: { display_name: opts.name.slice(0, 80), always_online: true },
      shortcuts: [
        {
          name: "Send to customer",
          type: "message",
          callback_id: SHORTCUT_SEND_TO_CUSTOMER,
          description: "Send this message to the customer of the Switchboard conversation",
        },
      ],
    },
    oauth_config: {
      scopes: {
        bot: [
          "channels:history", // messages in public (and Slack Connect) channels the bot is in
          "groups:history", // … and in private channels
          "chat:write",
          "chat:write.customize", // post replies under the agent's name
          "users:read",
          "users:read.email", // link a Slack user to their email contact / Switchboard user, @-mention agents
          "files:read", // download files shared in threads
        ],
      },
    },
    settings: {
      event_subscriptions: { request_url: opts.eventsUrl, bot_events: ["message.channels", "message.groups"] },
      interactivity: { is_enabled: true, request_url: opts.interactionsUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
