import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
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
  /** Removes the bytes (erasure): the caller checked that no row still names the hash. */
  delete(sha256: string): Promise<void>;
}

const HASH = /^[a-f0-9]{64}$/;
const HASH_SLICE_BYTES = 1024 * 1024;

export function diskStorage(root: string): FileStorage {
  const fileFor = (sha256: string) => {
    if (!HASH.test(sha256)) throw new Error("Invalid content hash");
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  return {
    async put(content) {
      const sha256 = await sha256Of(content);
      const file = fileFor(sha256);
      if (!(await exists(file))) {
        const created = await mkdir(path.dirname(file), { recursive: true });
        // Write to a temp name, flush it to disk, then rename, so a crash never leaves a truncated file
        // under the hash; and flush the directory, so a database row written after put() never points
        // at a file the crash took away (raw mail is acknowledged after that row: issue 17, finding 6).
        const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
        const handle = await open(tmp, "wx");
        try {
          await handle.writeFile(content);
          await handle.sync();
        } catch (err) {
          await handle.close();
          await rm(tmp, { force: true });
          throw err;
        }
        await handle.close();
        await rename(tmp, file);
        await syncDirectory(path.dirname(file));
        // New shard folders are entries of their parents, which need flushing too.
        if (created) for (const dir of [path.dirname(path.dirname(file)), root]) await syncDirectory(dir);
      }
      return { sha256, size: content.length };
    },
    read: (sha256) => readFile(fileFor(sha256)),
    stream: (sha256) => createReadStream(fileFor(sha256)),
    exists: (sha256) => exists(fileFor(sha256)),
    delete: (sha256) => rm(fileFor(sha256), { force: true }),
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

async function syncDirectory(dir: string) {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** SHA-256 in 1 MB slices, letting other work run between them: a 24 MB mail is ~50 ms of hashing. */
async function sha256Of(content: Buffer): Promise<string> {
  const hash = createHash("sha256");
  for (let offset = 0; offset < content.length; offset += HASH_SLICE_BYTES) {
    if (offset > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    hash.update(content.subarray(offset, offset + HASH_SLICE_BYTES));
  }
  return hash.digest("hex");
}
