#!/usr/bin/env bash
# A demo JupyterLab on SQLite with sample members, channels and drafts in every state.
# Options go to `jupyter jms demo` (e.g. --port 8899, --root DIR, --no-browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/jupyter jms demo "$@"
