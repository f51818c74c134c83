#!/usr/bin/env bash
# UI tests of the labextension in Debian's Chromium against a real jupyter-jms server.
#
#   bash ui-tests/run.sh [playwright test options]
#
# Prepares a fresh demo root (`jupyter jms demo --prepare-only`), serves it like
# `jupyter jms demo` does (member tokens, each member in their own Lab) on a free local port, runs the Playwright tests
# (each member in their own browser context) and stops the server. Screenshots for a
# person to look at land in ui-tests/screenshots/.
#
# JMS_UI_VENV=/path/to/venv runs the server from that environment instead, with only its
# bin/ on PATH (no Node.js), serving the labextension it installed (see wheel.sh).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
if [ -d "$ROOT/.venv/bin" ]; then
  export PATH="$ROOT/.venv/bin:$PATH"
fi
started=$SECONDS

# -- the browser: Debian's chromium, never a download --------------------------------------
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "installing Debian's chromium..."
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
export CHROMIUM

# -- node dependencies ----------------------------------------------------------------------
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd "$HERE" && jlpm install >/dev/null)

VENV="${JMS_UI_VENV:-}"
if [ -n "$VENV" ]; then
  SERVER_PATH="$VENV/bin"
  JUPYTER="$VENV/bin/jupyter"
else
  SERVER_PATH="$PATH"
  JUPYTER="$(command -v jupyter)"
fi

# -- the labextension under test: the build in the source tree ------------------------------
LABEXT="$ROOT/jupyter_jms/labextension"
if [ -z "$VENV" ]; then
  stale="$(find "$ROOT/labextension/src" "$ROOT/labextension/style" "$ROOT/labextension/schema" \
    "$ROOT/labextension/package.json" -newer "$LABEXT/package.json" -print -quit 2>/dev/null ||
    echo missing)"
  if [ ! -f "$LABEXT/static/style.js" ] || [ -n "$stale" ]; then
    echo "building the labextension..."
    (cd "$ROOT/labextension" && jlpm install >/dev/null && jlpm build:prod >/dev/null)
  fi
fi

# -- a fresh server -------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/jms-ui-XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${JMS_UI_KEEP:-}" = "1" ]; then
    echo "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

DEMO="$WORK/root"
PATH="$SERVER_PATH" "$JUPYTER" jms demo --root "$DEMO" --prepare-only >/dev/null
PORT="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# Everything Jupyter reads or writes stays in $WORK: config, settings, workspaces, runtime.
export JUPYTER_CONFIG_DIR="$WORK/config" JUPYTER_RUNTIME_DIR="$WORK/runtime" JUPYTER_DATA_DIR="$WORK/data"
export JUPYTERLAB_SETTINGS_DIR="$WORK/config/lab/user-settings"
export JUPYTERLAB_WORKSPACES_DIR="$WORK/config/lab/workspaces"
if [ -z "$VENV" ]; then
  # Serve this tree's build, whatever copy an earlier install left in the environment.
  mkdir -p "$WORK/path/labextensions"
  ln -s "$LABEXT" "$WORK/path/labextensions/jupyter-jms"
  export JUPYTER_PATH="$WORK/path${JUPYTER_PATH:+:$JUPYTER_PATH}"
fi
mkdir -p "$JUPYTER_CONFIG_DIR/labconfig" "$JUPYTERLAB_SETTINGS_DIR/jupyter-jms"
# No news pop-up over the panels under test.
echo '{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}' \
  > "$JUPYTER_CONFIG_DIR/labconfig/page_config.json"
# The shortest refresh interval the settings allow, so "the author sees it approved" is quick.
echo '{"refreshInterval": 5}' > "$JUPYTERLAB_SETTINGS_DIR/jupyter-jms/plugin.jupyterlab-settings"

export JMS_DATABASE_URL="sqlite:///$DEMO/.jms/jms.sqlite"
# Served the way `jupyter jms demo` serves it: member tokens, each member with the whole Lab
# (`jupyter jms serve` would give members the JMS API only). As root, say so explicitly.
AS_ROOT=()
if [ "$(id -u)" = 0 ]; then AS_ROOT=(--allow-root); fi
PATH="$SERVER_PATH" "$JUPYTER" lab "${AS_ROOT[@]}" \
  --ServerApp.identity_provider_class=jupyter_jms.auth.JmsIdentityProvider \
  --JmsApp.identity=server \
  --ServerApp.root_dir="$DEMO" \
  --ServerApp.ip=127.0.0.1 \
  --ServerApp.port="$PORT" \
  --ServerApp.port_retries=0 \
  --ServerApp.open_browser=False \
  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 120); do
  if python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
    "http://127.0.0.1:$PORT/api" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "the server did not start:" >&2
    cat "$WORK/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "server ready on port $PORT after $((SECONDS - started)) s"

export JMS_UI_URL="http://127.0.0.1:$PORT/" JMS_UI_ROOT="$DEMO"
mkdir -p "$HERE/screenshots"
status=0
(cd "$HERE" && node_modules/.bin/playwright test "$@") || status=$?
if [ "$status" != 0 ]; then
  echo "--- server log (last 60 lines) ---" >&2
  tail -n 60 "$WORK/server.log" >&2
fi
echo "UI tests finished in $((SECONDS - started)) s (status $status)"
exit "$status"
