import { useEffect, useRef } from "react";
import { Form, useLocation } from "react-router";
import { locales, useI18n, type MessageKey } from "../../i18n/index.ts";
import { Avatar } from "../avatar.tsx";

export function AgentMenu({ user }: { user: { id: string; name: string; email: string; role: string } }) {
  const { t, locale } = useI18n();
  const location = useLocation();
  const ref = useRef<HTMLDetailsElement>(null);

  // Close when clicking elsewhere or navigating.
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [location.pathname, locale]);

  return (
    <details className="agent-menu" ref={ref}>
      <summary aria-label={t("menu.account")}>
        <Avatar id={user.id} name={user.name} size="small" />
        <span>{user.name}</span>
      </summary>
      <div className="menu-popover">
        <div className="menu-header">
          <strong>{user.name}</strong>
          <span className="muted small">{t("menu.signedInAs", { email: user.email })}</span>
          <div className="small muted">{t(`role.${user.role}` as MessageKey)}</div>
        </div>
        <div className="menu-section-label">{t("menu.language")}</div>
        <Form method="post" action="/locale">
          <input type="hidden" name="next" value={location.pathname + location.search} />
          {locales.map((l) => (
            <button key={l.code} className="menu-item" type="submit" name="locale" value={l.code} aria-current={l.code === locale}>
              {l.label}
            </button>
          ))}
        </Form>
        <Form method="post" action="/logout">
          <button className="menu-item" type="submit" style={{ borderTop: "1px solid var(--border)", marginTop: 6, paddingTop: 8 }}>
            {t("menu.logout")}
          </button>
        </Form>
      </div>
    </details>
  );
}
