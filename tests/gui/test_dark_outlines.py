"""In a dark palette the boxes of check boxes and radio buttons, and the frames of text
fields, stand out from the window (Fusion draws them in a shade of the window colour)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QLineEdit, QRadioButton, QStyle, QStyleOptionButton

from aiusage_doctor.gui.dark_style import DarkOutlineStyle
from aiusage_doctor.gui.theme import apply_theme, dark_palette, light_palette, sync_style


def _luminance(color: QColor) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) + 0.0722 * channel(color.blue())


def _contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def themed(qapp):
    """The app's theme as main() applies it, on a dark system palette; palette, style and
    stylesheet are put back afterwards."""
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    apply_theme(qapp)
    yield qapp
    qapp.setStyleSheet("")
    qapp.setPalette(before)
    sync_style(qapp)


def test_a_light_palette_paints_without_the_python_style_and_a_dark_one_with_it(qapp, qtbot, monkeypatch):
    """The outlining style is Python code Qt calls for everything it paints: it is in place
    only while the palette is dark, and follows a switch either way."""

    calls: list[object] = []
    draw = DarkOutlineStyle.drawPrimitive
    monkeypatch.setattr(DarkOutlineStyle, "drawPrimitive",
                        lambda self, *args: (calls.append(args[0]), draw(self, *args))[1])

    def painted_calls() -> int:
        calls.clear()
        box = QCheckBox("Windsurf")
        qtbot.addWidget(box)
        box.resize(box.sizeHint())
        box.grab()
        return len(calls)

    before = qapp.palette()
    qapp.setPalette(light_palette())
    apply_theme(qapp)
    try:
        assert painted_calls() == 0
        qapp.setPalette(dark_palette())
        qtbot.waitUntil(lambda: painted_calls() > 0, timeout=2000)
        qapp.setPalette(light_palette())
        qtbot.waitUntil(lambda: painted_calls() == 0, timeout=2000)
    finally:
        qapp.setStyleSheet("")
        qapp.setPalette(before)
        sync_style(qapp)


@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_an_unticked_box_is_visible_against_a_dark_window(themed, qtbot, kind):
    pal = dark_palette()
    box = kind("Windsurf")
    box.setPalette(pal)
    qtbot.addWidget(box)
    box.resize(box.sizeHint())
    box.show()
    qtbot.waitExposed(box)
    image = box.grab().toImage()
    option = QStyleOptionButton()
    option.initFrom(box)
    element = QStyle.SubElement.SE_CheckBoxIndicator if kind is QCheckBox else QStyle.SubElement.SE_RadioButtonIndicator
    rect = box.style().subElementRect(element, option, box)
    window = pal.window().color()
    best = max(_contrast(image.pixelColor(x, y), window)
               for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1))
    assert best >= 3.0  # WCAG 2.1 1.4.11: a control's boundary needs 3:1 against its background


def test_a_text_fields_frame_is_visible_against_a_dark_window(themed, qtbot):
    pal = dark_palette()
    edit = QLineEdit()
    edit.setPalette(pal)
    qtbot.addWidget(edit)
    edit.resize(200, edit.sizeHint().height())
    edit.show()
    qtbot.waitExposed(edit)
    image = edit.grab().toImage()
    window = pal.window().color()
    top_edge = [image.pixelColor(x, y) for x in range(10, 190) for y in range(0, 2)]
    assert max(_contrast(c, window) for c in top_edge) >= 3.0


def test_dialog_buttons_carry_no_black_icon_on_a_dark_palette(qapp):
    """Fusion's own Close and Cancel icons are black pictures: on a dark button they were a
    black smudge beside the word. On a dark palette standard buttons show their words only
    (the app's own icons, which follow the palette, stay); a light palette keeps them."""
    from PySide6.QtWidgets import QProxyStyle, QWidget

    hint = QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons

    class PlatformWithIcons(QProxyStyle):  # as on X11 and KDE (the offscreen platform shows none)
        def styleHint(self, which, option=None, widget=None, data=None):
            return 1 if which == hint else super().styleHint(which, option, widget, data)

    style = DarkOutlineStyle(PlatformWithIcons("fusion"))
    dark, light = QWidget(), QWidget()
    dark.setPalette(dark_palette())
    light.setPalette(light_palette())
    assert style.styleHint(hint, None, dark) == 0
    assert style.styleHint(hint, None, light) == 1
