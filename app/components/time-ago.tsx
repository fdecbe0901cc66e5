import { useEffect, useState } from "react";
import { useI18n } from "~/app/i18n/index.ts";
import { fullDateTime, shortAge } from "~/app/lib/format.ts";

// One shared ticking clock so every visible age refreshes together, once a minute.
const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function useNow() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    listeners.add(setNow);
    timer ??= setInterval(() => {
      for (const l of listeners) l(Date.now());
    }, 60_000);
    return () => {
      listeners.delete(setNow);
      if (listeners.size === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
  }, []);
  return now;
}

export function TimeAgo({ iso, className }: { iso: string; className?: string }) {
  const { t, locale } = useI18n();
  const now = useNow();
  // The server's and the browser's clocks and time zones differ: the text may change on hydration.
  return (
    <time className={className} dateTime={iso} title={fullDateTime(iso, locale)} suppressHydrationWarning>
      {shortAge(iso, now, t, locale)}
    </time>
  );
}
