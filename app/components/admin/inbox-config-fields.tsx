import { useState } from "react";
import type { ConfigField } from "~/common/channel-info.ts";
import { useT } from "~/app/i18n/index.ts";
import { useLocalized } from "~/app/lib/channels.tsx";
import { fieldValue } from "~/app/lib/inbox-config.ts";
import "~/app/i18n/pages/admin.ts";
import "~/app/i18n/pages/trust.ts";

/** Editing an existing inbox: its stored clear config, and which secrets have a stored value. */
export interface StoredConfig {
  config: Record<string, unknown>;
  secretsSet: readonly string[];
}

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

/**
 * A stored secret is never shown: "•••• set" with a Replace button. Until replaced, a hidden `keepSecret`
 * input tells the form (app/lib/inbox-config.ts) that the stored value stays.
 */
function StoredSecret({ field }: { field: ConfigField }) {
  const t = useT();
  const localized = useLocalized();
  const [replacing, setReplacing] = useState(false);
  if (replacing) {
    return (
      <div className="secret-replace">
        <Input field={field} />
        <button type="button" className="button small ghost" onClick={() => setReplacing(false)}>
          {t("inboxEdit.keep")}
        </button>
      </div>
    );
  }
  return (
    <div className="field" data-secret={field.path}>
      {localized(field.label)}
      <div className="secret-set">
        <input type="hidden" name="keepSecret" value={field.path} />
        <span className="muted">{t("inboxEdit.secretSet")}</span>
        <button type="button" className="button small" onClick={() => setReplacing(true)}>
          {t("inboxEdit.replace")}
        </button>
      </div>
    </div>
  );
}

function Input({ field, stored }: { field: ConfigField; stored?: StoredConfig }) {
  const localized = useLocalized();
  if (field.secret && stored?.secretsSet.includes(field.path)) return <StoredSecret field={field} />;
  const value = stored && !field.secret ? fieldValue(field, stored.config) : undefined;
  // Inside a fieldset (an optional block) "required" says what the block needs, not the form.
  const required = field.required && !field.path.includes(".");
  const help = field.help ? <span className="small muted">{localized(field.help)}</span> : null;
  if (field.type === "checkbox") {
    return (
      <label className="check">
        <input type="checkbox" name={field.name} defaultChecked={typeof value === "boolean" ? value : field.defaultChecked} />{" "}
        {localized(field.label)}
        {help}
      </label>
    );
  }
  if (field.type === "textarea") {
    return (
      <label className="field">
        {localized(field.label)}
        <textarea
          name={field.name}
          rows={3}
          required={required}
          placeholder={field.placeholder}
          defaultValue={value as string | undefined}
        />
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
        defaultValue={value as string | undefined}
        autoComplete={field.secret ? "new-password" : "off"}
      />
      {help}
    </label>
  );
}

/** The channel's own config form, from its descriptor's fields (app/lib/inbox-config.ts shapes what it sends). */
export function InboxConfigFields({ kind, fields, stored }: { kind: string; fields: readonly ConfigField[]; stored?: StoredConfig }) {
  const t = useT();
  return (
    <>
      {groups(fields).map((group) => {
        const inputs = group.fields.map((field) => <Input key={`${kind}-${field.name}`} field={field} stored={stored} />);
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
