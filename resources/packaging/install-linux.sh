#!/bin/sh
# Aftaler in the menu, and .aftale files (Aftalepakke) opened by it, for this user.
#   ./install-linux.sh              (from the built folder dist/Aftaler, next to the program)
#   ./install-linux.sh --uninstall
# Copies aftaler.desktop to ~/.local/share/applications (Exec pointing at the program beside this
# script), aftaler-mime.xml to ~/.local/share/mime/packages and the icon to the hicolor theme, then
# refreshes the MIME and desktop databases when their tools are installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
apps="$data/applications"
mime="$data/mime"
icons="$data/icons/hicolor/256x256/apps"

refresh() {
    if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$mime"; fi
    if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database "$apps"; fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$apps/aftaler.desktop" "$mime/packages/aftaler-mime.xml" "$icons/aftaler.png"
    refresh
    echo "Aftaler er fjernet fra menuen, og .aftale-filer åbnes ikke længere med Aftaler."
    exit 0
fi

for file in aftaler.desktop aftaler-mime.xml; do
    [ -f "$here/$file" ] || { echo "$file mangler ved siden af $0" >&2; exit 1; }
done
mkdir -p "$apps" "$mime/packages" "$icons"
if [ -x "$here/Aftaler" ]; then
    # The program is not on PATH: the menu entry starts it where it lies, quoted as the Desktop
    # Entry Specification wants (\ " ` $ escaped twice, % doubled).
    AFTALER_PROGRAM=$(printf '%s' "$here/Aftaler" | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g' -e 's/%/%%/g')
    export AFTALER_PROGRAM
    awk '/^Exec=Aftaler / { sub(/^Exec=Aftaler /, ""); print "Exec=\"" ENVIRON["AFTALER_PROGRAM"] "\" " $0; next }
         { print }' "$here/aftaler.desktop" > "$apps/aftaler.desktop"
else
    cp "$here/aftaler.desktop" "$apps/aftaler.desktop"
fi
cp "$here/aftaler-mime.xml" "$mime/packages/aftaler-mime.xml"
if [ -f "$here/aftaler.png" ]; then cp "$here/aftaler.png" "$icons/aftaler.png"; fi
refresh
echo "Aftaler er i menuen, og .aftale-filer åbnes med $here/Aftaler."
