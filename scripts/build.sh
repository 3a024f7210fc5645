#!/usr/bin/env bash
# Builds src/ to CommonJS in dist/cjs (what tslab's notebooks load as the package
# "fashion-mnist-study") and links the package name to the project in node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
node_modules/.bin/tsc -p tsconfig.cjs.json
echo '{"type": "commonjs"}' > dist/cjs/package.json
ln -sfn .. node_modules/fashion-mnist-study
