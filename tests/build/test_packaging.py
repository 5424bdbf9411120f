"""The build's static files agree with each other and with the program (no PyInstaller run here)."""

from __future__ import annotations

import ast
import configparser
import struct
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from storage.bundle_format import SUFFIX

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "resources" / "packaging"
ICONS = ROOT / "resources" / "icons"
MIME_TYPE = "application/x-aftale"


def spec_constants() -> dict[str, object]:
    """The literal constants build.spec sets (QT_PLUGINS, QT_TRANSLATIONS, EXCLUDES, …)."""
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return found


def test_the_linux_file_type_is_the_bundle_suffix_and_opens_in_aftaler() -> None:
    mime = ET.parse(PACKAGING / "aftaler-mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = mime.find("m:mime-type", ns)
    assert kind is not None and kind.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == [f"*{SUFFIX}"]
    assert "Aftalepakke" in [c.text for c in kind.findall("m:comment", ns)]

    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(PACKAGING / "aftaler.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Exec"] == "Aftaler %f"
    assert entry["MimeType"].split(";")[:-1] == [MIME_TYPE]
    assert entry["Icon"] == "aftaler"


def test_windows_and_macos_register_the_same_extension() -> None:
    iss = (PACKAGING / "windows" / "aftaler.iss").read_text(encoding="utf-8")
    registry = {line.split('Subkey: "', 1)[1].split('"', 1)[0]: line for line in iss.splitlines()
                if line.startswith("Root: HKA;") and 'ValueName: ""' in line}
    assert 'ValueData: "Aftaler.Pakke"' in registry[f"Software\\Classes\\{SUFFIX}"]
    opens = registry["Software\\Classes\\Aftaler.Pakke\\shell\\open\\command"]
    assert 'ValueData: """{app}\\{#AppExe}"" ""%1"""' in opens
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert f'"public.filename-extension": ["{SUFFIX.lstrip(".")}"]' in spec
    assert '"UTTypeIdentifier": "dk.aftaler.aftale"' in spec


def test_the_build_keeps_what_the_window_needs() -> None:
    constants = spec_constants()
    plugins = constants["QT_PLUGINS"]
    assert isinstance(plugins, dict)
    assert {"qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa"} <= plugins["platforms"]
    assert "qsvgicon" in plugins["iconengines"]  # ui/icons.py: QIcon(path to an SVG)
    assert "qsvg" in plugins["imageformats"]
    assert constants["QT_TRANSLATIONS"] == {"qtbase_da.qm"}  # ui/locale_setup.py
    excluded = constants["EXCLUDES"]
    assert isinstance(excluded, list)
    assert "PySide6.QtNetwork" not in excluded  # QLocalServer: one window at a time


def test_the_icon_comes_in_every_size_the_platforms_ask_for() -> None:
    png = (ICONS / "aftaler.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (256, 256)

    ico = (ICONS / "aftaler.ico").read_bytes()
    _, kind, count = struct.unpack_from("<HHH", ico)
    sides = [ico[6 + 16 * i] or 256 for i in range(count)]
    assert kind == 1 and sides == [16, 24, 32, 48, 64, 128, 256]

    icns = (ICONS / "aftaler.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    kinds, offset = [], 8
    while offset < len(icns):
        kinds.append(icns[offset:offset + 4])
        offset += struct.unpack(">I", icns[offset + 4:offset + 8])[0]
    assert kinds == [b"icp4", b"icp5", b"icp6", b"ic07", b"ic08", b"ic09", b"ic10"]


def test_the_build_extra_brings_pyinstaller() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(r.startswith("pyinstaller>=6") for r in project["project"]["optional-dependencies"]["build"])
