"""SVG icons from resources/icons, sharp at any scale and matched to the current palette.

Status icons carry their own colours (and distinct shapes, so colour is never the
only cue). Monochrome glyphs (provider marks, eye, copy...) are drawn with
`currentColor`, which is replaced by the palette's text colour when painted, so they
read on light and dark palettes alike. Rendering happens at the requested device size,
so 200 % displays get crisp icons instead of scaled bitmaps.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap, QTransform
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

STATUS_ICONS = ("pass", "warn", "fail", "skip", "error", "running", "pending")
PROVIDER_ICONS = {"github": "github", "cursor": "cursor", "anthropic": "claude"}
SPINNER_FRAMES = 12


@lru_cache(maxsize=64)
def svg_bytes(name: str) -> bytes:
    from aiusage_doctor.core.resources import resource_path

    return resource_path("icons", f"{name}.svg").read_bytes()


def _text_color(mode: QIcon.Mode) -> QColor:
    app = QApplication.instance()
    palette = app.palette() if app is not None else QPalette()
    group = QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Active
    return palette.color(group, QPalette.ColorRole.WindowText)


class SvgIconEngine(QIconEngine):
    """Paints one SVG at whatever size Qt asks for; `currentColor` follows the palette."""

    def __init__(self, data: bytes, rotation: float = 0.0) -> None:
        super().__init__()
        self._data = data
        self._rotation = rotation
        self._renderers: dict[str, QSvgRenderer] = {}
        """One parsed SVG per text colour: a spinner repaints every row many times a second."""

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        color = _text_color(mode).name() if b"currentColor" in self._data else ""
        renderer = self._renderers.get(color)
        if renderer is None:
            data = self._data.replace(b"currentColor", color.encode()) if color else self._data
            renderer = self._renderers[color] = QSvgRenderer(QByteArray(data))
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        renderer = self._renderer(mode)
        painter.save()
        if self._rotation:
            center = QRectF(rect).center()
            painter.setTransform(
                QTransform().translate(center.x(), center.y()).rotate(self._rotation)
                .translate(-center.x(), -center.y()),
                combine=True,
            )
        if mode == QIcon.Mode.Disabled and b"currentColor" not in self._data:
            painter.setOpacity(0.45)
        renderer.render(painter, QRectF(rect))
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._data, self._rotation)


_cache: dict[tuple[str, float], QIcon] = {}


def icon(name: str, rotation: float = 0.0) -> QIcon:
    """The icon `resources/icons/<name>.svg` (cached; repaint follows the palette)."""
    key = (name, rotation)
    cached = _cache.get(key)
    if cached is None:
        cached = _cache[key] = QIcon(SvgIconEngine(svg_bytes(name), rotation))
    return cached


def status_icon(status: str, frame: int = 0) -> QIcon:
    """pass/warn/fail/skip/error/pending, or one frame of the running spinner."""
    if status == "running":
        return icon("running", (frame % SPINNER_FRAMES) * (360 / SPINNER_FRAMES))
    return icon(status if status in STATUS_ICONS else "pending")


def provider_icon(provider: str) -> QIcon:
    """The provider's mark: resources/icons/<id>.svg for a provider added later (so a new
    provider brings its icon as a resource, not a code edit), a neutral glyph without one."""
    name = PROVIDER_ICONS.get(provider, provider)
    if name not in PROVIDER_ICONS.values():
        from aiusage_doctor.core.resources import resource_path

        try:
            resource_path("icons", f"{name}.svg")
        except FileNotFoundError:
            name = "info"
    return icon(name)


def app_icon() -> QIcon:
    return icon("app")
