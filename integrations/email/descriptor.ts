import type { ChannelDescriptor } from "~/integrations/core/descriptor.ts";
import { type EmailConfig, emailConfigSchema, emailSecretKeys } from "./config.ts";
import { imapHealth } from "./imap-health.ts";

export const emailDescriptor = {
  kind: "email",
  identityKind: "email",
  label: { en: "Email", ja: "メール" },
  identityLabel: { en: "Email", ja: "メール" },
  icon: {
    viewBox: "0 0 24 24",
    paths: ["M5 5h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z", "M3.5 6.5L12 13l8.5-6.5"],
  },
  configSchema: emailConfigSchema,
  secretKeys: emailSecretKeys,
  // SMTP and IMAP are optional blocks: each is sent only when its host is filled in.
  configFields: [
    { name: "address", path: "address", type: "email", required: true, label: { en: "Email address", ja: "メールアドレス" } },
    { name: "signature", path: "signature", type: "textarea", label: { en: "Signature", ja: "署名" } },
    { name: "smtpHost", path: "smtp.host", type: "text", group: "SMTP", required: true, label: { en: "SMTP host", ja: "SMTP ホスト" } },
    { name: "smtpPort", path: "smtp.port", type: "number", group: "SMTP", label: { en: "SMTP port", ja: "SMTP ポート" } },
    { name: "smtpUser", path: "smtp.user", type: "text", group: "SMTP", label: { en: "SMTP user", ja: "SMTP ユーザー" } },
    {
      name: "smtpPassword",
      path: "smtp.pass",
      type: "password",
      group: "SMTP",
      secret: true,
      label: { en: "SMTP password", ja: "SMTP パスワード" },
    },
    {
      name: "smtpSecure",
      path: "smtp.secure",
      type: "checkbox",
      group: "SMTP",
      label: { en: "Use TLS (SMTPS)", ja: "TLS を使用（SMTPS）" },
    },
    { name: "imapHost", path: "imap.host", type: "text", group: "IMAP", required: true, label: { en: "IMAP host", ja: "IMAP ホスト" } },
    { name: "imapPort", path: "imap.port", type: "number", group: "IMAP", label: { en: "IMAP port", ja: "IMAP ポート" } },
    { name: "imapUser", path: "imap.user", type: "text", group: "IMAP", label: { en: "IMAP user", ja: "IMAP ユーザー" } },
    {
      name: "imapPassword",
      path: "imap.pass",
      type: "password",
      group: "IMAP",
      secret: true,
      label: { en: "IMAP password", ja: "IMAP パスワード" },
    },
    {
      name: "imapSecure",
      path: "imap.secure",
      type: "checkbox",
      group: "IMAP",
      defaultChecked: true,
      label: { en: "Use TLS (IMAPS)", ja: "TLS を使用（IMAPS）" },
    },
  ],
  capabilities: {
    threads: true,
    attachments: true,
    typing: false,
    deliveryReceipts: true,
    maxLength: null,
    smsSegments: false,
    optOut: false,
    cc: true,
    channelLinks: false,
    departmentChannels: false,
  },
  strings: {},
  health: imapHealth,
} as const satisfies ChannelDescriptor<EmailConfig>;
