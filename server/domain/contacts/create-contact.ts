import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { AppError, badRequest, parseInput } from "~/server/lib/errors.ts";
import { normalizeEmail } from "~/integrations/core/addresses/email.ts";
import { normalizePhone } from "~/integrations/core/addresses/phone.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { normalizeName } from "./normalize-name.ts";

/** Names are stored normalised (NFKC, one space, trimmed; issue 14). */
export const contactName = z.string().transform(normalizeName).pipe(z.string().min(1).max(200));

export const createContactInput = z.object({
  name: contactName,
  email: z.string().trim().max(320).optional(),
  phone: z.string().trim().max(40).optional(),
  companyId: z.string().min(1).optional(),
});

/** Creates a customer by hand (agents, API); addresses are normalised like the channels do. */
export async function createContact(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin", "agent");
  const input = parseInput(createContactInput, raw);
  const identities: { kind: "email" | "phone"; address: string }[] = [];
  if (input.email) {
    const email = normalizeEmail(input.email);
    if (!email) throw badRequest("email: not a valid email address");
    identities.push({ kind: "email", address: email });
  }
  if (input.phone) {
    const phone = normalizePhone(input.phone);
    if (!phone) throw badRequest("phone: not a valid phone number");
    identities.push({ kind: "phone", address: phone });
  }
  try {
    const contact = await ctx.db.contact.create({
      data: { name: input.name, companyId: input.companyId ?? null, identities: { create: identities } },
      select: { id: true, name: true, companyId: true, identities: { select: { kind: true, address: true } } },
    });
    ctx.bus.publish({ type: "contact.changed", change: "created", contact: { id: contact.id, name: contact.name } });
    return contact;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "A contact with this email or phone already exists");
    throw err;
  }
}
