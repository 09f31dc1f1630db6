"""Fusion with outlines that show on a dark palette (see DarkOutlineStyle).

A module of its own: theme.sync_style loads it only when the palette is dark, so a light
palette neither builds Qt's style types nor sends any painting through Python.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from aiusage_doctor.gui.theme import is_dark


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
            if is_dark(palette):
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
        if not is_dark(option.palette):
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
