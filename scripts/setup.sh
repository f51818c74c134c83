#!/usr/bin/env bash
# Create .venv and install jupyter-jms (editable) with everything the demo and the tests need.
# Safe to run again: it only installs what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

if ! command -v node >/dev/null 2>&1; then
  echo "error: Node.js >= 20.19 is needed to build the labextension from source" >&2
  echo "       (users of the published wheel need no Node.js)." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "creating .venv..."
  "${PYTHON:-python3}" -m venv .venv
fi
export PATH="$ROOT/.venv/bin:$PATH"

stamp=.venv/.jms-installed
want="$(cat pyproject.toml labextension/package.json labextension/yarn.lock | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "installing Python packages (first run takes a few minutes)..."
  python -m pip install -q --upgrade pip
  # Build requirements, so the editable install needs no isolated build environment.
  # setuptools >= 70.1 builds wheels itself: grapheme comes as an sdist only, and without build
  # isolation an older setuptools (the one a new venv holds) fails with "invalid command bdist_wheel".
  python -m pip install -q "setuptools>=70.1" hatchling hatch-jupyter-builder hatch-nodejs-version editables \
    "jupyterlab>=4.6,<4.7"
  python -m pip install -q --no-build-isolation -e ".[test,postgres]"
  # The kernel papermill runs report notebooks with is this environment's Python.
  python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
  echo "$want" > "$stamp"
fi

# Rebuild the labextension from source whenever it may have changed (seconds when current).
(
  cd labextension
  jlpm install >/dev/null
  jlpm build:prod >/dev/null
)
# Serve the build above rather than the copy pip made at install time.
jupyter labextension develop --overwrite . >/dev/null 2>&1

# configurable-http-proxy, the proxy JupyterHub runs (tests/test_hub.py and
# jupyter-config/jupyterhub_config.py find it in tools/jupyterhub/node_modules/.bin).
# Installed again only when its lock file changed.
(
  cd tools/jupyterhub
  want="$(sha256sum package-lock.json | cut -c1-16)"
  if [ ! -x node_modules/.bin/configurable-http-proxy ] ||
    [ "$(cat node_modules/.jms-installed 2>/dev/null)" != "$want" ]; then
    echo "installing configurable-http-proxy..."
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" > node_modules/.jms-installed
  fi
)

echo "environment ready: $ROOT/.venv"
