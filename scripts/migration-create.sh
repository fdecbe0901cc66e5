#!/usr/bin/env bash
# Author a new SQL migration offline (see docs/decisions/001-migrations.md).
# Prisma 7's migrate CLI needs a native schema engine that cannot be downloaded here, so this
# uses Prisma 6.19's WASM engine, installed once into a scratch cache (never into package.json),
# to diff the schema of the last commit (or --from FILE, or nothing when no migration exists yet)
# against prisma/schema.prisma.
#   npm run db:migration -- <name> [--from FILE]
set -euo pipefail
name="${1:?usage: npm run db:migration -- <name> [--from old-schema.prisma]}"; shift
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${SWITCHBOARD_TOOL_CACHE:-$HOME/.cache/switchboard}/prisma6"
from=""
if [ "${1:-}" = "--from" ]; then from="$2"; fi

if [ ! -x "$cache/node_modules/.bin/prisma" ]; then
  mkdir -p "$cache"
  npm i --prefix "$cache" --no-audit --no-fund --silent prisma@6.19.3 pglite-prisma-adapter@0.6.1 @electric-sql/pglite@0.3 >/dev/null
fi
cat > "$cache/prisma.config.ts" <<'CFG'
import { defineConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPGlite(new PGlite()),
} as never);
CFG

# Prisma 6 wants a url in the datasource and rejects Prisma 7 generator options we don't need here.
to_v6() { sed -e 's/^\(\s*provider = "postgresql"\)$/\1\n  url = "postgresql:\/\/unused"/' -e '/moduleFormat/d' "$1"; }
to_v6 "$root/prisma/schema.prisma" > "$cache/new.prisma"
migrations="$root/prisma/migrations"
if [ -n "$from" ]; then
  to_v6 "$from" > "$cache/old.prisma"; fromArgs=(--from-schema-datamodel "$cache/old.prisma")
elif ls "$migrations"/*/migration.sql >/dev/null 2>&1; then
  git -C "$root" show HEAD:prisma/schema.prisma > "$cache/old-raw.prisma"
  to_v6 "$cache/old-raw.prisma" > "$cache/old.prisma"; fromArgs=(--from-schema-datamodel "$cache/old.prisma")
else
  fromArgs=(--from-empty)
fi

sql="$(cd "$cache" && PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_QUERY_ENGINE_LIBRARY=/bin/false ./node_modules/.bin/prisma migrate diff \
  "${fromArgs[@]}" --to-schema-datamodel new.prisma --script)"
if ! grep -qv '^-- This is an empty migration.' <<<"$sql" || [ -z "$(grep -v '^--' <<<"$sql" | tr -d '[:space:]')" ]; then
  echo "schema.prisma has no changes to migrate"; exit 1
fi
dir="$migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "wrote ${dir#$root/}/migration.sql"
