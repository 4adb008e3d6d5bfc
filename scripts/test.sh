#!/usr/bin/env bash
# The whole suite: lint and types, pgTAP specifications, then pytest (unit, services, db, contract,
# feature suites and e2e). Runs against the local cluster, in a database of its own (worldspeak_test).
#   scripts/test.sh            everything (what `make test` and CI run)
#   scripts/test.sh --fast     the same without the browser suite (tests/e2e): `make test-fast`
# Other arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
export WORLDSPEAK_DB_NAME="${WORLDSPEAK_TEST_DB_NAME:-worldspeak_test}"
pytest_args=()
for arg in "$@"; do
  if [ "$arg" = "--fast" ]; then pytest_args+=(--ignore=tests/e2e); else pytest_args+=("$arg"); fi
done
status=0

echo "==> ruff"
ruff check . || status=1

echo "==> mypy (worldspeak/)"
mypy || status=1

echo "==> local database"
python -m worldspeak db start || exit 1
python -m worldspeak db reset --dbname "$WORLDSPEAK_DB_NAME" || exit 1

echo "==> pgTAP (supabase/tests)"
db_url="$(python -m worldspeak db url --dbname "$WORLDSPEAK_DB_NAME")"
psql "$db_url" -q -v ON_ERROR_STOP=1 -c "create extension if not exists pgtap with schema extensions" || exit 1
PGOPTIONS="-c search_path=public,extensions" pg_prove --dbname "$db_url" --ext .sql -r supabase/tests || status=1

echo "==> pytest"
python -m pytest "${pytest_args[@]}" || status=1
exit $status
