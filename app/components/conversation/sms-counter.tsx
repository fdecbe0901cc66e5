import { smsSegments } from "~/common/sms-segments.ts";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/inbox-tools.ts";

/** Carriers bill per segment: show the count while the agent types so long texts are a choice. */
export function SmsCounter({ text }: { text: string }) {
  const t = useT();
  const s = smsSegments(text);
  return (
    <span className={`sms-counter${s.segments > 1 ? " multi" : ""}`} data-sms-segments={s.segments}>
      {t("conversation.sms", { characters: s.characters, segments: s.segments, encoding: s.encoding })}
    </span>
  );
}
