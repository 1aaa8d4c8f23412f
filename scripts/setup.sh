#!/usr/bin/env bash
# Sets up everything the launch and test commands need, from a fresh clone; a second run reuses what
# is there. Usage: bash scripts/setup.sh [--test]   (--test adds Chromium and the Galata packages)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FOR_TESTS=0
[ "${1:-}" = "--test" ] && FOR_TESTS=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }
sha() { cat "$@" | sha256sum | cut -c1-16; }

command -v python3 >/dev/null || die "python3 (3.9 or newer) is needed"
command -v node >/dev/null || die "Node.js 18 or newer is needed to build the extension"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' || die "Node.js 18 or newer is needed"

# System packages: GNU Parallel for the gnu-parallel template; Chromium for the UI tests.
apt_packages=()
command -v parallel >/dev/null || apt_packages+=(parallel)
[ "$FOR_TESTS" = 1 ] && [ ! -x /usr/bin/chromium ] && apt_packages+=(chromium)
if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${apt_packages[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
  elif [ "$FOR_TESTS" = 1 ]; then
    die "please install: ${apt_packages[*]} (e.g. sudo apt-get install ${apt_packages[*]})"
  else
    say "optional: install GNU Parallel (apt-get install parallel) for the gnu-parallel template"
  fi
fi

# Python: .venv with JupyterLab, the kernel-side libraries the templates use, and the test tools.
[ -x .venv/bin/python ] || { say "creating .venv"; python3 -m venv .venv; }
req=$(sha requirements-dev.txt)
if [ "$(cat .venv/.requirements-sha 2>/dev/null)" != "$req" ]; then
  say "installing Python packages into .venv (a few minutes the first time)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements-dev.txt
  echo "$req" > .venv/.requirements-sha
fi
export PATH="$ROOT/.venv/bin:$PATH"

# JavaScript: exactly the locked packages.
lock=$(sha package-lock.json)
if [ "$(cat node_modules/.lock-sha 2>/dev/null)" != "$lock" ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock" > node_modules/.lock-sha
fi
if [ "$FOR_TESTS" = 1 ]; then
  uilock=$(sha ui-tests/package-lock.json)
  if [ "$(cat ui-tests/node_modules/.lock-sha 2>/dev/null)" != "$uilock" ]; then
    say "installing the UI-test packages"
    (cd ui-tests && npm ci --no-audit --no-fund --loglevel=error)
    echo "$uilock" > ui-tests/node_modules/.lock-sha
  fi
fi

# Build the extension (incremental) and install it editable, linked into .venv's JupyterLab.
src_sha=$(find src style schema -type f | sort | xargs cat package.json webpack.config.js tsconfig.json | sha256sum | cut -c1-16)
if [ "$(cat jupyterlab_optimiser/labextension/.source-sha 2>/dev/null)" != "$src_sha" ]; then
  say "building the extension"
  npm run --silent build >/dev/null
  echo "$src_sha" > jupyterlab_optimiser/labextension/.source-sha
fi
# Asked from / so that the clone itself on the path does not pass for an installed package.
if ! (cd / && python -c 'import jupyterlab_optimiser; import shutil, sys; sys.exit(not shutil.which("jupyter-optimiser"))') 2>/dev/null; then
  say "installing the Python package (editable)"
  python -m pip install -q --no-build-isolation --no-deps -e .
fi
jupyter labextension develop --overwrite . >/dev/null 2>&1
jupyter labextension list 2>&1 | grep -q 'jupyterlab-optimiser.*enabled.*OK' ||
  die "JupyterLab does not list jupyterlab-optimiser as enabled"
say "ready"
