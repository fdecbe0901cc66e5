import type { ChannelAdapter } from "./types.ts";

// Adapters differ in their config and settings types; each validates its own (descriptor.configSchema, settings).
// biome-ignore lint/suspicious/noExplicitAny: the one place the set erases the config type
export type AnyChannelAdapter = ChannelAdapter<any, any>;

/** The channels this server runs, looked up by kind. The domain gets it on the context, never from the registry. */
export interface ChannelSet {
  readonly kinds: readonly string[];
  list(): readonly AnyChannelAdapter[];
  get(kind: string): AnyChannelAdapter | undefined;
}

export function createChannelSet(adapters: readonly AnyChannelAdapter[]): ChannelSet {
  const byKind = new Map(adapters.map((a) => [a.descriptor.kind as string, a]));
  if (byKind.size !== adapters.length) throw new Error("Two channel adapters declare the same kind");
  return {
    kinds: [...byKind.keys()],
    list: () => adapters,
    get: (kind) => byKind.get(kind),
  };
}
