#!/usr/bin/env bash
# Every check: types, lint, unit and integration (PGlite; also PostgreSQL when
# TEST_DATABASE_URL is set), then end to end in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: Chromium (end to end), poppler-utils (pdftotext reads statements back).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests…"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== typecheck and lint"
npx tsc --noEmit
npx eslint .

echo "== unit and integration tests (PGlite)"
npx vitest run

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== integration tests (PostgreSQL at ${TEST_DATABASE_URL})"
  npx vitest run
fi

echo "== end-to-end tests (Chromium)"
npx playwright test
