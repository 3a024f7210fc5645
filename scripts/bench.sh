#!/usr/bin/env bash
# npm run bench: set-up, the peer frameworks (tf.keras and PyTorch, CPU) in .venv, then the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
# the options are read first: --help and a bad option install nothing
for arg in "$@"; do
  case "$arg" in
    -h|--help)
      cat <<'USAGE'
usage: npm run bench -- [--steps N] [--cap SECONDS] [--rounds N] [--save]

Trains each model a few steps on every TensorFlow.js backend here, beside tf.keras and PyTorch
(CPU) on the same machine, and prints their speeds. Installs the peers into .venv first
(bench/requirements.txt: tensorflow-cpu and torch, about 2.3 GB on disk, once).

  --steps N      timed steps per model and framework (default 20)
  --cap SECONDS  time limit per model and framework (default 60)
  --rounds N     measure our native paths and the peers N times, one round after another, and
                 keep each figure's best round (default 2)
  --save         replace the reference figures the report reads (output_dir/bench/train.json);
                 without it they go to output_dir/bench/latest/ (not committed)
USAGE
      exit 0 ;;
  esac
done
bash scripts/setup.sh
STAMP=.venv/.bench-requirements.sha256
SUM=$(sha256sum bench/requirements.txt | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$SUM" ]; then
  echo "bench: peer frameworks installed"
else
  echo "bench: installing tensorflow-cpu and torch into .venv (bench/requirements.txt; about 2.3 GB on disk, once)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt 2> >(grep -v "is ignored: it is neither" >&2)
  echo "$SUM" > "$STAMP"
fi
exec node --import tsx bench/bench.ts "$@"
