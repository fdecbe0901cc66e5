import type { ReactNode } from "react";
import { FieldError, type FieldErrors, OtherFieldErrors } from "./field-errors.tsx";

/** An admin editor (rule, macro, business hours): its card, heading, and the messages that name no field it shows. */
export function EditorForm(props: { title: string; errors: FieldErrors; onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      className="card card-body form-stack rule-editor"
      aria-label={props.title}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <h2>{props.title}</h2>
      <OtherFieldErrors errors={props.errors} />
      {props.children}
    </form>
  );
}

/** The editor's name, with the server's message about it (from `fieldError`). */
export function NameField(props: {
  label: string;
  value: string;
  onChange: (name: string) => void;
  error: { id: string | undefined; message: string | undefined };
}) {
  const { id, message } = props.error;
  return (
    <div className="field-group">
      <label className="field">
        {props.label}
        <input
          type="text"
          value={props.value}
          maxLength={120}
          onChange={(e) => props.onChange(e.target.value)}
          aria-invalid={id ? true : undefined}
          aria-describedby={id}
        />
      </label>
      <FieldError id={id ?? ""} message={message} />
    </div>
  );
}
