#!/usr/bin/env bash
# The system packages Rowad needs beyond Python packages, checked before any other work
# of `make run` / `make test` (Debian names):
#
#   scripts/system-deps.sh run    gettext (compiling the catalogues), the Arabic fonts and
#                                 the Pango libraries WeasyPrint draws PDFs with, and
#                                 Python 3.11 able to create a virtualenv
#   scripts/system-deps.sh test   the same, plus Chromium (browser tests) and poppler-utils
#                                 (tests read the PDFs back with pdftotext / pdftoppm)
#
# Everything present: prints nothing and exits 0 at once. Something missing: as root it
# runs `apt-get update` and `apt-get install` for it; otherwise it prints the one command
# to run and exits 1 before anything else is done.
# ROWAD_SKIP_SYSTEM_DEPS=1 skips the check (a machine without apt that has the tools
# its own way). PYTHON and VENV are the Makefile's; ROWAD_CHROMIUM is the browser the
# tests launch (tests/e2e/conftest.py); ROWAD_SYSROOT prefixes the file checks (tests).
set -euo pipefail

purpose="${1:-run}"
case "$purpose" in
  run | test) ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
[ "${ROWAD_SKIP_SYSTEM_DEPS:-}" = "1" ] && exit 0

root="${ROWAD_SYSROOT:-}"
python="${PYTHON:-python3.11}"
venv="${VENV:-.venv}"
missing=()

need() { # package: add it once
  local package
  for package in "$@"; do
    [[ " ${missing[*]-} " == *" $package "* ]] || missing+=("$package")
  done
}

has_lib() { # a shared library in one of the usual directories
  local dir
  for dir in "$root"/usr/lib/*-linux-gnu "$root"/usr/lib "$root"/usr/lib64 "$root"/lib/*-linux-gnu; do
    [ -e "$dir/$1" ] && return 0
  done
  return 1
}

check() {
  missing=()
  command -v msgfmt >/dev/null 2>&1 || need gettext
  [ -d "$root/usr/share/fonts/opentype/fonts-hosny-amiri" ] || need fonts-hosny-amiri
  [ -e "$root/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf" ] || need fonts-noto-core
  has_lib libpango-1.0.so.0 || need libpango-1.0-0
  has_lib libpangoft2-1.0.so.0 || need libpangoft2-1.0-0
  has_lib libharfbuzz-subset.so.0 || need libharfbuzz-subset0
  if [ ! -x "$venv/bin/python" ]; then
    if ! command -v "$python" >/dev/null 2>&1; then
      need python3.11 python3.11-venv
    elif ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
      need python3.11-venv
    fi
  fi
  if [ "$purpose" = "test" ]; then
    [ -x "${ROWAD_CHROMIUM:-$root/usr/bin/chromium}" ] || need chromium
    { command -v pdftotext && command -v pdftoppm; } >/dev/null 2>&1 || need poppler-utils
  fi
}

check
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages (Debian names): ${missing[*]}." >&2
  echo "Install their equivalents, or set ROWAD_SKIP_SYSTEM_DEPS=1 if you have them another way." >&2
  exit 1
fi

if [ "$(id -u)" != "0" ]; then
  echo "Missing system packages: ${missing[*]}. Install them with:" >&2
  echo "" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  echo "" >&2
  echo "then run make again." >&2
  exit 1
fi

echo "== installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
wanted=("${missing[@]}")
check
if [ ${#missing[@]} -gt 0 ]; then
  echo "Still missing after apt-get install ${wanted[*]}: ${missing[*]}" >&2
  exit 1
fi
