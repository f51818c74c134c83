#!/usr/bin/env bash
# The extension as a contributor gets it: a wheel built from the committed sources (with
# this tree's labextension build), installed with pip into a fresh environment that has
# no Node.js on PATH, then `jupyter labextension list`, a report run, every widget panel's
# import, the editors' dashboard notebook run headless by papermill against a demo server,
# and the Media sidebar in Chromium.
#
#   bash ui-tests/wheel.sh
#   JMS_WHEEL_NO_UI=1 bash ui-tests/wheel.sh   # everything but the browser
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
export PATH="$ROOT/.venv/bin:$PATH"
started=$SECONDS

WORK="$(mktemp -d "${TMPDIR:-/tmp}/jms-wheel-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# A machine with Node.js builds the wheel from a clean copy of the committed sources.
mkdir -p "$WORK/src"
git -C "$ROOT" archive HEAD | tar -x -C "$WORK/src"
if [ -f "$ROOT/jupyter_jms/labextension/static/style.js" ]; then
  cp -r "$ROOT/jupyter_jms/labextension" "$WORK/src/jupyter_jms/labextension"
fi
python -m pip wheel -q --no-build-isolation "$WORK/src" -w "$WORK/wheels"

# A machine without Node.js installs it with pip alone.
BASE_PYTHON="$(python -c 'import sys; print(sys._base_executable)')"
"$BASE_PYTHON" -m venv "$WORK/venv"
clean_env=(env -i HOME="$WORK/home" PATH="$WORK/venv/bin" LANG=C.UTF-8)
"${clean_env[@]}" python -c 'import shutil, sys; sys.exit(1 if shutil.which("node") else 0)' ||
  { echo "node is on the clean PATH" >&2; exit 1; }
"${clean_env[@]}" pip install -q --no-index --find-links "$WORK/wheels" jupyter-jms

listing="$("${clean_env[@]}" jupyter labextension list 2>&1)"
echo "$listing"
echo "$listing" | grep -Eq 'jupyter-jms v[0-9.]+.*enabled.*OK' ||
  { echo "jupyter-jms is not listed as enabled and OK" >&2; exit 1; }
"${clean_env[@]}" jupyter server extension list 2>&1 | grep -Eq 'jupyter_jms [0-9.]+.*OK' ||
  { echo "the jupyter_jms server extension does not load" >&2; exit 1; }

# The plain install runs every front: a report (papermill, nbconvert, the python3 kernel of
# ipykernel) on the default, empty database, and every ipywidgets panel.
"${clean_env[@]}" jupyter jms report attendance -o "$WORK/report" --no-progress
[ -s "$WORK/report/attendance.html" ] || { echo "the attendance report wrote no HTML" >&2; exit 1; }
"${clean_env[@]}" python -c '
import jupyter_jms.widgets as w
from jupyter_jms.widgets import AttendanceTaker, Dashboard, RegistryPanel, ReviewQueue, SubmitPanel
print("panels:", ", ".join(n for n in w.__all__ if getattr(w, n) is not None))
'

# The editors' dashboard notebook, headless with papermill (the clean venv's own kernel),
# against a demo server started from the same venv.
"${clean_env[@]}" jupyter jms demo --prepare-only --root "$WORK/demo" >/dev/null
PORT="$(PYTHONPATH="$ROOT/tests" python -c 'from jms_service import free_port; print(free_port())')"
TOKEN="$(python -c 'import json, sys; print(json.load(open(sys.argv[1]))["ada"])' "$WORK/demo/.jms/tokens.json")"
"${clean_env[@]}" JMS_DATABASE_URL="sqlite:///$WORK/demo/.jms/jms.sqlite" \
  python -m jupyter_server --port="$PORT" --ip=127.0.0.1 --no-browser --allow-root \
  --ServerApp.root_dir="$WORK/demo" --IdentityProvider.token=wheel-check \
  --ServerApp.identity_provider_class=jupyter_jms.auth.JmsIdentityProvider \
  --JmsApp.identity=server --ServerApp.jpserver_extensions=jupyter_jms=True \
  >"$WORK/server.log" 2>&1 &
DEMO_PID=$!
trap 'kill "$DEMO_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
  python -c "import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], headers={'Authorization': 'token ' + sys.argv[2]}), timeout=2)" \
    "http://127.0.0.1:$PORT/jms/api/version" "$TOKEN" >/dev/null 2>&1 && break
  kill -0 "$DEMO_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.5
done
DASHBOARD="$("${clean_env[@]}" python -c 'from jupyter_jms.widgets import dashboard_notebook; print(dashboard_notebook())')"
"${clean_env[@]}" papermill -k python3 --cwd "$WORK" "$DASHBOARD" "$WORK/dashboard.ipynb" \
  -p url "http://127.0.0.1:$PORT/" -p token "$TOKEN" >/dev/null 2>"$WORK/papermill.log" ||
  { cat "$WORK/papermill.log" >&2; echo "the dashboard notebook failed headless" >&2; exit 1; }
kill "$DEMO_PID" 2>/dev/null || true
echo "dashboard notebook ran headless against a demo server"

if [ -z "${JMS_WHEEL_NO_UI:-}" ]; then
  JMS_UI_VENV="$WORK/venv" bash "$HERE/run.sh" tests/smoke.spec.ts
fi
echo "wheel check passed in $((SECONDS - started)) s"
