import type { ChannelKind, IdentityKind } from "./vocabulary.ts";

/**
 * What the app knows about a channel: its descriptor without the zod schema and functions, sent as
 * loader JSON (server/domain/channels/describe-channels.ts) so app/ never imports a channel.
 * See docs/decisions/005-channel-descriptors.md.
 */
export interface ChannelInfo {
  kind: ChannelKind;
  /** The kind of customer address this channel speaks to. */
  identityKind: IdentityKind;
  label: LocalizedText;
  /** What the customer's address is called ("Phone"), e.g. in the customer panel. */
  identityLabel: LocalizedText;
  icon: ChannelIconData;
  capabilities: ChannelCapabilities;
  /** The admin form for an inbox's config, in display order. */
  configFields: readonly ConfigField[];
  strings: ChannelStrings;
}

export interface LocalizedText {
  en: string;
  ja: string;
}

/** A 24px stroke icon drawn by the app (app/components/channel-icon.tsx): outlines as SVG path data. */
export interface ChannelIconData {
  viewBox: string;
  paths: readonly string[];
}

export interface ChannelCapabilities {
  /** Replies join the customer's thread on the provider (email threading, Slack threads). */
  threads: boolean;
  /** Agents can send files. */
  attachments: boolean;
  /** The customer's typing reaches agents. */
  typing: boolean;
  /** The provider reports delivered / failed after a message was sent. */
  deliveryReceipts: boolean;
  /** Longest reply text the provider accepts, in characters; null when unbounded. */
  maxLength: number | null;
  /** Replies are billed in SMS segments (GSM-7 / UCS-2); the composer counts them. */
  smsSegments: boolean;
  /** Customers can opt out (STOP); replies to an opted-out identity are refused. */
  optOut: boolean;
  /** Replies carry CC recipients. */
  cc: boolean;
  /** Admins link the provider's channels to contacts or companies (Slack Connect channels). */
  channelLinks: boolean;
  /** A department can be notified in, and answer from, one of this inbox's provider channels. */
  departmentChannels: boolean;
}

export type ConfigFieldType = "text" | "password" | "url" | "number" | "email" | "textarea" | "checkbox";

/**
 * One input of the inbox config form. The form (app/lib/inbox-config.ts) turns the inputs into the
 * config object the channel's schema validates: `path` places the value, empty optional values are left
 * out, and a nested block (`smtp.*`) is sent only when its required fields are filled.
 */
export interface ConfigField {
  /** The form input's name. */
  name: string;
  /** Where the value goes in the config, dotted for nested blocks ("smtp.host"). */
  path: string;
  type: ConfigFieldType;
  label: LocalizedText;
  help?: LocalizedText;
  /** At the top level the input is required; in a nested block the block is sent only when it is filled. */
  required?: boolean;
  placeholder?: string;
  /** Stored encrypted and never shown again (one of the descriptor's secretKeys). */
  secret?: boolean;
  /** Fields sharing a group render in one fieldset with this legend. */
  group?: string;
  /** A list entered one per line (or separated by commas or spaces). */
  list?: boolean;
  /** Checkboxes only. */
  defaultChecked?: boolean;
}

/** Channel-specific texts the app shows. */
export interface ChannelStrings {
  /** Composer notice when the customer opted out (capabilities.optOut). */
  optedOut?: LocalizedText;
}

/** An inbox's connection health as its channel reads it from the inbox's stored state (descriptor.health). */
export interface ChannelHealth {
  /** Which connection this is ("imap"); names the badge and the DOM hook. */
  check: string;
  label: LocalizedText;
  status: "ok" | "pending" | "error" | "stopped";
  statusText: LocalizedText;
  /** The last problem, if any ("Last error: …"). */
  message: LocalizedText | null;
  /** Last successful check (ISO time), null before the first. */
  checkedAt: string | null;
  /** When the channel tries again after a failure (ISO time). */
  nextAttemptAt: string | null;
}
