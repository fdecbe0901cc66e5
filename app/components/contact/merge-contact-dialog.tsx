import { useEffect, useRef, useState } from "react";
import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { Avatar } from "~/app/components/avatar.tsx";
import "~/app/i18n/pages/customers.ts";

interface Found {
  id: string;
  name: string;
  company: { name: string } | null;
  identities: { kind: string; address: string }[];
}

/**
 * "Merge into another customer…": find the customer to keep (the quick search's own loader), read
 * what moves, confirm. The contact page's action merges and redirects to the surviving customer.
 */
export function MergeContactButton({ contactId, name }: { contactId: string; name: string }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const search = useFetcher<{ results: { contacts: Found[] } | null }>();
  const merge = useFetcher<{ ok: boolean; error?: string }>();
  const [query, setQuery] = useState("");
  const [into, setInto] = useState<Found | null>(null);
  const viewer = useWorkspace().user.role === "viewer";

  // biome-ignore lint/correctness/useExhaustiveDependencies: a fetcher's identity changes every render; the query alone decides when to search
  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    const timer = setTimeout(() => search.load(`/search?q=${encodeURIComponent(q)}`), 250);
    return () => clearTimeout(timer);
    // search.load is stable enough; re-running on its identity would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  const found = query.trim() ? (search.data?.results?.contacts ?? []).filter((c) => c.id !== contactId) : [];
  const busy = merge.state !== "idle";
  const error = !busy && merge.data && !merge.data.ok ? merge.data.error : null;
  if (viewer) return null;
  return (
    <>
      <button
        type="button"
        className="button small"
        onClick={() => {
          setInto(null);
          dialog.current?.showModal();
        }}
      >
        {t("merge.contact.open")}
      </button>
      <dialog ref={dialog} className="dialog merge-dialog" aria-labelledby="merge-contact-title">
        <div className="form-stack">
          <h2 id="merge-contact-title">{t("merge.contact.title")}</h2>
          {error ? (
            <div className="alert error" role="alert">
              {error}
            </div>
          ) : null}
          {into ? (
            <merge.Form method="post" className="form-stack">
              <input type="hidden" name="intent" value="merge" />
              <input type="hidden" name="intoId" value={into.id} />
              <p className="merge-explain">{t("merge.contact.explain", { source: name, into: into.name })}</p>
              <div className="dialog-actions">
                <button type="button" className="button" onClick={() => setInto(null)}>
                  {t("merge.back")}
                </button>
                <button type="submit" className="button primary" disabled={busy}>
                  {busy ? t("merge.merging") : t("merge.contact.confirm", { into: into.name })}
                </button>
              </div>
            </merge.Form>
          ) : (
            <>
              <label className="field">
                {t("merge.contact.search")}
                <input
                  type="search"
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  placeholder={t("merge.contact.searchPlaceholder")}
                />
              </label>
              {query.trim() && search.state === "idle" && search.data && found.length === 0 ? (
                <p className="muted">{t("merge.contact.noMatch")}</p>
              ) : null}
              <ul className="plain-list merge-candidates">
                {found.map((c) => (
                  <li key={c.id} data-candidate-id={c.id} style={{ display: "flex", gap: 10, alignItems: "center" }}>
                    <Avatar id={c.id} name={c.name} size="small" />
                    <div style={{ flex: 1 }}>
                      <strong>{c.name}</strong>
                      <div className="muted small">
                        {[c.company?.name, ...c.identities.map((i) => i.address)].filter(Boolean).join(" · ")}
                      </div>
                    </div>
                    <button type="button" className="button small" onClick={() => setInto(c)}>
                      {t("merge.contact.pick")}
                    </button>
                  </li>
                ))}
              </ul>
              <div className="dialog-actions">
                <button type="button" className="button" onClick={() => dialog.current?.close()}>
                  {t("merge.cancel")}
                </button>
              </div>
            </>
          )}
        </div>
      </dialog>
    </>
  );
}
