import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Env } from "~/server/env.ts";
import type { Logger } from "./log.ts";

/**
 * The key for secrets at rest: SECRET_KEY, or one generated once into DATA_DIR/secret.key. Nodes
 * sharing a PostgreSQL database must share SECRET_KEY, or they cannot read each other's inboxes.
 */
export async function loadSecretKey(env: Env, dataDir: string, log: Logger): Promise<string> {
  if (env.SECRET_KEY) return env.SECRET_KEY;
  const file = path.join(dataDir, "secret.key");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    if (env.DATABASE_URL)
      log.warn("SECRET_KEY is not set: generating a key in DATA_DIR; every node sharing this database needs the same SECRET_KEY");
    const key = randomBytes(32).toString("base64url");
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, key, { mode: 0o600, flag: "wx" }).catch(async (err) => {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    });
    return (await readFile(file, "utf8")).trim();
  }
}
