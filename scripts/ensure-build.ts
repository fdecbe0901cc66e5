import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * `npm start`: build the UI (and the Prisma client) only when the build is missing or older than its
 * sources. The stamp is a hash of every file the build reads from the project; server/ and
 * integrations/ stay outside it because the server build imports them at run time (vite.config.ts).
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const STAMP = path.join(ROOT, "build/.sources-hash");
const INPUTS = ["app", "common", "prisma/schema.prisma", "vite.config.ts", "react-router.config.ts", "tsconfig.json", "package-lock.json"];
const OUTPUTS = ["build/server/index.js", "build/client/assets", "server/db/generated"];

function files(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

function sourcesHash(): string {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap(files).sort())
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(ROOT, file)))
      .update("\0");
  return hash.digest("hex");
}

function run(label: string, args: string[]) {
  // Output is shown only when a step fails: a normal start prints one line per build.
  const res = spawnSync("npm", ["run", "-s", ...args], { cwd: ROOT, encoding: "utf8" });
  if (res.status !== 0) {
    process.stderr.write(`${res.stdout}${res.stderr}\n${label} failed\n`);
    process.exit(res.status ?? 1);
  }
}

const current = sourcesHash();
const built = existsSync(STAMP) ? readFileSync(STAMP, "utf8").trim() : null;
if (built === current && OUTPUTS.every((p) => existsSync(path.join(ROOT, p)))) {
  console.log("UI build is up to date.");
} else {
  const started = Date.now();
  console.log(built ? "Sources changed since the last build: building the UI…" : "Building the UI…");
  run("Building the UI", ["build"]);
  writeFileSync(STAMP, `${current}\n`);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
