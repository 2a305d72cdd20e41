#!/usr/bin/env bash
# Install the W3C Nu HTML Checker (npm vnu-jar, pinned) into .tools/ for the HTML validation test,
# and Debian's Java runtime when `java` is missing. Idempotent and quiet; prints nothing when ready.
set -euo pipefail
VERSION=26.9.27
cd "$(dirname "$0")/.."
TOOLS=.tools
JAR="$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar"
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" != "0" ]; then
    echo "Java is missing: run 'sudo apt-get install -y default-jre-headless' (the HTML validation test will be skipped)." >&2
  else
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq default-jre-headless >/dev/null
  fi
fi
if [ -f "$JAR" ] && grep -q "\"version\": *\"$VERSION\"" "$TOOLS/node_modules/vnu-jar/package.json"; then exit 0; fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Node.js to fetch vnu-jar (the HTML validation test will be skipped)." >&2
  exit 0
fi
mkdir -p "$TOOLS"
[ -f "$TOOLS/package.json" ] || echo '{"private": true}' > "$TOOLS/package.json"
# --ignore-scripts: the package's postinstall would fetch a Temurin JDK from GitHub; we use Debian's.
npm install --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund --silent --save-exact "vnu-jar@$VERSION" >/dev/null
test -f "$JAR"
