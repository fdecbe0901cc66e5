import type { ConfigField } from "~/common/channel-info.ts";
import { useT } from "~/app/i18n/index.ts";
import { useLocalized } from "~/app/lib/channels.tsx";

/** Groups consecutive fields by their `group` (a fieldset); ungrouped ones stack at the top level. */
function groups(fields: readonly ConfigField[]): { legend?: string; fields: ConfigField[] }[] {
  const out: { legend?: string; fields: ConfigField[] }[] = [];
  for (const field of fields) {
    const last = out.at(-1);
    if (last && last.legend === field.group) last.fields.push(field);
    else out.push({ legend: field.group, fields: [field] });
  }
  return out;
}

function Input({ field }: { field: ConfigField }) {
  const localized = useLocalized();
  // Inside a fieldset (an optional block) "required" says what the block needs, not the form.
  const required = field.required && !field.path.includes(".");
  const help = field.help ? <span className="small muted">{localized(field.help)}</span> : null;
  if (field.type === "checkbox") {
    return (
      <label className="check">
        <input type="checkbox" name={field.name} defaultChecked={field.defaultChecked} /> {localized(field.label)}
        {help}
      </label>
    );
  }
  if (field.type === "textarea") {
    return (
      <label className="field">
        {localized(field.label)}
        <textarea name={field.name} rows={3} required={required} placeholder={field.placeholder} />
        {help}
      </label>
    );
  }
  return (
    <label className="field">
      {localized(field.label)}
      <input
        type={field.type}
        name={field.name}
        required={required}
        placeholder={field.placeholder}
        autoComplete={field.secret ? "new-password" : "off"}
      />
      {help}
    </label>
  );
}

/** The channel's own config form, from its descriptor's fields (app/lib/inbox-config.ts shapes what it sends). */
export function InboxConfigFields({ kind, fields }: { kind: string; fields: readonly ConfigField[] }) {
  const t = useT();
  return (
    <>
      {groups(fields).map((group) => {
        const inputs = group.fields.map((field) => <Input key={`${kind}-${field.name}`} field={field} />);
        return group.legend ? (
          <fieldset key={`${kind}-${group.legend}`}>
            <legend>
              {group.legend} <span className="muted">({t("admin.field.optional")})</span>
            </legend>
            {inputs}
          </fieldset>
        ) : (
          <div key={`${kind}-${group.fields[0].name}`} className="form-stack">
            {inputs}
          </div>
        );
      })}
    </>
  );
}
