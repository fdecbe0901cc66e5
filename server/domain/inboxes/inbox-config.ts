import type { AnyChannelAdapter } from "~/integrations/core/channel-set.ts";
import type { SecretBox } from "~/server/lib/secret-box.ts";

/**
 * Splits an inbox config into what may be stored in clear (and shown to admins) and the secret
 * paths (adapter.descriptor.secretKeys, dotted like `smtp.pass`), which are sealed with AES-256-GCM.
 */
export function sealInboxConfig(adapter: Pick<AnyChannelAdapter, "descriptor">, config: Record<string, unknown>, box: SecretBox) {
  const publicConfig = structuredClone(config);
  const secrets: Record<string, unknown> = {};
  for (const key of adapter.descriptor.secretKeys) {
    const value = getPath(publicConfig, key);
    if (value === undefined) continue;
    secrets[key] = value;
    deletePath(publicConfig, key);
  }
  return { config: publicConfig, secrets: Object.keys(secrets).length ? box.seal(JSON.stringify(secrets)) : null };
}

/** The full config again, for the adapter only. Never send the result to a browser. */
export function openInboxConfig(row: { config: unknown; secrets: string | null }, box: SecretBox): Record<string, unknown> {
  const config = structuredClone((row.config ?? {}) as Record<string, unknown>);
  if (row.secrets) {
    const secrets = JSON.parse(box.open(row.secrets)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(secrets)) setPath(config, key, value);
  }
  return config;
}

export function getPath(obj: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== "object") o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
}

function deletePath(obj: Record<string, unknown>, path: string) {
  const keys = path.split(".");
  const parent = getPath(obj, keys.slice(0, -1).join(".")) ?? (keys.length === 1 ? obj : undefined);
  if (parent && typeof parent === "object") delete (parent as Record<string, unknown>)[keys.at(-1)!];
}
