#!/usr/bin/env bash
# The JupyterHub UI test in Debian's Chromium: a real Hub from
# jupyter-config/jupyterhub_config.py, with the JMS service holding the demo's data.
#
#   bash ui-tests/hub.sh [playwright test options]
#
# Prepares the demo's database (`jupyter jms demo --prepare-only`), starts the Hub on free
# local ports with its data in a temporary folder, signs ben in at the Hub's login page and
# checks that his own Lab's Media sidebar shows the service's review queue, then stops the
# Hub (which stops the users' servers, the service and the proxy).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
if [ -d "$ROOT/.venv/bin" ]; then
  export PATH="$ROOT/.venv/bin:$PATH"
fi
export PATH="$ROOT/tools/jupyterhub/node_modules/.bin:$PATH"
started=$SECONDS

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "error: Chromium is missing at $CHROMIUM (ui-tests/run.sh installs Debian's)" >&2
  exit 1
fi
export CHROMIUM PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd "$HERE" && jlpm install >/dev/null)
if ! command -v configurable-http-proxy >/dev/null; then
  (cd "$ROOT/tools/jupyterhub" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/jms-ui-hub-XXXXXX")"
HUB_PID=""
cleanup() {
  if [ -n "$HUB_PID" ] && kill -0 "$HUB_PID" 2>/dev/null; then
    kill "$HUB_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do
      kill -0 "$HUB_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$HUB_PID" 2>/dev/null || true
  fi
  if [ "${JMS_UI_KEEP:-}" = "1" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

jupyter jms demo --root "$WORK/demo" --prepare-only >/dev/null
free_port() { PYTHONPATH="$ROOT/tests" python -c 'from jms_service import free_port; print(free_port())'; }
PORT="$(free_port)"
# The demo's roster: ada and ben are editors, dana an admin, eve a contributor.
export JMS_HUB_DATA="$WORK/hub" JMS_HUB_PORT="$PORT" JMS_HUB_API_PORT="$(free_port)" \
  JMS_HUB_PROXY_PORT="$(free_port)" JMS_HUB_SERVICE_PORT="$(free_port)" \
  JMS_HUB_DATABASE_URL="sqlite:///$WORK/demo/.jms/jms.sqlite" \
  JMS_HUB_MEMBERS=eve JMS_HUB_EDITORS=ada,ben JMS_HUB_ADMINS=dana
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
# exec: $! is the Hub itself, which stops the users' servers, the service and the proxy when
# cleanup signals it.
(cd "$WORK" && exec jupyterhub -f "$ROOT/jupyter-config/jupyterhub_config.py" >"$WORK/hub.log" 2>&1) &
HUB_PID=$!

for _ in $(seq 1 240); do
  if python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
    "http://127.0.0.1:$PORT/services/jms/jms/" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$HUB_PID" 2>/dev/null; then
    echo "the Hub did not start:" >&2
    cat "$WORK/hub.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "Hub and JMS service ready on port $PORT after $((SECONDS - started)) s"

export JMS_UI_HUB_URL="http://127.0.0.1:$PORT/"
mkdir -p "$HERE/screenshots"
status=0
(cd "$HERE" && node_modules/.bin/playwright test -c hub/playwright.config.ts "$@") || status=$?
if [ "$status" != 0 ]; then
  echo "--- Hub log (last 80 lines) ---" >&2
  tail -n 80 "$WORK/hub.log" >&2
fi
echo "Hub UI test finished in $((SECONDS - started)) s (status $status)"
exit "$status"
