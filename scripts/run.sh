#!/usr/bin/env bash
# Install what is missing, then start the iCoreRx demo (`icorerx --demo`: demo data is added
# on the first start; a plain `icorerx` on an empty data dir opens first-run setup instead).
# With no screen, it runs on a virtual one (Xvfb) so it can still be looked at and tested.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found: starting iCoreRx on a virtual screen (xvfb-run). It will not be"
  echo "visible; on a workstation, run it from the desktop session instead."
  echo "Set QT_QPA_PLATFORM=offscreen to skip Xvfb, or run: .venv/bin/icorerx --self-test"
  exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/icorerx --demo "$@"
fi
exec .venv/bin/icorerx --demo "$@"
