import { randomBytes } from "node:crypto";
import type { AppContext } from "~/server/context.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";
import { seedDemo } from "./seed-demo.ts";

export interface BootstrapResult {
  /** Set only when this start created the first admin. */
  admin: { email: string; password: string | null } | null;
  demo: { password: string } | null;
}

/**
 * On an empty database: create the first admin (ADMIN_EMAIL + ADMIN_PASSWORD, or a generated
 * password that is printed once) and, unless SEED_DEMO=false, a demo workspace.
 */
export async function bootstrapWorkspace(ctx: AppContext): Promise<BootstrapResult> {
  if ((await ctx.db.user.count()) > 0) return { admin: null, demo: null };
  const email = ctx.env.ADMIN_EMAIL ?? "admin@switchboard.local";
  const generated = ctx.env.ADMIN_PASSWORD ? null : randomBytes(9).toString("base64url");
  try {
    await createUser(ctx, "system", { email, name: "Admin", role: "admin", password: ctx.env.ADMIN_PASSWORD ?? generated });
  } catch (err) {
    // Another node bootstrapping the same empty database at the same moment won the race.
    if ((await ctx.db.user.count()) > 0) return { admin: null, demo: null };
    throw err;
  }
  const demo = ctx.env.SEED_DEMO ? await seedDemo(ctx, email) : null;
  return { admin: { email, password: generated }, demo };
}
