#!/usr/bin/env bash
# One idempotent set-up for every job: Node packages, the native TensorFlow backend,
# the Python venv with Jupyter and the tslab kernel, and the dataset.
# A second run takes seconds and prints one line per step it skipped.
# Usage: scripts/setup.sh [--no-python] [--no-native] [--cli | --test]
#   --cli  only what the command-line tools need (Node packages, native TensorFlow, the dataset),
#          silent when nothing is missing: `npm run train`, `study`, `demo`, … start with it.
#   --test also what only the tests use: Slurm and munge for the cluster test (`npm test`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

WANT_PYTHON=1
WANT_NATIVE=1
CLI_ONLY=0
FOR_TESTS=0
for arg in "$@"; do
  case "$arg" in
    --no-python) WANT_PYTHON=0 ;;
    --no-native) WANT_NATIVE=0 ;;
    --cli) CLI_ONLY=1; WANT_PYTHON=0 ;;
    --test) FOR_TESTS=1 ;;
    *) echo "setup: unknown option $arg (expected --no-python, --no-native, --cli or --test)" >&2; exit 2 ;;
  esac
done

say() { echo "setup: $*"; }
# A step that found nothing to do: one line, except for --cli, which stays silent then.
skipped() { [ "$CLI_ONLY" = 1 ] || say "$*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

# 1. Node packages -------------------------------------------------------------------------
command -v node >/dev/null || die "Node.js is missing: install Node.js 20 or newer (e.g. apt-get install nodejs npm)"
command -v npm >/dev/null || die "npm is missing: install npm (e.g. apt-get install npm)"
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 20 ] || die "Node.js $(node --version) is too old: version 20 or newer is needed"
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  skipped "node packages up to date (skipped npm ci)"
else
  say "installing node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi

# 2. Native TensorFlow for tfjs-node (libtensorflow from PyPI's tensorflow-cpu wheel) -------
if [ "$WANT_NATIVE" = 1 ]; then
  if bash scripts/native-tensorflow.sh $([ "$CLI_ONLY" = 1 ] && echo --quiet); then
    bash scripts/native-graph.sh $([ "$CLI_ONLY" = 1 ] && echo --quiet) || say "warning: the compiled training step is unavailable; training runs the eager path"
  else
    say "warning: native TensorFlow backend unavailable; training falls back to the slower wasm/cpu backends"
  fi
fi

# 3. Python venv with Jupyter and the tslab kernel ------------------------------------------
if [ "$WANT_PYTHON" = 1 ]; then
  PY=${PYTHON:-python3}
  command -v "$PY" >/dev/null || die "Python 3 is missing: install python3 and python3-venv (or set PYTHON=/path/to/python3)"
  if [ -x .venv/bin/python ] && .venv/bin/python -c 'import sys; sys.exit(0)' 2>/dev/null; then
    say "python venv present (.venv)"
  else
    say "creating python venv (.venv)"
    "$PY" -m venv .venv || die "could not create a venv with $PY: install python3-venv"
  fi
  # The project's package.json says "type": "module"; Node would apply it to the .js files inside
  # the venv (Jupyter's own yarn.js), which are CommonJS. A package.json of their own says so.
  [ -f .venv/package.json ] || echo '{ "type": "commonjs" }' > .venv/package.json
  REQ_STAMP=.venv/.requirements.sha256
  REQ_SUM=$(sha256sum requirements.txt | cut -d' ' -f1)
  if [ -f "$REQ_STAMP" ] && [ "$(cat "$REQ_STAMP")" = "$REQ_SUM" ]; then
    say "python packages up to date (requirements.txt)"
  else
    say "installing python packages (requirements.txt)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt 2> >(grep -v "is ignored: it is neither" >&2) || die "pip install failed (is PyPI reachable?)"
    echo "$REQ_SUM" > "$REQ_STAMP"
  fi
  KERNEL_JSON=.venv/share/jupyter/kernels/tslab/kernel.json
  if [ -f "$KERNEL_JSON" ] && grep -q "$ROOT/node_modules/.bin/tslab" "$KERNEL_JSON"; then
    say "tslab kernel registered"
  else
    say "registering the tslab kernel in .venv"
    node_modules/.bin/tslab install --python="$ROOT/.venv/bin/python" --binary="$ROOT/node_modules/.bin/tslab" --prefix="$ROOT/.venv" >/dev/null
  fi
fi

# 4. The library build that notebooks import (dist/cjs, linked as the package name) ---------
if [ "$CLI_ONLY" = 1 ]; then
  : # the command-line tools run the TypeScript sources
elif [ -f dist/cjs/index.js ] && [ -z "$(find src -newer dist/cjs/index.js -name '*.ts' -print -quit)" ] && [ -L node_modules/fashion-mnist-study ]; then
  say "library build up to date (dist/cjs)"
else
  say "building the library for notebooks (dist/cjs)"
  bash scripts/build.sh
fi

# 5. Headless Chromium and PDF tools, for the report's PDF and the browser tests ------------
apt_install() {
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    # waits (bounded) for another apt or dpkg to release its lock instead of failing at once
    local wait=(-o DPkg::Lock::Timeout=300)
    apt-get "${wait[@]}" install -y -qq "$@" >/dev/null 2>&1 || { apt-get "${wait[@]}" update -qq >/dev/null && apt-get "${wait[@]}" install -y -qq "$@" >/dev/null; }
  else
    return 1
  fi
}
if [ "$CLI_ONLY" = 1 ]; then
  : # only the report and the browser tests need them
elif command -v chromium >/dev/null && command -v pdftotext >/dev/null; then
  say "chromium and poppler-utils present"
else
  say "installing chromium and poppler-utils (apt)"
  apt_install chromium poppler-utils || say "warning: could not install chromium/poppler-utils (need root and apt); the PDF and browser tests need them"
fi

# 6. The dataset -------------------------------------------------------------------------------
dataset_present() {
  local names=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
  local dir f ok
  for dir in ${FMNIST_DATA_DIR:+"$FMNIST_DATA_DIR"} data /usr/share/datasets/fashion-mnist; do
    ok=1
    for f in "${names[@]}"; do [ -e "$dir/$f" ] || ok=0; done
    [ "$ok" = 1 ] && return 0
  done
  return 1
}
if dataset_present; then
  skipped "dataset found"
else
  say "installing Debian's dataset-fashion-mnist (apt)"
  apt_install dataset-fashion-mnist || say "dataset not found: run 'npm run data -- --download' to fetch the official files into data/"
fi

# 7. Slurm for the cluster test (--test only) ---------------------------------------------------
if [ "$FOR_TESTS" = 1 ]; then
  if command -v slurmctld >/dev/null && command -v munged >/dev/null; then
    skipped "slurm and munge present"
  else
    say "installing slurm-wlm and munge (apt) for the cluster test"
    apt_install slurm-wlm munge || say "warning: could not install slurm-wlm/munge (need root and apt); the cluster test is skipped"
  fi
fi
