#!/usr/bin/env bash
# Install Lighthouse (npm, pinned: 13 needs Node 22) into .tools/ for `make bench`; Debian's Chromium runs it.
# Idempotent and quiet; prints nothing when ready.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-chromium.sh
exec ./scripts/npm-tool.sh lighthouse 12.2.3 cli/index.js "the Lighthouse scores of the benchmark"
