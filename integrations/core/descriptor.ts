import type { z } from "zod";
import type { ChannelHealth, ChannelInfo } from "~/common/channel-info.ts";

export type {
  ChannelCapabilities,
  ChannelHealth,
  ChannelIconData,
  ChannelInfo,
  ConfigField,
  LocalizedText,
} from "~/common/channel-info.ts";

/**
 * What a channel says about itself. The app and the domain ask the descriptor instead of checking
 * `kind === "<channel>"`, so adding a channel is one folder in integrations/ plus one registry line
 * (docs/decisions/005-channel-descriptors.md). Browser-safe: zod and pure modules only. The app gets
 * the serialisable part (ChannelInfo) as loader JSON.
 */
export interface ChannelDescriptor<Config = Record<string, unknown>> extends ChannelInfo {
  /** Validates an inbox's config as entered by an admin (secrets included). */
  configSchema: z.ZodType<Config>;
  /** Config keys (dotted paths) encrypted at rest and never sent back to clients. */
  secretKeys: readonly string[];
  /** Reads the inbox's connection health from its stored state; absent when the channel keeps none. */
  health?(state: unknown): ChannelHealth | null;
}
