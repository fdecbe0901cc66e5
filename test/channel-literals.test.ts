import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { channels } from "~/server/channels/registry.ts";

/**
 * The app and the domain ask a channel's descriptor (docs/decisions/005-channel-descriptors.md), never
 * `kind === "<channel>"`: such a check is what makes a new channel touch files outside its folder.
 * Scans app/, server/ and common/ for comparisons and switch cases on the registry's kinds.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const SCANNED = ["app", "server", "common"];
const SKIPPED = new Set(["server/db/generated"]);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, dir), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (e) => {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) return SKIPPED.has(rel) ? [] : sourceFiles(rel);
      return /\.(ts|tsx)$/.test(e.name) ? [rel] : [];
    }),
  );
  return nested.flat();
}

function literalChecks(kinds: readonly string[]): RegExp {
  const literal = `["'\`](?:${kinds.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})["'\`]`;
  const subject = String.raw`[\w$.?]*(?:kind|channel)\b`;
  return new RegExp(
    [
      String.raw`${subject}\s*[!=]==?\s*${literal}`,
      String.raw`${literal}\s*[!=]==?\s*${subject}`,
      String.raw`\bcase\s+${literal}\s*:`,
    ].join("|"),
    "gi",
  );
}

function findChecks(source: string, kinds: readonly string[]): string[] {
  return [...source.matchAll(literalChecks(kinds))].map((m) => m[0]);
}

describe("channel kind literals", () => {
  it("recognises the checks it is meant to catch, and nothing else", () => {
    const kinds = ["email", "twilio_sms"];
    expect(
      findChecks(
        `a.kind === "email"; inbox?.kind !== 'twilio_sms'; props.channel === \`email\`; "email" == m.channel; case "email": x;`,
        kinds,
      ),
    ).toHaveLength(5);
    expect(findChecks(`field.type === "email"; kind === "phone"; const kind = "email"; channel.kind === other`, kinds)).toEqual([]);
  });

  it("finds none in app/, server/ or common/", async () => {
    expect(channels.kinds.length).toBeGreaterThan(0);
    const files = (await Promise.all(SCANNED.map(sourceFiles))).flat();
    const found: string[] = [];
    for (const file of files) {
      for (const check of findChecks(await readFile(path.join(ROOT, file), "utf8"), channels.kinds)) found.push(`${file}: ${check}`);
    }
    expect(found).toEqual([]);
  });
});
