import { describe, expect, it } from "vitest";
import { assertPasswordPolicy, hashPassword, passwordPolicyError, verifyPassword } from "./password.ts";

describe("password hashing", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, "correct horse battery")).toBe(true);
    expect(await verifyPassword(stored, "correct horse batterY")).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password here")).not.toBe(await hashPassword("same password here"));
  });

  it("treats an unreadable stored hash as a mismatch", async () => {
    expect(await verifyPassword("not-a-hash", "whatever password")).toBe(false);
    expect(await verifyPassword("", "whatever password")).toBe(false);
  });

  it("accepts Japanese passwords, composed or decomposed alike", async () => {
    const stored = await hashPassword("パスワードはとても長いです");
    expect(await verifyPassword(stored, "パスワードはとても長いです")).toBe(true);
    // Decomposed input (e.g. "ド" as "ト" + combining dakuten, as some IMEs and macOS send it) still matches.
    expect(await verifyPassword(stored, "パスワードはとても長いです".normalize("NFD"))).toBe(true);
  });
});

describe("password policy", () => {
  it("requires 10 to 256 characters", () => {
    expect(passwordPolicyError("short")).toMatch(/at least 10/);
    expect(passwordPolicyError("a".repeat(10))).toBeNull();
    expect(passwordPolicyError("a".repeat(256))).toBeNull();
    expect(passwordPolicyError("a".repeat(257))).toMatch(/at most 256/);
  });

  it("counts characters, not UTF-16 units", () => {
    expect(passwordPolicyError("🔑".repeat(9))).toMatch(/at least 10/);
    expect(passwordPolicyError("日本語のパスワードです")).toBeNull();
  });

  it("throws a bad_request AppError naming the field", () => {
    expect(() => assertPasswordPolicy("tiny")).toThrowError(
      expect.objectContaining({ code: "bad_request", details: { field: "password" } }),
    );
  });
});
