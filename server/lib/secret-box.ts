import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * AES-256-GCM for inbox secrets at rest. The key comes from SECRET_KEY (required when several
 * nodes share a database) or a key file generated once under DATA_DIR.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** HMAC-SHA256 for signed URLs (e.g. MMS media fetched by the provider). */
  mac(data: string): string;
  verifyMac(data: string, mac: string): boolean;
}

export function createSecretBox(keyMaterial: string): SecretBox {
  const key = createHash("sha256").update(keyMaterial).digest();
  const macKey = createHash("sha256").update(`mac:${keyMaterial}`).digest();
  const mac = (data: string) => createHmac("sha256", macKey).update(data).digest("base64url");
  return {
    mac,
    verifyMac(data, given) {
      const expected = Buffer.from(mac(data));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Unreadable sealed secret");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}
