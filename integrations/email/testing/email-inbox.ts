import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { EmailConfig } from "~/integrations/email/config.ts";

/** An email inbox as the adapter sees it, for tests with the memory host. */
export function emailInbox(id: string, config: Partial<EmailConfig> & { address: string }): InboxRuntime<EmailConfig> {
  return {
    id,
    kind: "email",
    name: "Acme Support",
    enabled: true,
    config: { fromNameStyle: "agent-via-inbox", delivery: "smtp", ...config },
    state: {},
  };
}
