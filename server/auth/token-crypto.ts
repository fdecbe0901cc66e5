import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** Lower-case base32 of `byteCount` CSPRNG bytes (15 bytes = 120 bits = 24 characters). */
export function randomBase32(byteCount: number): string {
  const bytes = new Uint8Array(byteCount);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sha256Utf8(text: string): Uint8Array {
  return sha256(new TextEncoder().encode(text));
}
