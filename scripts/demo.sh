#!/usr/bin/env bash
# The demo on SQLite with sample members, channels and drafts in every state: the JMS service
# and one JupyterLab per demo member connected to it, one link each.
# Options go to `jupyter jms demo` (e.g. --port 8899, --root DIR to keep it and come back to it,
# --members ada,eve); others go to every Jupyter server it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/jupyter jms demo "$@"
