#!/usr/bin/env bash
# Sets up (or reuses) everything, then opens JupyterLab on 127.0.0.1 with the demo notebook.
# Extra arguments go to `jupyter lab` (e.g. --port=8890 --no-browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
args=(--ServerApp.ip=127.0.0.1 --LabApp.extension_manager=readonly)
[ "$(id -u)" = 0 ] && args+=(--ServerApp.allow_root=True)
cd examples
exec jupyter lab "${args[@]}" "$@" slow-cells.ipynb
