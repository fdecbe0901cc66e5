import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/inbox-tools.ts";
import { fileSize } from "~/app/lib/format.ts";
import type { Upload } from "./uploads.tsx";

/** The composer's attached files, each with its upload state; loaded with the first file attached. */
export function UploadChips({ items, onRemove }: { items: Upload[]; onRemove: (key: string) => void }) {
  const t = useT();
  return (
    <div className="composer-files">
      {items.map((u) => (
        <span key={u.key} className="attachment-chip" data-upload-state={u.state}>
          <span className="fname">{u.state === "uploading" ? t("conversation.uploading", { name: u.name }) : u.name}</span>
          {u.state === "failed" ? (
            <span className="fsize" role="alert" style={{ color: "var(--danger)" }}>
              {t("conversation.uploadFailed", { name: "", reason: u.error ?? "" })}
            </span>
          ) : (
            <span className="fsize">{fileSize(u.size)}</span>
          )}
          <button
            type="button"
            className="button ghost small"
            aria-label={t("conversation.removeAttachment", { name: u.name })}
            onClick={() => onRemove(u.key)}
          >
            ×
          </button>
        </span>
      ))}
    </div>
  );
}
