import { checkUrlTarget, OutboundFetchError } from "~/integrations/core/outbound-fetch.ts";
import type { AppContext } from "~/server/context.ts";
import { badRequest } from "~/server/lib/errors.ts";

/** Loopback and private targets are refused unless WEBHOOK_ALLOW_PRIVATE=true (SSRF, issue 15). */
export async function checkWebhookUrl(ctx: AppContext, url: string) {
  try {
    await checkUrlTarget(url, ctx.env.WEBHOOK_ALLOW_PRIVATE);
  } catch (err) {
    if (err instanceof OutboundFetchError) throw badRequest(`url: ${err.message}`);
    throw err;
  }
}
