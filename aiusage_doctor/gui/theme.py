"""Stylesheet and palette helpers: follow the system palette, never hard-code text colours."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget


def stylesheet() -> str:
    from aiusage_doctor.core.resources import resource_path

    try:
        return resource_path("style.qss").read_text(encoding="utf-8")
    except FileNotFoundError:  # a broken bundle still gets a working, if plainer, window
        return ""


def apply_theme(app: QApplication) -> None:
    """Set the stylesheet, and set it again whenever the system palette changes (light/dark
    switch at runtime): widgets polished with a stylesheet keep their old colours otherwise."""
    if app.style().name().lower() == "fusion" and not isinstance(app.style(), DarkOutlineStyle):
        app.setStyle(DarkOutlineStyle("fusion"))
    app.setStyleSheet(stylesheet())
    if app.property("aiusage_theme_watch") is None:
        _PaletteWatcher(app)
        app.setProperty("aiusage_theme_watch", True)


def _is_dark(palette: QPalette) -> bool:
    """A palette with light text on a dark window (the platforms' dark modes)."""
    return (palette.color(QPalette.ColorRole.Window).lightness()
            < palette.color(QPalette.ColorRole.WindowText).lightness())


class DarkOutlineStyle(QProxyStyle):
    """Fusion with outlines that show on a dark palette.

    Fusion draws the box of a check box or radio button and the frame of a text field in a
    shade of the window colour (window.darker(140)): on a dark palette an unticked box or an
    empty field is all but invisible (1.1:1 against the window). Here, when the palette is
    dark, each is outlined again in a colour between the window and its text (over 3:1).
    A light palette is drawn exactly as Fusion draws it."""

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,
                  widget: QWidget | None = None, data: object = None) -> int:
        # Fusion's Close/Cancel/OK icons are black pictures: on a dark button they read as a
        # smudge, so a dark palette's standard buttons show their words only.
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            palette = widget.palette() if widget is not None else QApplication.palette()
            if _is_dark(palette):
                return 0
        return super().styleHint(hint, option, widget, data)

    _OUTLINED = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton,
                 QStyle.PrimitiveElement.PE_FrameLineEdit)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        focus = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
        if element not in self._OUTLINED or (option.state & focus) == focus:
            return  # Fusion's own keyboard-focus outline (the highlight colour) stays as it is
        if not _is_dark(option.palette):
            return
        window = option.palette.color(QPalette.ColorRole.Window)
        text = option.palette.color(QPalette.ColorRole.WindowText)
        edge = QColor(*(round(w + (t - w) * 0.5) for w, t in
                        ((window.red(), text.red()), (window.green(), text.green()), (window.blue(), text.blue()))))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        elif element == QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        else:
            painter.drawRoundedRect(rect, 2, 2)
        painter.restore()


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
