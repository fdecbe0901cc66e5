import type { ChannelKind } from "~/common/realtime-contract.ts";

/**
 * Turns the admin form's per-kind fields into the config object the channel's own schema
 * validates (server/domain/admin/create-inbox.ts). Only shaping happens here: empty optional
 * fields are left out, checkboxes become booleans, numbers stay strings for the schema to coerce.
 */
type Fields = { get(name: string): FormDataEntryValue | null };

function str(form: Fields, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}
const bool = (form: Fields, name: string) => form.get(name) === "on";

function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function buildInboxConfig(kind: ChannelKind, form: Fields): Record<string, unknown> {
  switch (kind) {
    case "web_chat":
      return compact({
        allowedOrigins: (str(form, "allowedOrigins") ?? "")
          .split(/[\s,]+/)
          .map((o) => o.trim())
          .filter(Boolean),
        greeting: str(form, "greeting"),
      });
    case "email": {
      const smtpHost = str(form, "smtpHost");
      const imapHost = str(form, "imapHost");
      return compact({
        address: str(form, "address") ?? "",
        signature: str(form, "signature"),
        smtp: smtpHost
          ? compact({
              host: smtpHost,
              port: str(form, "smtpPort"),
              secure: bool(form, "smtpSecure"),
              user: str(form, "smtpUser"),
              pass: str(form, "smtpPassword"),
            })
          : undefined,
        imap: imapHost
          ? compact({
              host: imapHost,
              port: str(form, "imapPort"),
              secure: bool(form, "imapSecure"),
              user: str(form, "imapUser"),
              pass: str(form, "imapPassword"),
            })
          : undefined,
      });
    }
    case "twilio_sms":
      return compact({
        accountSid: str(form, "accountSid") ?? "",
        authToken: str(form, "authToken") ?? "",
        phoneNumber: str(form, "phoneNumber"),
        messagingServiceSid: str(form, "messagingServiceSid"),
        apiBaseUrl: str(form, "apiBaseUrl"),
      });
    case "slack":
      return compact({
        signingSecret: str(form, "signingSecret") ?? "",
        botToken: str(form, "botToken") ?? "",
        apiUrl: str(form, "apiUrl"),
      });
  }
}
