#!/usr/bin/env bash
# Builds native/tf_graph.node, the compiled training step's link to TensorFlow's C API
# (graphs, gradients, sessions), with node-gyp against the libtensorflow that tfjs-node loads.
# Idempotent: rebuilt only when native/ changed since the last build. Without it, training
# runs the eager path (src/train/engine.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "setup: $*"; }

ADDON=native/build/Release/tf_graph.node
STAMP=native/build/source.sha256
DEPS=node_modules/@tensorflow/tfjs-node/deps
[ -f "$DEPS/include/tensorflow/c/c_api.h" ] || { say "error: $DEPS has no TensorFlow C headers (run scripts/native-tensorflow.sh first)" >&2; exit 1; }
SOURCE_SHA=$(cat native/tf_graph.c native/stderr_guard.c native/binding.gyp | sha256sum | cut -d' ' -f1)

if [ -f "$ADDON" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$SOURCE_SHA" ] &&
  node -e "require('@tensorflow/tfjs-node'); require('./$ADDON')" >/dev/null 2>&1; then
  [ "${1:-}" = --quiet ] || say "compiled-step addon up to date (skipped build)"
  exit 0
fi

command -v cc >/dev/null || { say "error: a C compiler is needed for the compiled training step (apt-get install build-essential)" >&2; exit 1; }
say "building the compiled-step addon (native/tf_graph.c, node-gyp)"
NODEDIR_ARGS=()
if [ -f /usr/include/node/node_api.h ]; then NODEDIR_ARGS=(--nodedir=/usr); fi
(cd native && ../node_modules/.bin/node-gyp rebuild "${NODEDIR_ARGS[@]}" -j 2 --loglevel=error >/dev/null)
node -e "require('@tensorflow/tfjs-node'); require('./$ADDON')" >/dev/null 2>&1 || { say "error: the built addon $ADDON does not load" >&2; exit 1; }
echo "$SOURCE_SHA" > "$STAMP"
say "compiled-step addon ready"
