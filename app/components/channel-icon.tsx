import type { ChannelKind } from "~/common/vocabulary.ts";
import { useChannel, useChannelLabel } from "~/app/lib/channels.tsx";
import { ChatIcon, Svg } from "./icons.tsx";

/** The channel's own icon (path data from its descriptor); a chat bubble for a kind the server no longer runs. */
export function ChannelIcon({ channel }: { channel: ChannelKind }) {
  const info = useChannel(channel);
  const label = useChannelLabel();
  return (
    <span className="channel-icon" title={label(channel)}>
      {info ? (
        <Svg viewBox={info.icon.viewBox}>
          {info.icon.paths.map((d) => (
            <path key={d} d={d} />
          ))}
        </Svg>
      ) : (
        <ChatIcon />
      )}
    </span>
  );
}

export function ChannelLabel({ channel }: { channel: ChannelKind }) {
  const label = useChannelLabel();
  return (
    <span className="channel-label">
      <ChannelIcon channel={channel} />
      {label(channel)}
    </span>
  );
}
