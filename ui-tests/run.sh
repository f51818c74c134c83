#!/usr/bin/env bash
# UI tests of the labextension in Debian's Chromium against a real jupyter-jms server.
#
#   bash ui-tests/run.sh [playwright test options]
#
# Runs `jupyter jms demo` on a fresh root and a free local port (the JMS service, and one
# JupyterLab per member connected to it with that member's token), waits for every server,
# runs the Playwright tests (each member in their own browser context, on their own Lab) and
# stops the demo. Screenshots for a person to look at land in ui-tests/screenshots/.
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
  # Wait for a package manager already at work (another install) instead of failing on its lock.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null
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

# -- a fresh demo ---------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/jms-ui-XXXXXX")"
DEMO_PID=""
cleanup() {
  if [ -n "$DEMO_PID" ] && kill -0 "$DEMO_PID" 2>/dev/null; then
    # The demo stops its servers on SIGTERM (within 20 s), then exits.
    kill -TERM "$DEMO_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do
      kill -0 "$DEMO_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$DEMO_PID" 2>/dev/null || true
  fi
  if [ "${JMS_UI_KEEP:-}" = "1" ]; then
    echo "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

DEMO="$WORK/root"
PORT="$(PYTHONPATH="$ROOT/tests" python -c 'from jms_service import free_port; print(free_port())')"

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
unset JMS_DATABASE_URL JMS_SERVICE_URL JMS_SERVICE_TOKEN

# The demo as a person starts it (as root it passes --allow-root to its servers itself).
PATH="$SERVER_PATH" "$JUPYTER" jms demo --root "$DEMO" --port "$PORT" \
  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  >"$WORK/demo.log" 2>&1 &
DEMO_PID=$!

show_logs() {
  echo "--- jupyter jms demo ---" >&2
  tail -n 30 "$WORK/demo.log" >&2
  for log in "$DEMO"/.jms/logs/*.log; do
    [ -f "$log" ] || continue
    echo "--- $(basename "$log") (last 30 lines) ---" >&2
    tail -n 30 "$log" >&2
  done
}

# The demo writes labs.json once the service and every Lab answer.
for _ in $(seq 1 600); do
  [ -f "$DEMO/.jms/labs.json" ] && break
  if ! kill -0 "$DEMO_PID" 2>/dev/null; then
    echo "the demo did not start:" >&2
    show_logs
    exit 1
  fi
  sleep 0.5
done
if [ ! -f "$DEMO/.jms/labs.json" ]; then
  echo "the demo did not start within 5 minutes:" >&2
  show_logs
  exit 1
fi
# And each Lab, asked again here, answers with its own token.
python - "$DEMO/.jms/labs.json" <<'PY'
import json, sys, urllib.request
labs = json.load(open(sys.argv[1]))
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
for user, lab in labs.items():
    if user != "service":
        request = urllib.request.Request(
            lab["url"] + "jms/api/me", headers={"Authorization": "token " + lab["token"]}
        )
        with opener.open(request, timeout=30) as resp:
            assert json.load(resp)["username"] == user, user
PY
echo "demo ready (the service on port $PORT, a Lab per member) after $((SECONDS - started)) s"

# The tests open each member's own Lab from labs.json; the service is the base URL.
export JMS_UI_URL="http://127.0.0.1:$PORT/" JMS_UI_ROOT="$DEMO"
mkdir -p "$HERE/screenshots"
status=0
(cd "$HERE" && node_modules/.bin/playwright test "$@") || status=$?
if [ "$status" != 0 ]; then
  show_logs
fi
echo "UI tests finished in $((SECONDS - started)) s (status $status)"
exit "$status"
