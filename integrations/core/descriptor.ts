import type { z } from "zod";
import type { IdentityKind } from "~/common/vocabulary.ts";

/**
 * What a channel says about itself. The app and the domain ask the descriptor instead of checking
 * `kind === "<channel>"`, so adding a channel is one folder in integrations/ plus one registry line
 * (docs/decisions/005-channel-descriptors.md). Browser-safe: zod and pure modules only.
 */
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

export interface ChannelDescriptor<Config = Record<string, unknown>> {
  kind: string;
  /** The kind of customer address this channel speaks to. */
  identityKind: IdentityKind;
  /** Validates an inbox's config as entered by an admin (secrets included). */
  configSchema: z.ZodType<Config>;
  /** Config keys (dotted paths) encrypted at rest and never sent back to clients. */
  secretKeys: readonly string[];
  capabilities: ChannelCapabilities;
}
