import { z } from "zod";

export const DEFAULT_COLOR = "#2563eb";

/** An origin as a browser sends it (`https://shop.example.com`), from whatever URL an admin pastes. */
const origin = z
  .string()
  .trim()
  .transform((v, ctx) => {
    try {
      const url = new URL(v);
      if (url.protocol === "http:" || url.protocol === "https:") return url.origin;
    } catch {}
    ctx.addIssue({ code: "custom", message: `"${v}" is not a web origin such as https://www.example.com` });
    return z.NEVER;
  });

/**
 * A web chat inbox as an admin configures it. No secrets: visitor tokens are signed with a key the
 * host derives from the server secret. `allowedOrigins` empty means any site may embed the widget.
 */
/** The defaults; the chat page shows them in the visitor's language (chat.js) unless an admin changed them. */
export const DEFAULT_TITLE = "Chat with us";
export const DEFAULT_GREETING = "Hi! How can we help you today?";

export const webChatConfigSchema = z.object({
  title: z.string().trim().min(1).max(80).default(DEFAULT_TITLE),
  greeting: z.string().trim().max(500).default(DEFAULT_GREETING),
  color: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "Color must be a hex color such as #2563eb")
    .transform((v) => v.toLowerCase())
    .default(DEFAULT_COLOR),
  allowedOrigins: z
    .array(origin)
    .max(50)
    .default([])
    .transform((list) => [...new Set(list)]),
});

export type WebChatConfig = z.infer<typeof webChatConfigSchema>;

/** Stored configs may predate a field: read them through the schema's defaults. */
export function readConfig(raw: unknown): WebChatConfig {
  const parsed = webChatConfigSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : webChatConfigSchema.parse({});
}
