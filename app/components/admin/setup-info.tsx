import { useState } from "react";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/admin.ts";

/** What to paste into the provider's console (webhook URLs, app manifest), each with a copy button. */
export function SetupInfo({ items }: { items: { label: string; value: string }[] }) {
  const t = useT();
  const [copied, setCopied] = useState<string | null>(null);
  if (items.length === 0) return null;
  const copy = async (label: string, value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(label);
    } catch {
      // Clipboard blocked (plain http, permissions): the text stays selectable with one click.
      setCopied(null);
    }
  };
  return (
    <dl className="setup-info">
      {items.map((s) => (
        <div key={s.label}>
          <dt>
            <span>{s.label}</span>
            <button type="button" className="button ghost small" onClick={() => void copy(s.label, s.value)}>
              {copied === s.label ? t("admin.copied") : t("admin.copy")}
            </button>
          </dt>
          <dd>
            <pre className={`code${s.value.includes("\n") ? " long" : ""}`}>{s.value}</pre>
          </dd>
        </div>
      ))}
    </dl>
  );
}
