import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { diskStorage } from "./file-storage.ts";

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

it("stores bytes once under their SHA-256, sharded, with no temporary file left behind", async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "sb-files-"));
  const storage = diskStorage(root);
  // Over 1 MB, so the hash is computed in several slices.
  const content = Buffer.from("見積書 — quote ".repeat(150_000));
  const sha256 = createHash("sha256").update(content).digest("hex");
  expect(await storage.put(content)).toEqual({ sha256, size: content.length });
  expect(await storage.put(Buffer.from(content))).toEqual({ sha256, size: content.length });
  expect(await filesUnder(root)).toEqual([path.join(sha256.slice(0, 2), sha256.slice(2, 4), sha256)]);
  expect((await storage.read(sha256)).equals(content)).toBe(true);
  expect(await storage.exists(sha256)).toBe(true);
  expect(await storage.exists("0".repeat(64))).toBe(false);
  expect(() => storage.read("../etc/passwd")).toThrow("Invalid content hash");
});
