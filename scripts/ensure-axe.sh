#!/usr/bin/env bash
# Install axe-core (npm "axe-core", pinned; MPL-2.0, no dependencies) into .tools/ for the accessibility
# test (tests/test_axe.py injects its axe.min.js into the pages of the real site in headless Chromium).
# Idempotent and quiet; prints nothing when ready.
set -euo pipefail
VERSION=4.14.1
cd "$(dirname "$0")/.."
exec ./scripts/npm-tool.sh axe-core "$VERSION" axe.min.js "the accessibility test"
