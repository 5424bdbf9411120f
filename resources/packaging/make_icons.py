"""Render the application icon (resources/icons/aftaler.svg) into the raster forms the platforms need.

    .venv/bin/python resources/packaging/make_icons.py

writes, next to the SVG, ``aftaler.png`` (256 px: Linux menus), ``aftaler.ico`` (16–256 px: Windows
program, installer and file icon) and ``aftaler.icns`` (16–1024 px: macOS bundle). Qt draws every
size from the SVG (its svg image format plugin) and encodes it (PNG, and its ICO plugin's bitmaps);
Qt's ICO and ICNS writers take one image each, so the sizes are put into one file here.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QImageWriter

ICONS = Path(__file__).resolve().parents[1] / "icons"
SOURCE = ICONS / "aftaler.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types that hold a PNG, by size (Apple's icns format; 1024 is 512 at double density)
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
              (b"ic10", 1024))


def render(size: int) -> QImage:
    reader = QImageReader(str(SOURCE))
    reader.setScaledSize(QSize(size, size))
    image = reader.read()
    if image.isNull():
        raise SystemExit(f"{SOURCE} could not be drawn at {size} px: {reader.errorString()}")
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def encoded(image: QImage, image_format: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, image_format.encode())
    if not writer.write(image):
        raise SystemExit(f"Qt could not write {image_format}: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico_entry(size: int) -> bytes:
    """One size's image as an ICO directory holds it: PNG at 256 px (as Windows' own icons), Qt's
    32-bit bitmap with its mask below (read by every Windows version and icon tool)."""
    image = render(size)
    if size >= 256:
        return encoded(image, "PNG")
    single = encoded(image, "ICO")
    _reserved, _kind, count = struct.unpack_from("<HHH", single, 0)
    length, offset = struct.unpack_from("<II", single, 6 + 8)
    assert count == 1, "Qt wrote more than one image"
    return single[offset:offset + length]


def ico_file(sizes: tuple[int, ...]) -> bytes:
    images = [ico_entry(size) for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    directory = b""
    for size, data in zip(sizes, images, strict=True):
        side = size % 256  # 0 stands for 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + directory + b"".join(images)


def icns_file() -> bytes:
    elements = b"".join(kind + struct.pack(">I", 8 + len(data)) + data
                        for kind, data in ((kind, encoded(render(size), "PNG")) for kind, size in ICNS_TYPES))
    return b"icns" + struct.pack(">I", 8 + len(elements)) + elements


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0], "-platform", "offscreen"])
    (ICONS / "aftaler.png").write_bytes(encoded(render(256), "PNG"))
    (ICONS / "aftaler.ico").write_bytes(ico_file(ICO_SIZES))
    (ICONS / "aftaler.icns").write_bytes(icns_file())
    for name in ("aftaler.png", "aftaler.ico", "aftaler.icns"):
        reader = QImageReader(str(ICONS / name))
        print(f"{name}: {reader.imageCount() or 1} billede(r), {(ICONS / name).stat().st_size} bytes")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
