import { Prisma } from "./generated/client.ts";

/** True for a unique-constraint violation, however the driver adapter reports it. */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) return err.code === "P2002";
  const code = (err as { code?: string; cause?: { code?: string } })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
  return code === "23505" || code === "P2002";
}
