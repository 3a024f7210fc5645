#!/usr/bin/env bash
# Gives @tensorflow/tfjs-node its native TensorFlow without the blocked download:
# the TensorFlow C library and headers come from PyPI's tensorflow-cpu wheel (which exports
# the TF_/TFE_ C API the binding uses), and the binding is built here with node-gyp against
# the Node.js headers that ship with the system's Node.
# Idempotent: when the binding already loads, it prints one line and exits.
set -euo pipefail
cd "$(dirname "$0")/.."

TF_VERSION=2.21.0
TFN=node_modules/@tensorflow/tfjs-node
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/fashion-mnist-study
LIBDIR=$CACHE/libtensorflow-$TF_VERSION
say() { echo "setup: $*"; }

[ -d "$TFN" ] || { say "error: $TFN is not installed (run npm ci first)" >&2; exit 1; }

if node -e 'require("@tensorflow/tfjs-node")' >/dev/null 2>&1; then
  [ "${1:-}" = --quiet ] || say "native TensorFlow binding loads (skipped build)"
  exit 0
fi

if [ ! -f "$LIBDIR/.complete" ]; then
  PY=${PYTHON:-python3}
  command -v "$PY" >/dev/null || { say "error: python3 with pip is needed to fetch tensorflow-cpu from PyPI" >&2; exit 1; }
  command -v unzip >/dev/null || { say "error: unzip is missing (apt-get install unzip)" >&2; exit 1; }
  say "fetching libtensorflow $TF_VERSION from PyPI's tensorflow-cpu wheel (~275 MB, once per machine)"
  mkdir -p "$CACHE/wheels"
  "$PY" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    "tensorflow-cpu==$TF_VERSION" -d "$CACHE/wheels"
  WHEEL=$(ls "$CACHE"/wheels/tensorflow_cpu-"$TF_VERSION"-*.whl | head -n 1)
  TMP=$(mktemp -d "$CACHE/unpack.XXXXXX")
  unzip -q "$WHEEL" 'tensorflow/libtensorflow_cc.so.2' 'tensorflow/libtensorflow_framework.so.2' \
    'tensorflow/include/tensorflow/c/*' 'tensorflow/include/tensorflow/core/platform/*' \
    'tensorflow/include/tsl/platform/*' 'tensorflow/include/xla/tsl/c/*' -d "$TMP"
  mkdir -p "$TMP/out/lib"
  mv "$TMP/tensorflow/libtensorflow_cc.so.2" "$TMP/tensorflow/libtensorflow_framework.so.2" "$TMP/out/lib/"
  mv "$TMP/tensorflow/include" "$TMP/out/include"
  # The binding links -ltensorflow -ltensorflow_framework; at run time the sonames are loaded.
  ln -s libtensorflow_cc.so.2 "$TMP/out/lib/libtensorflow.so"
  ln -s libtensorflow_framework.so.2 "$TMP/out/lib/libtensorflow_framework.so"
  touch "$TMP/out/.complete"
  rm -rf "$LIBDIR"
  mv "$TMP/out" "$LIBDIR"
  rm -rf "$TMP"
fi

say "building the tfjs-node binding against libtensorflow $TF_VERSION (node-gyp)"
rm -rf "$TFN/deps"
ln -s "$LIBDIR" "$TFN/deps"
NODEDIR_ARGS=()
if [ -f /usr/include/node/node_api.h ]; then NODEDIR_ARGS=(--nodedir=/usr); fi
BINDING=$(node -p 'require("@mapbox/node-pre-gyp").find(require.resolve("@tensorflow/tfjs-node/package.json"))')
NAPI=$(basename "$(dirname "$BINDING")" | sed 's/^napi-v//')
(cd "$TFN" && ../../.bin/node-gyp rebuild "${NODEDIR_ARGS[@]}" -j 2 --loglevel=error \
  --module_name=tfjs_binding --module_path="$(dirname "$BINDING")" --napi_build_version="$NAPI" >/dev/null)
mkdir -p "$(dirname "$BINDING")"
[ -f "$BINDING" ] || cp "$TFN/build/Release/tfjs_binding.node" "$BINDING"
node -e 'require("@tensorflow/tfjs-node")' >/dev/null 2>&1 || { say "error: the built binding does not load" >&2; exit 1; }
say "native TensorFlow backend ready"
