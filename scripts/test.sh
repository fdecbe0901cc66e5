#!/usr/bin/env bash
# The project's test command (`npm test`), also what CI runs:
#   0. typecheck, lint and format (Biome) and import boundaries (dependency-cruiser);
#   1. every unit and integration suite on the embedded database (PGlite) — works offline;
#   2. browser tests in Chromium (test/e2e), when /usr/bin/chromium exists (required under CI=true);
#   3. the same suites again on PostgreSQL (plus the Redis scale-out suites, the fault tests in
#      test/faults, which print their figures, and the agent ↔ widget browser test), when PostgreSQL is
#      reachable at TEST_POSTGRES_URL (required under CI=true: unreachable fails instead of skipping).
set -uo pipefail
cd "$(dirname "$0")/.."
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
export REDIS_URL_TEST="${REDIS_URL_TEST:-redis://127.0.0.1:6379}"
ci="${CI:-false}"
status=0
summary=()
failures=()
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

# Runs one suite, keeping its output so that the names and first errors of failed tests can be
# repeated next to the summary (CI often shows only the end of the output).
run() {
  local label="$1"; shift
  local log="$logs/${#summary[@]}.log"
  echo; echo "=== $label ==="
  if "$@" 2>&1 | tee "$log"; then
    summary+=("PASS  $label")
  else
    summary+=("FAIL  $label"); status=1
    failures+=("--- $label:")
    while IFS= read -r line; do failures+=("$line"); done < <(
      sed -e 's/\x1b\[[0-9;]*m//g' "$log" |
        grep -E '^ *(FAIL |×|[A-Za-z]*Error:|error TS|✖|Expected|Received|❯ test/)' | head -n 24
    )
  fi
}
skip() { summary+=("SKIP  $1 ($2)"); echo; echo "=== $1: skipped, $2 ==="; }

# Route types are generated afresh: stale ones of a moved route would fail tsc.
run "typecheck, lint, import boundaries" bash -c "rm -rf .react-router/types && npx react-router typegen && npx tsc && npm run -s lint"

run "unit + integration (PGlite)" npx vitest run

if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  run "browser (Chromium)" npx vitest run --config vitest.e2e.config.ts
elif [ "$ci" = "true" ]; then
  summary+=("FAIL  browser (Chromium): /usr/bin/chromium missing under CI"); status=1
else
  skip "browser (Chromium)" "install Debian's chromium to run them"
fi

if node -e "const c=new (require('pg').Client)({connectionString:process.env.TEST_POSTGRES_URL,connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))" 2>/dev/null; then
  run "unit + integration (PostgreSQL + Redis)" env TEST_DB=postgres npx vitest run
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    # The end-to-end path (agent reply in the browser → widget) once more on PostgreSQL.
    run "browser: agent ↔ widget (PostgreSQL)" env TEST_DB=postgres npx vitest run --config vitest.e2e.config.ts test/e2e/widget.test.ts
  fi
elif [ "$ci" = "true" ]; then
  summary+=("FAIL  PostgreSQL suites: no PostgreSQL at $TEST_POSTGRES_URL under CI"); status=1
else
  skip "PostgreSQL suites" "no PostgreSQL at $TEST_POSTGRES_URL"
fi

if [ ${#failures[@]} -gt 0 ]; then echo; echo "=== what failed ==="; printf '%s\n' "${failures[@]}"; fi
echo; echo "=== summary ==="; printf '%s\n' "${summary[@]}"
passed=$(printf '%s\n' "${summary[@]}" | grep -c '^PASS' || true)
failed=$(printf '%s\n' "${summary[@]}" | grep -c '^FAIL' || true)
skipped=$(printf '%s\n' "${summary[@]}" | grep -c '^SKIP' || true)
echo "suites: $passed passed, $failed failed, $skipped skipped"
exit $status
