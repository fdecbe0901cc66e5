import type { ChannelKind } from "~/common/realtime-contract.ts";
import { useT } from "~/app/i18n/index.ts";
import { ChatIcon, MailIcon, SlackIcon, SmsIcon } from "./icons.tsx";

const ICONS: Record<ChannelKind, (p: { className?: string }) => React.ReactElement> = {
  web_chat: ChatIcon,
  email: MailIcon,
  twilio_sms: SmsIcon,
  slack: SlackIcon,
};

export function ChannelIcon({ channel }: { channel: ChannelKind }) {
  const t = useT();
  const Icon = ICONS[channel] ?? ChatIcon;
  return (
    <span className="channel-icon" title={t(`channel.${channel}`)}>
      <Icon />
    </span>
  );
}

export function ChannelLabel({ channel }: { channel: ChannelKind }) {
  const t = useT();
  return (
    <span className="channel-label">
      <ChannelIcon channel={channel} />
      {t(`channel.${channel}`)}
    </span>
  );
}
