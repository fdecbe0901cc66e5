import { useState } from "react";
import { Link, useRevalidator } from "react-router";
import { useI18n } from "~/app/i18n/index.ts";
import { fileSize, fullDateTime } from "~/app/lib/format.ts";
import { PaperclipIcon } from "~/app/components/icons.tsx";
import { useWorkspace } from "~/app/lib/workspace.ts";
import "~/app/i18n/pages/customers.ts";

interface Version {
  version: number;
  createdAt: string;
  uploadedBy: { id: string; name: string } | null;
  attachment: { id: string; filename: string; size: number; url: string };
}
interface Doc {
  id: string;
  title: string;
  latest: Version | null;
  versions: Version[];
}
interface MessageFile {
  id: string;
  filename: string;
  size: number;
  url: string;
  conversationId: string;
  conversationNumber: number;
}

async function postFile(url: string, file: File) {
  const res = await fetch(url, {
    method: "POST",
    body: file,
    headers: { "Content-Type": file.type || "application/octet-stream" },
    credentials: "same-origin",
  });
  if (res.ok) return;
  const json = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
}

/** The customer's shared documents (versioned) and every file they sent or received. */
/** `ownerPath` is the API path of the documents' owner: `/api/v1/contacts/ID` or `/api/v1/companies/ID`. */
export function FilesCard({ ownerPath, documents, messageFiles }: { ownerPath: string; documents: Doc[]; messageFiles: MessageFile[] }) {
  const { t, locale } = useI18n();
  const revalidator = useRevalidator();
  // Viewers read documents but never change a library; the server refuses them too (403).
  const canUpload = useWorkspace().user.role !== "viewer";
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const upload = async (url: string, file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await postFile(url, file);
      await revalidator.revalidate();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const q = (file: File) => `filename=${encodeURIComponent(file.name)}`;

  return (
    <section className="card card-body files-card">
      <h3 className="muted" style={{ marginBottom: 8 }}>
        {t("files.documents")}
      </h3>
      {error ? (
        <div className="alert error" role="alert">
          {error}
        </div>
      ) : null}
      {documents.length === 0 ? <p className="muted small">{t("files.noDocuments")}</p> : null}
      <ul className="plain-list">
        {documents.map((d) => (
          <li key={d.id} className="doc-row" data-document-id={d.id}>
            <div className="doc-title">
              {d.latest ? (
                <a href={d.latest.attachment.url} target="_blank" rel="noreferrer">
                  {d.title}
                </a>
              ) : (
                d.title
              )}
              <span className="badge">v{d.latest?.version ?? 0}</span>
            </div>
            {d.latest ? (
              <div className="muted small" suppressHydrationWarning>
                {d.latest.uploadedBy?.name ?? "—"} · {fullDateTime(d.latest.createdAt, locale)} · {fileSize(d.latest.attachment.size)}
              </div>
            ) : null}
            {canUpload ? (
              <label className="button ghost small">
                {t("files.newVersion")}
                <input
                  type="file"
                  hidden
                  disabled={busy}
                  onChange={(e) => {
                    const f = e.target.files?.[0];
                    e.target.value = "";
                    if (f) void upload(`/api/v1/documents/${d.id}/versions?${q(f)}`, f);
                  }}
                />
              </label>
            ) : null}
          </li>
        ))}
      </ul>
      {canUpload ? (
        <label className="button small" style={{ marginTop: 8 }}>
          {busy ? t("inbox.loading") : t("files.upload")}
          <input
            className="upload-document"
            type="file"
            hidden
            disabled={busy}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = "";
              if (f) void upload(`${ownerPath}/documents?${q(f)}&title=${encodeURIComponent(f.name)}`, f);
            }}
          />
        </label>
      ) : null}
      {messageFiles.length ? (
        <>
          <h3 className="muted" style={{ margin: "16px 0 8px" }}>
            {t("files.fromMessages")}
          </h3>
          <ul className="plain-list">
            {messageFiles.slice(0, 20).map((f) => (
              <li key={f.id} className="small" style={{ display: "flex", gap: 6, alignItems: "center" }}>
                <PaperclipIcon className="channel-icon" />
                <a href={f.url} target="_blank" rel="noreferrer" className="fname" style={{ overflowWrap: "anywhere" }}>
                  {f.filename}
                </a>
                <span className="muted">{fileSize(f.size)}</span>
                <Link to={`/conversations/${f.conversationId}`} className="muted">
                  #{f.conversationNumber}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
