#!/usr/bin/env bash
# Run every benchmark under bench/ (bench/*.py; files starting with _ are helpers) against the
# local cluster and print their figures. Arguments are passed to each benchmark, e.g.
#   scripts/bench.sh --reuse        scripts/bench.sh --full
# Benchmarks print figures and write bench/results/*.json; they do not assert. The exit status is
# non-zero only when a benchmark failed to run.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1

python -m worldspeak db start || exit 1

status=0
found=0
for bench in bench/*.py; do
  [ -e "$bench" ] || continue
  case "$(basename "$bench")" in _*) continue ;; esac
  found=1
  echo "==> $bench"
  python "$bench" "$@" || status=1
done
if [ "$found" = 0 ]; then
  echo "no benchmarks under bench/" >&2
  exit 1
fi
exit $status
