#!/usr/bin/env bash
# Aftaler: install what is needed (once) and start the app, or run every test.
#   ./run.sh app [ARGS…]   e.g. ./run.sh app --demo
#   ./run.sh test [PYTEST ARGS…]
set -euo pipefail
cd "$(dirname "$0")"
VENV="${AFTALER_VENV:-.venv}"
PY="${PYTHON:-python3}"

system_packages() {
    # Qt needs a few shared libraries that a minimal Linux may lack; install them when we can.
    command -v apt-get >/dev/null 2>&1 || return 0
    local missing=()
    for lib in libGL.so.1:libgl1 libEGL.so.1:libegl1 libxkbcommon.so.0:libxkbcommon0 \
               libfontconfig.so.1:libfontconfig1 libdbus-1.so.3:libdbus-1-3 libglib-2.0.so.0:libglib2.0-0; do
        ldconfig -p 2>/dev/null | grep -q "${lib%%:*}" || missing+=("${lib##*:}")
    done
    fc-list 2>/dev/null | grep -qi . || missing+=(fonts-dejavu-core)
    [ "${#missing[@]}" -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installerer systempakker: ${missing[*]}"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

test_tools() {
    # The tests read exported Word files back with LibreOffice (not the library that wrote them)
    # and render pages with pdftoppm.
    # Writer reads the Word files, Calc the Excel overview.
    command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
        && { dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 \
             || ! command -v dpkg >/dev/null 2>&1; } && return 0
    command -v apt-get >/dev/null 2>&1 || { echo "LibreOffice og poppler-utils mangler" >&2; return 1; }
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installerer LibreOffice Writer og Calc (uden grafisk brugerflade) og poppler-utils til testene …"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2 >/dev/null
}

python_packages() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PY" -m venv "$VENV"
    fi
    local stamp="$VENV/.aftaler-installed"
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
        "$VENV/bin/python" -m pip install -q -e ".[test]"
        touch "$stamp"
    fi
}

command="${1:-app}"
shift || true
system_packages
python_packages
case "$command" in
    app)
        exec "$VENV/bin/python" -m desktop "$@"
        ;;
    test)
        test_tools
        export QT_QPA_PLATFORM=offscreen
        "$VENV/bin/ruff" check storage exporters desktop ui tests
        "$VENV/bin/mypy"
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    *)
        echo "Brug: ./run.sh app [--demo] | ./run.sh test" >&2
        exit 2
        ;;
esac
