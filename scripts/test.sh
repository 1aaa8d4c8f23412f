#!/usr/bin/env bash
# Sets up (or reuses) everything, then runs every suite: jest, pytest and the Galata UI journeys in
# Debian's Chromium. Each suite runs even if an earlier one failed; the summary counts them all.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test || exit 1
export PATH="$PWD/.venv/bin:$PATH"
reports="$PWD/test-reports"
rm -rf "$reports" && mkdir -p "$reports"

status=0
echo "== lint (Prettier, ESLint)"
npm run --silent lint:check || status=1

echo "== jest (TypeScript)"
JEST_JUNIT_OUTPUT_DIR="$reports" JEST_JUNIT_OUTPUT_NAME=jest.xml \
  npx jest --ci --reporters=default --reporters=jest-junit || status=1

echo "== pytest (Python)"
python -m pytest -q --junitxml="$reports/pytest.xml" || status=1

echo "== field corpus (format and measured facts of every case; the advice on them runs in pytest)"
python tests/corpus/validate.py || status=1

echo "== Galata (UI journeys in Chromium)"
(cd ui-tests && PLAYWRIGHT_JUNIT_OUTPUT_FILE="$reports/galata.xml" \
  npx playwright test --reporter=list,junit) || status=1

python scripts/summarise_tests.py "$reports/jest.xml" "$reports/pytest.xml" "$reports/galata.xml" || status=1
exit $status
