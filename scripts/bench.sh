#!/usr/bin/env bash
# npm run bench: set-up, the peer frameworks (tf.keras and PyTorch, CPU) in .venv, then the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
STAMP=.venv/.bench-requirements.sha256
SUM=$(sha256sum bench/requirements.txt | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$SUM" ]; then
  echo "bench: peer frameworks installed"
else
  echo "bench: installing tensorflow-cpu and torch into .venv (bench/requirements.txt)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt 2> >(grep -v "is ignored: it is neither" >&2)
  echo "$SUM" > "$STAMP"
fi
exec node --import tsx bench/bench.ts "$@"
