import type { AppContext } from "~/server/context.ts";

/** The enabled Switchboard user with this email (an agent working from Slack is matched by their profile's email). */
export function findUserByEmail(ctx: AppContext, email: string): Promise<{ id: string; name: string; role: string } | null> {
  return ctx.db.user.findFirst({
    where: { email: email.trim().toLowerCase(), disabledAt: null },
    select: { id: true, name: true, role: true },
  });
}
