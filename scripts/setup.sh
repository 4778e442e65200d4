#!/usr/bin/env bash
# Prepare this machine for iCoreRx: Qt's system libraries, a .venv, the package.
#   bash scripts/setup.sh          the application
#   bash scripts/setup.sh --dev    plus the test and build tools
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
[ "${1:-}" = "--dev" ] && extra="[dev]"

# Offscreen Qt needs these; a real X window also needs the xcb ones; xvfb runs one headless.
packages=(libglib2.0-0 libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6
          libdbus-1-3 fonts-dejavu-core fontconfig-config
          libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
          libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth binutils)
# bench/startup.py --instructions counts instructions under valgrind (and a test runs it).
[ -n "$extra" ] && packages+=(valgrind)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing system libraries: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The clinic database tests start a throwaway PostgreSQL 15 cluster of their own (in a temporary
# folder, on a free loopback port): only the server's programs are needed. Installing the
# package may create and start Debian's `main` cluster; it is stopped and set to manual start
# so no database service is left running on this machine.
if [ -n "$extra" ] && [ ! -x /usr/lib/postgresql/15/bin/initdb ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing PostgreSQL 15 for the clinic database tests"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  had_clusters="$(ls /etc/postgresql/15 2>/dev/null || true)"
  # Debian's way to keep a package's install from starting its service (containers ship one).
  blocker=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    blocker=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$blocker" >/dev/null
    $sudo chmod 755 "$blocker"
    trap "$sudo rm -f $blocker" EXIT
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    postgresql-15 postgresql-client-15 >/dev/null
  if [ -n "$blocker" ]; then
    $sudo rm -f "$blocker"
    trap - EXIT
  fi
  if [ -z "$had_clusters" ] && [ -d /etc/postgresql/15/main ]; then
    if command -v pg_ctlcluster >/dev/null 2>&1; then
      $sudo pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
    fi
    echo manual | $sudo tee /etc/postgresql/15/main/start.conf >/dev/null
  fi
fi

python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
[ -n "$python" ] || { echo "Python 3.11 or newer is needed: apt-get install python3 python3-venv" >&2; exit 1; }
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || { echo "$python is older than 3.11; set PYTHON=/path/to/python3.11" >&2; exit 1; }
if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] && apt-get install -y -qq python3-venv >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed${extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
  touch "$stamp"
fi

# The tests run a real privacyIDEA server; it lives in its own environment so its Flask and
# SQLAlchemy never reach the application's.
if [ -n "$extra" ]; then
  if [ ! -x .venv-privacyidea/bin/python ]; then
    "$python" -m venv .venv-privacyidea
  fi
  pi_stamp=".venv-privacyidea/.installed"
  if [ ! -f "$pi_stamp" ] || [ tests/privacyidea-requirements.txt -nt "$pi_stamp" ]; then
    echo "Installing privacyIDEA for the tests (.venv-privacyidea)"
    .venv-privacyidea/bin/python -m pip install -q --disable-pip-version-check \
      -r tests/privacyidea-requirements.txt
    touch "$pi_stamp"
  fi
fi
