import { z } from "zod";

/** A boolean environment variable (true/false, 1/0, yes/no); `fallback` when unset. */
export const envFlag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .optional()
    .transform((v) => (v === undefined ? fallback : ["true", "1", "yes"].includes(v)));
