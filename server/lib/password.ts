import { hash, verify } from "@node-rs/argon2";
import { AppError } from "./errors.ts";

/**
 * Password hashing with argon2id. The parameters are OWASP's minimum recommendation for argon2id
 * (19 MiB, 2 passes, 1 lane); they live in the PHC string, so raising them later keeps old hashes
 * verifiable. `algorithm` is left at the library default (argon2id) because its enum is a
 * `const enum`, which isolated-module compilation cannot read.
 */
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFKC"), ARGON2_OPTIONS);
}

/** False (never a throw) for a wrong password or an unreadable stored hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize("NFKC"));
  } catch {
    return false;
  }
}

/**
 * The policy for new passwords: a length range only (NIST SP 800-63B: no composition rules).
 * Length counts code points so a Japanese passphrase is measured as the user sees it.
 */
export function passwordPolicyError(password: string): string | null {
  const length = [...password.normalize("NFKC")].length;
  if (length < PASSWORD_MIN_LENGTH) return `Password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `Password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}

export function assertPasswordPolicy(password: string): void {
  const error = passwordPolicyError(password);
  if (error) throw new AppError("bad_request", error, { field: "password" });
}
