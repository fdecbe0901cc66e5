import type { ReactNode } from "react";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/ops.ts";

/** The head of an admin list edited in place (rules, macros, business hours): title, intro and "+ New" while nothing is open. */
export function EditableListHeader(props: { title: string; intro: string; newLabel: string; editing: boolean; onNew: () => void }) {
  return (
    <div className="page-title-row">
      <div>
        <h1 style={{ marginBottom: 8 }}>{props.title}</h1>
        <p className="muted">{props.intro}</p>
      </div>
      {props.editing ? null : (
        <button type="button" className="button primary" onClick={props.onNew}>
          + {props.newLabel}
        </button>
      )}
    </div>
  );
}

/** A row's Edit and Delete buttons, named after the row for screen readers; Delete asks first. */
export function EditDeleteButtons(props: {
  name: string;
  busy: boolean;
  onEdit: () => void;
  onDelete: () => void;
  deleteLabel?: ReactNode;
}) {
  const t = useT();
  return (
    <>
      <button type="button" className="button small" onClick={props.onEdit} aria-label={t("ops.editNamed", { name: props.name })}>
        {t("ops.edit")}
      </button>{" "}
      <button
        type="button"
        className="button ghost small"
        disabled={props.busy}
        aria-label={t("ops.deleteNamed", { name: props.name })}
        onClick={() => {
          if (window.confirm(t("ops.confirmDelete", { name: props.name }))) props.onDelete();
        }}
      >
        {props.deleteLabel ?? t("ops.delete")}
      </button>
    </>
  );
}
