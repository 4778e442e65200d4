#!/usr/bin/env bash
# Install everything (system libraries, .venv, dev tools), then lint, type-check and
# run the whole test suite headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
export QT_QPA_PLATFORM=offscreen QT_API=pyside6
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
# Two workers, one per core: the suite takes about 8 minutes instead of 13. Every session
# fixture (the privacyIDEA and PostgreSQL test servers) starts once per worker, on its own
# free port. ICORERX_TEST_WORKERS=0 runs it in one process.
exec .venv/bin/python -m pytest -n "${ICORERX_TEST_WORKERS:-2}" "$@"
