import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";

/**
 * Content-addressed file storage: bytes are stored once per SHA-256. Only this interface is used
 * elsewhere, so an object store can replace the disk (several nodes need a shared volume or one).
 */
export interface FileStorage {
  put(content: Buffer): Promise<{ sha256: string; size: number }>;
  read(sha256: string): Promise<Buffer>;
  stream(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
}

const HASH = /^[a-f0-9]{64}$/;

export function diskStorage(root: string): FileStorage {
  const fileFor = (sha256: string) => {
    if (!HASH.test(sha256)) throw new Error("Invalid content hash");
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  return {
    async put(content) {
      const sha256 = createHash("sha256").update(content).digest("hex");
      const file = fileFor(sha256);
      if (!(await exists(file))) {
        await mkdir(path.dirname(file), { recursive: true });
        // Write to a temp name then rename, so a crash never leaves a truncated file under the hash.
        const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
        await writeFile(tmp, content);
        await rename(tmp, file);
      }
      return { sha256, size: content.length };
    },
    read: (sha256) => readFile(fileFor(sha256)),
    stream: (sha256) => createReadStream(fileFor(sha256)),
    exists: (sha256) => exists(fileFor(sha256)),
  };
}

async function exists(file: string) {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
