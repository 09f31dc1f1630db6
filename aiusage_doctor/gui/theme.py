"""Stylesheet and palette helpers: follow the system palette, never hard-code text colours."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget


def stylesheet() -> str:
    from aiusage_doctor.core.resources import resource_path

    try:
        return resource_path("style.qss").read_text(encoding="utf-8")
    except FileNotFoundError:  # a broken bundle still gets a working, if plainer, window
        return ""


def apply_theme(app: QApplication) -> None:
    """Set the stylesheet, and set it again whenever the system palette changes (light/dark
    switch at runtime): widgets polished with a stylesheet keep their old colours otherwise."""
    if app.styleSheet():
        app.setStyleSheet("")  # see sync_style
    sync_style(app)
    app.setStyleSheet(stylesheet())
    if app.property("aiusage_theme_watch") is None:
        _PaletteWatcher(app)
        app.setProperty("aiusage_theme_watch", True)


OUTLINED = "aiusage_dark_outline"
"""Application property: DarkOutlineStyle is the application's style."""


def sync_style(app: QApplication) -> None:
    """Fusion with the dark outlines (DarkOutlineStyle) while the palette is dark, Qt's own
    Fusion while it is light. Only when needed: Qt calls a Python style for every element
    it paints and every style hint it asks, which costs each paint of every widget (and
    made the first window build a hundred Qt types for the calls).

    Call it while the application has no stylesheet: a stylesheet wraps the style and
    hides its name. A light palette at start-up doesn't even look at the style."""
    dark = is_dark(app.palette())
    if dark == bool(app.property(OUTLINED)):
        return
    if dark:
        if app.style().name().lower() != "fusion":
            return  # a platform style (Windows, macOS, Breeze) draws its own outlines
        from aiusage_doctor.gui.dark_style import DarkOutlineStyle

        app.setStyle(DarkOutlineStyle("fusion"))
    else:
        app.setStyle("fusion")
    app.setProperty(OUTLINED, dark)


def is_dark(palette: QPalette) -> bool:
    """A palette with light text on a dark window (the platforms' dark modes)."""
    return (palette.color(QPalette.ColorRole.Window).lightness()
            < palette.color(QPalette.ColorRole.WindowText).lightness())


class _PaletteWatcher(QObject):
    """Re-applies the stylesheet once per burst of palette or colour-scheme changes.

    It listens to the application's signals rather than filtering every event of the
    application: a Python event filter on QApplication runs for each event of every
    widget (and made start-up convert scores of Qt types for it)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._pending = False
        app.paletteChanged.connect(self._changed)
        hints = app.styleHints()
        if hasattr(hints, "colorSchemeChanged"):  # Qt 6.5+: the system's light/dark switch
            hints.colorSchemeChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._reapply)

    def _reapply(self) -> None:
        self._pending = False
        sheet = self._app.styleSheet()
        self._app.setStyleSheet("")
        sync_style(self._app)
        self._app.setStyleSheet(sheet)


def dark_palette() -> QPalette:
    """A dark palette like the platforms' own dark modes (used by screenshots and tests;
    the running app takes whatever the system gives it)."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colors = {
        role.Window: "#1f2126",
        role.WindowText: "#e6edf3",
        role.Base: "#16181c",
        role.AlternateBase: "#262931",
        role.ToolTipBase: "#2b2e36",
        role.ToolTipText: "#e6edf3",
        role.PlaceholderText: "#9198a1",
        role.Text: "#e6edf3",
        role.Button: "#2b2e36",
        role.ButtonText: "#e6edf3",
        role.BrightText: "#ff7b72",
        role.Light: "#3d424d",
        role.Midlight: "#33373f",
        role.Mid: "#454b55",
        role.Dark: "#0d0f12",
        role.Shadow: "#000000",
        role.Highlight: "#2f6feb",
        role.HighlightedText: "#ffffff",
        role.Link: "#58a6ff",
        role.LinkVisited: "#bc8cff",
    }
    for r, c in colors.items():
        p.setColor(r, QColor(c))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#6e7681"))
    return p


def light_palette() -> QPalette:
    """Qt's standard light palette with a GitHub-like link colour."""
    p = QApplication.style().standardPalette() if QApplication.instance() else QPalette()
    p.setColor(QPalette.ColorRole.Link, QColor("#0969da"))
    return p


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property (e.g. `level`) changed. A widget
    that hasn't been polished yet (not shown so far) picks the property up when it is."""
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
