import type { ChannelKind } from "~/common/realtime-contract.ts";
import { useT, type MessageKey } from "~/app/i18n/index.ts";

type FieldType = "text" | "password" | "url" | "number" | "email" | "textarea" | "checkbox";
type Field = [name: string, label: MessageKey, type: FieldType, required?: boolean];

// Field names match app/lib/inbox-config.ts, which shapes them into the channel's config.
const FIELDS: Record<ChannelKind, { legend?: string; fields: Field[] }[]> = {
  web_chat: [
    {
      fields: [
        ["allowedOrigins", "admin.field.allowedOrigins", "textarea", true],
        ["greeting", "admin.field.greeting", "text"],
      ],
    },
  ],
  email: [
    {
      fields: [
        ["address", "admin.field.address", "email", true],
        ["signature", "admin.field.signature", "textarea"],
      ],
    },
    {
      legend: "SMTP",
      fields: [
        ["smtpHost", "admin.field.smtpHost", "text"],
        ["smtpPort", "admin.field.smtpPort", "number"],
        ["smtpUser", "admin.field.smtpUser", "text"],
        ["smtpPassword", "admin.field.smtpPassword", "password"],
        ["smtpSecure", "admin.field.smtpSecure", "checkbox"],
      ],
    },
    {
      legend: "IMAP",
      fields: [
        ["imapHost", "admin.field.imapHost", "text"],
        ["imapPort", "admin.field.imapPort", "number"],
        ["imapUser", "admin.field.imapUser", "text"],
        ["imapPassword", "admin.field.imapPassword", "password"],
        ["imapSecure", "admin.field.imapSecure", "checkbox"],
      ],
    },
  ],
  twilio_sms: [
    {
      fields: [
        ["accountSid", "admin.field.accountSid", "text", true],
        ["authToken", "admin.field.authToken", "password", true],
        ["phoneNumber", "admin.field.phoneNumber", "text"],
        ["messagingServiceSid", "admin.field.messagingServiceSid", "text"],
        ["apiBaseUrl", "admin.field.apiBaseUrl", "url"],
      ],
    },
  ],
  slack: [
    {
      fields: [
        ["signingSecret", "admin.field.signingSecret", "password", true],
        ["botToken", "admin.field.botToken", "password", true],
        ["apiUrl", "admin.field.apiUrl", "url"],
      ],
    },
  ],
};

export function InboxConfigFields({ kind }: { kind: ChannelKind }) {
  const t = useT();
  return (
    <>
      {FIELDS[kind].map((group, gi) => {
        const inputs = group.fields.map(([name, label, type, required]) =>
          type === "checkbox" ? (
            <label key={`${kind}-${name}`} className="check">
              <input type="checkbox" name={name} defaultChecked={name === "imapSecure"} /> {t(label)}
            </label>
          ) : (
            <label key={`${kind}-${name}`} className="field">
              {t(label)}
              {type === "textarea" ? (
                <textarea name={name} rows={3} required={required} />
              ) : (
                <input type={type} name={name} required={required} autoComplete={type === "password" ? "new-password" : "off"} />
              )}
            </label>
          ),
        );
        return group.legend ? (
          <fieldset key={gi}>
            <legend>
              {group.legend} <span className="muted">({t("admin.field.optional")})</span>
            </legend>
            {inputs}
          </fieldset>
        ) : (
          <div key={gi} className="form-stack">
            {inputs}
          </div>
        );
      })}
    </>
  );
}
