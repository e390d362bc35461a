#!/usr/bin/env bash
# tests/run.sh - the one command that sets up a fresh Debian 12 machine (root; python3, node
# and npm present) and runs the whole test suite. Idempotent: when everything is already
# installed it only checks a few stamps (about a second) and then runs pytest.
#
#   bash tests/run.sh                 # everything, in parallel (pytest -n auto)
#   bash tests/run.sh -k gift -x      # extra arguments go to pytest
#
# Steps:
#   1. apt: chromium, default-jre-headless (vnu.jar), poppler-utils, epubcheck, fonts-dejavu-core,
#      the Pango libraries WeasyPrint loads, python3-venv if venv/ensurepip is missing.
#      apt-get update + install run only when something is missing.
#   2. .venv (python3 -m venv) + pip install -e '.[test]'; redone when pyproject.toml changes.
#   3. npm ci in tests/validators; redone when node_modules is missing or the lock changed.
#   4. .venv/bin/python -m pytest -n auto "$@"
# tests/lms installs a real Moodle 5.1 into build/moodle (git-ignored) with
# ../shared/lms/moodle/setup.sh the first time it runs (apt: PHP, PostgreSQL; about 1-1.5
# minutes, 3.5 on a bare machine; idempotent, under 1 s later). Without ../shared it skips.
# Environment: PYTHON (interpreter for the venv, default python3), SKIP_SETUP=1 (go straight
# to pytest; the helpers still fail loudly if a tool is missing).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VALIDATORS=tests/validators
VENV=.venv
PY=${PYTHON:-python3}
log() { printf '[tests/run.sh] %s\n' "$*"; }
die() { printf '[tests/run.sh] ERROR: %s\n' "$*" >&2; exit 2; }
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

if [ "${SKIP_SETUP:-0}" != 1 ]; then
  # --- 1. system packages -------------------------------------------------------------
  installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
  missing=()
  for pkg in chromium default-jre-headless poppler-utils epubcheck fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0; do
    installed "$pkg" || missing+=("$pkg")
  done
  # Debian's python3 can only create a venv with python3-venv (it ships ensurepip).
  if [ ! -x "$VENV/bin/python" ] && ! "$PY" -c 'import ensurepip, venv' 2>/dev/null; then
    missing+=(python3-venv)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
      SUDO=sudo
    fi
    log "apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "system packages present"
  fi
  command -v java >/dev/null || die "java not on PATH after installing default-jre-headless"
  command -v "${CHROMIUM_PATH:-chromium}" >/dev/null || die "chromium not found after installing it"

  # --- 2. Python virtualenv -----------------------------------------------------------
  if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
    log "$VENV is broken, recreating it"
    rm -rf "$VENV"
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    "$PY" -m venv "$VENV"
  fi
  stamp="$VENV/.courseware-test-deps"
  want="$(hash_of pyproject.toml)-$("$VENV/bin/python" -c 'import sys; print(sys.version.split()[0])')"
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
    log "pip install -e '.[test]'"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[test]'
    echo "$want" > "$stamp"
  else
    log "python test dependencies up to date"
  fi

  # --- 2b. Ralph LRS (tests/package/test_ralph.py) in its own venv --------------------
  # ralph-malph[lrs] pins fastapi/uvicorn/httpx exactly; kept apart so that those pins never
  # constrain the project's own dependencies. `requests` is imported by ralph.api but not
  # declared by its lrs extra.
  RALPH_VENV=.venv-ralph
  RALPH_REQ=("ralph-malph[lrs]==5.1.0" "requests>=2.31")
  if [ ! -x "$RALPH_VENV/bin/python" ] || [ "$(cat "$RALPH_VENV/.courseware-req" 2>/dev/null || true)" != "${RALPH_REQ[*]}" ]; then
    log "creating $RALPH_VENV (${RALPH_REQ[*]})"
    rm -rf "$RALPH_VENV"
    "$PY" -m venv "$RALPH_VENV"
    "$RALPH_VENV/bin/python" -m pip install -q --disable-pip-version-check "${RALPH_REQ[@]}"
    echo "${RALPH_REQ[*]}" > "$RALPH_VENV/.courseware-req"
  else
    log "ralph venv up to date"
  fi

  # --- 3. npm packages for the validators ---------------------------------------------
  command -v node >/dev/null || die "node is not installed (Node.js >= 20 is needed)"
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 20 ] || die "Node.js >= 20 is needed (playwright-core 1.65), found $(node --version)"
  nstamp="$VALIDATORS/node_modules/.courseware-lock.sha256"
  want="$(hash_of "$VALIDATORS/package.json" "$VALIDATORS/package-lock.json")"
  if [ "$(cat "$nstamp" 2>/dev/null || true)" != "$want" ]; then
    log "npm ci in $VALIDATORS"
    (cd "$VALIDATORS" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    echo "$want" > "$nstamp"
  else
    log "node_modules up to date"
  fi
fi

# --- 4. the tests ---------------------------------------------------------------------
[ -x "$VENV/bin/python" ] || die "$VENV missing: run without SKIP_SETUP=1"
log "pytest -n auto $*"
exec "$VENV/bin/python" -m pytest -n auto "$@"
