import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { AppContext } from "~/server/context.ts";

/**
 * Uploaded CSV files wait under DATA_DIR/imports (the volume nodes share) until a real run has read
 * them: a dry run and the run after it read the same bytes, and any node can pick a job up.
 */
export const importDir = (ctx: Pick<AppContext, "env">) => path.join(ctx.env.DATA_DIR, "imports");
export const importFile = (ctx: Pick<AppContext, "env">, jobId: string) => path.join(importDir(ctx), jobId);

/** A fresh name for an upload in progress (it becomes the job's file once the job row exists). */
export async function uploadPath(ctx: Pick<AppContext, "env">) {
  await mkdir(importDir(ctx), { recursive: true });
  return path.join(importDir(ctx), `upload-${randomBytes(8).toString("hex")}.part`);
}

export const keepUpload = (ctx: Pick<AppContext, "env">, upload: string, jobId: string) => rename(upload, importFile(ctx, jobId));
export const discardFile = (file: string) => rm(file, { force: true });

export async function importFileExists(ctx: Pick<AppContext, "env">, jobId: string) {
  try {
    await stat(importFile(ctx, jobId));
    return true;
  } catch {
    return false;
  }
}
