import { createContext, useContext } from "react";
import type { ChannelInfo, LocalizedText } from "~/common/channel-info.ts";
import type { ChannelKind, IdentityKind } from "~/common/vocabulary.ts";
import { useI18n } from "~/app/i18n/index.ts";

// The channels the server runs, from the signed-in layout's loader (server/domain/channels/describe-channels.ts).
const ChannelsContext = createContext<readonly ChannelInfo[]>([]);
export const ChannelsProvider = ChannelsContext.Provider;

export function useChannels(): readonly ChannelInfo[] {
  return useContext(ChannelsContext);
}

/** The channel of this kind; undefined for a kind the server no longer runs (old conversations keep theirs). */
export function useChannel(kind: ChannelKind): ChannelInfo | undefined {
  return useChannels().find((c) => c.kind === kind);
}

/** Picks the agent's language from a channel's text. */
export function useLocalized(): (text: LocalizedText) => string {
  const { locale } = useI18n();
  return (text) => text[locale];
}

/** A channel's name in the agent's language; the kind itself when the server does not run it. */
export function useChannelLabel(): (kind: ChannelKind) => string {
  const channels = useChannels();
  const localized = useLocalized();
  return (kind) => {
    const channel = channels.find((c) => c.kind === kind);
    return channel ? localized(channel.label) : kind;
  };
}

/** What a customer's address of this kind is called ("Phone"), from the channel that speaks to it. */
export function useIdentityLabel(): (kind: IdentityKind) => string {
  const channels = useChannels();
  const localized = useLocalized();
  return (kind) => {
    const channel = channels.find((c) => c.identityKind === kind);
    return channel ? localized(channel.identityLabel) : kind;
  };
}
