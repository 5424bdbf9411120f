#!/usr/bin/env bash
# Aftaler: install what is needed (once) and start the app, run every test, or build the program.
#   ./run.sh app [ARGS…]   e.g. ./run.sh app --demo
#   ./run.sh test [PYTEST ARGS…]
#   ./run.sh build         the one-folder program dist/Aftaler (PyInstaller, build.spec)
set -euo pipefail
cd "$(dirname "$0")"
VENV="${AFTALER_VENV:-.venv}"
PY="${PYTHON:-python3}"

missing_libraries() {
    # The Debian package of each LIBRARY:PACKAGE pair whose shared library this machine lacks.
    local lib
    for lib in "$@"; do
        ldconfig -p 2>/dev/null | grep -q "${lib%%:*}" || echo "${lib##*:}"
    done
}

apt_install() {
    # apt_install WHAT PACKAGE…: install the packages named (none: nothing to do), saying so.
    local what="$1"
    shift
    [ "$#" -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "$what: $*"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$@" >/dev/null
}

system_packages() {
    # Qt needs a few shared libraries that a minimal Linux may lack; install them when we can.
    command -v apt-get >/dev/null 2>&1 || return 0
    local missing=()
    mapfile -t missing < <(missing_libraries libGL.so.1:libgl1 libEGL.so.1:libegl1 libxkbcommon.so.0:libxkbcommon0 \
        libfontconfig.so.1:libfontconfig1 libdbus-1.so.3:libdbus-1-3 libglib-2.0.so.0:libglib2.0-0)
    fc-list 2>/dev/null | grep -qi . || missing+=(fonts-dejavu-core)
    apt_install "Installerer systempakker" ${missing[@]+"${missing[@]}"}
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

window_libraries() {
    # The X11 libraries Qt's xcb plugin links to: the window needs them on a desktop (Qt 6.5 and later will
    # not load the plugin without libxcb-cursor0), and the build copies them into the built folder.
    command -v apt-get >/dev/null 2>&1 || return 0
    local missing=()
    mapfile -t missing < <(missing_libraries libxcb-icccm.so.4:libxcb-icccm4 libxcb-keysyms.so.1:libxcb-keysyms1 \
        libxcb-cursor.so.0:libxcb-cursor0 libxcb-image.so.0:libxcb-image0 libxcb-render-util.so.0:libxcb-render-util0 \
        libxcb-randr.so.0:libxcb-randr0 libxcb-shape.so.0:libxcb-shape0 libxcb-xkb.so.1:libxcb-xkb1 \
        libxkbcommon-x11.so.0:libxkbcommon-x11-0)
    apt_install "Installerer X11-biblioteker til programmet" ${missing[@]+"${missing[@]}"}
}

build_packages() {
    local stamp="$VENV/.aftaler-build-installed"
    if [ ! -x "$VENV/bin/pyinstaller" ] || [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        "$VENV/bin/python" -m pip install -q -e ".[build]"
        touch "$stamp"
    fi
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
        [ "${QT_QPA_PLATFORM:-}" = offscreen ] || window_libraries
        exec "$VENV/bin/python" -m desktop "$@"
        ;;
    test)
        test_tools
        export QT_QPA_PLATFORM=offscreen
        "$VENV/bin/ruff" check storage exporters desktop ui tests
        "$VENV/bin/mypy"
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    build)
        window_libraries
        build_packages
        "$VENV/bin/pyinstaller" --noconfirm build.spec
        echo "Programmet er bygget: dist/Aftaler fylder $(du -sh dist/Aftaler | cut -f1)."
        ;;
    *)
        echo "Brug: ./run.sh app [--demo] | ./run.sh test | ./run.sh build" >&2
        exit 2
        ;;
esac
