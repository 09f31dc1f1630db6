"""Render the app icon (resources/icons/app.svg) to the PNG sizes desktops ask for, into
resources/icons/hicolor/ (freedesktop icon-theme layout, named by the app id), plus the
Windows `app.ico` and the macOS `app.icns` with every size drawn from the SVG by Qt (not
scaled down from one bitmap). Run after changing app.svg:

    .venv/bin/python -m pip install pillow      # only this script needs it (ICO/ICNS writers)
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_icons.py
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from aiusage_doctor import APP_ID  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
ICONS = ROOT / "resources" / "icons"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    if not renderer.isValid():
        print("resources/icons/app.svg is not a valid SVG", file=sys.stderr)
        return 1
    theme = ICONS / "hicolor"
    scalable = theme / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS / "app.svg", scalable / f"{APP_ID}.svg")
    for size in SIZES:
        folder = theme / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        render(renderer, size).save(str(folder / f"{APP_ID}.png"), "PNG")
    try:
        from PIL import Image
    except ImportError:
        print("app.ico and app.icns need Pillow: .venv/bin/python -m pip install pillow", file=sys.stderr)
        return 1
    drawn = {size: Image.open(io.BytesIO(_png(render(renderer, size)))) for size in sorted({*ICO_SIZES, *ICNS_SIZES})}
    # Windows: one entry per size; Explorer and the taskbar pick the closest.
    largest = drawn[max(ICO_SIZES)]
    largest.save(ICONS / "app.ico", format="ICO", sizes=[(n, n) for n in ICO_SIZES],
                 append_images=[drawn[n] for n in ICO_SIZES if n != max(ICO_SIZES)])
    # macOS: 16 to 1024 px (the @2x variants of 512 and below).
    biggest = drawn[max(ICNS_SIZES)]
    biggest.save(ICONS / "app.icns", format="ICNS",
                 append_images=[drawn[n] for n in ICNS_SIZES if n != max(ICNS_SIZES)])
    print(f"wrote {len(SIZES)} PNG sizes, scalable SVG, app.ico and app.icns under {ICONS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
