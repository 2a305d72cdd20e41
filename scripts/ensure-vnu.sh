#!/usr/bin/env bash
# Install the W3C Nu HTML Checker (npm vnu-jar, pinned) into .tools/ for the HTML validation test,
# and Debian's Java runtime when `java` is missing. Idempotent and quiet; prints nothing when ready.
set -euo pipefail
VERSION=26.9.27
cd "$(dirname "$0")/.."
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" != "0" ]; then
    echo "Java is missing: run 'sudo apt-get install -y default-jre-headless' (the HTML validation test will be skipped)." >&2
  else
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq default-jre-headless >/dev/null
  fi
fi
exec ./scripts/npm-tool.sh vnu-jar "$VERSION" build/dist/vnu.jar "the HTML validation test"
