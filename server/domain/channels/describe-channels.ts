import type { ChannelCapabilities, ChannelHealth, ChannelInfo } from "~/common/channel-info.ts";
import type { ChannelKind } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";

type Channels = Pick<AppContext, "channels">;
/** The yes/no capabilities (maxLength is a number). */
type ChannelFlag = { [K in keyof ChannelCapabilities]: ChannelCapabilities[K] extends boolean ? K : never }[keyof ChannelCapabilities];

/**
 * The channels this server runs, as JSON for the app (the signed-in layout's loader sends it): the app
 * asks these instead of importing integrations/, so the registry stays the one list of channels.
 */
export function describeChannels(ctx: Channels): ChannelInfo[] {
  return ctx.channels.list().map(({ descriptor: d }) => ({
    kind: d.kind,
    identityKind: d.identityKind,
    label: d.label,
    identityLabel: d.identityLabel,
    icon: d.icon,
    capabilities: d.capabilities,
    configFields: d.configFields,
    strings: d.strings,
  }));
}

/** Whether the channel of this kind can do something; false for a kind this server does not run. */
export function channelCan(ctx: Channels, kind: ChannelKind, capability: ChannelFlag): boolean {
  return ctx.channels.get(kind)?.descriptor.capabilities[capability] ?? false;
}

/** An inbox's connection health as its channel reads its stored state; null when the channel keeps none. */
export function inboxHealth(ctx: Channels, inbox: { kind: ChannelKind; state: unknown }): ChannelHealth | null {
  return ctx.channels.get(inbox.kind)?.descriptor.health?.(inbox.state) ?? null;
}
