#!/usr/bin/env bash
# npm run lab: JupyterLab from the project venv, with the tslab TypeScript kernel ready and the
# library built. Extra arguments go to `jupyter lab` (e.g. --port=8899).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ROOT_ARGS=()
[ "$(id -u)" = 0 ] && ROOT_ARGS=(--allow-root)
exec .venv/bin/jupyter lab --config=scripts/lab/jupyter_server_config.py --notebook-dir=. --ServerApp.open_browser=False "${ROOT_ARGS[@]}" "$@"
