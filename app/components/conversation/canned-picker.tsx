import { lazy, Suspense, useRef, useState } from "react";
import { useT } from "~/app/i18n/index.ts";

const CannedMenu = lazy(() => import("./canned-menu.tsx").then((m) => ({ default: m.CannedMenu })));

/**
 * Picks a canned response from a searchable menu (the composer's "/" does the same inline). The
 * menu's code loads on the first opening; each opening reloads the list.
 */
export function CannedPicker({ conversationId, onInsert }: { conversationId: string; onInsert: (text: string) => void }) {
  const t = useT();
  const [opens, setOpens] = useState(0);
  const ref = useRef<HTMLDetailsElement>(null);
  const close = () => {
    if (ref.current) ref.current.open = false;
  };
  return (
    <details
      className="popover-menu canned-picker"
      ref={ref}
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) setOpens((n) => n + 1);
      }}
    >
      <summary className="button ghost small">{t("conversation.canned")}</summary>
      {opens ? (
        <Suspense fallback={null}>
          <CannedMenu
            conversationId={conversationId}
            opens={opens}
            onInsert={(text) => {
              onInsert(text);
              close();
            }}
            onClose={close}
          />
        </Suspense>
      ) : null}
    </details>
  );
}
