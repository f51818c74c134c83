#!/usr/bin/env bash
# The whole test suite, on a fresh machine too: installs what it needs, starts PostgreSQL,
# then runs lint, the frontend's unit and UI tests (the demo's Labs, a real JupyterHub), and
# pytest on SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

bash scripts/setup.sh
export PATH="$ROOT/.venv/bin:$PATH"

JMS_TEST_POSTGRES_URL="$(bash scripts/postgres.sh)"
export JMS_TEST_POSTGRES_URL JMS_REQUIRE_POSTGRES=1
echo "PostgreSQL for the tests: $JMS_TEST_POSTGRES_URL"

echo "== lint"
ruff check jupyter_jms tests benchmarks
mypy jupyter_jms
(cd labextension && jlpm lint:check)

echo "== labextension unit tests (jest)"
(cd labextension && jlpm test --silent)

if [ -f ui-tests/run.sh ]; then
  echo "== UI tests (Chromium)"
  bash ui-tests/run.sh
  echo "== UI test at a real JupyterHub (Chromium)"
  bash ui-tests/hub.sh
fi

echo "== pytest (SQLite and PostgreSQL)"
pytest tests -p no:logging -q "$@"
