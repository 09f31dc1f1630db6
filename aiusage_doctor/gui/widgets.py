"""Small reusable widgets: the secret field with its live verdict, notices, a disclosure
section and link labels. The dialogs (error, link that won't open) are in gui/dialogs.py."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aiusage_doctor.gui import icons
from aiusage_doctor.gui.theme import repolish

LINK_SCHEMES = ("http://", "https://", "mailto:")
"""Links whose address `open_link` offers to copy when they don't open."""


def open_url(url: str) -> bool:
    """Open a link in the browser or mail client, if `core.links.openable_url` allows it
    (https to a known site, or a plain mailto: address), so a link that came from an API
    answer or a report file can't start a program, open a local file or attach one to an
    e-mail. Links into the app's own help pages open in the app, from the copy shipped with
    it, including the shipped help's own references (docs/…), which aren't web links."""
    from aiusage_doctor.core.help_docs import help_section

    section = help_section(url)
    if section is not None:
        from aiusage_doctor.gui.help_dialog import show_help

        show_help(section)
        return True
    from aiusage_doctor.core.links import openable_url

    if openable_url(url) is None:
        return False
    return QDesktopServices.openUrl(QUrl(url))


_RESERVED_HOSTS = ("example", "example.com", "example.net", "example.org", "invalid", "test", "localhost")
"""RFC 2606/6761 names: an address on them is a placeholder that can never be reached."""


def is_placeholder(address: str) -> bool:
    """Whether a configured URL or email address is missing or points at a reserved example
    domain (`aiusage-doctor.example`): such an address must never reach a user."""
    text = (address or "").strip().lower()
    if not text:
        return True
    host = text.split("@", 1)[1] if "@" in text and "://" not in text else text.split("://", 1)[-1]
    host = host.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit(":", 1)[0].rstrip(".")
    return not host or any(host == name or host.endswith("." + name) for name in _RESERVED_HOSTS)


_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def email_problem(address: str) -> str | None:
    """Why `address` can't be used as a support address, or None if it looks deliverable."""
    text = address.strip()
    if not text:
        return "Enter the email address of your support team."
    if len(text) > 254 or not _EMAIL.match(text):
        return f"“{text[:80]}” is not an email address: it needs a name, an @ and a domain."
    if is_placeholder(text):
        return f"“{text[:80]}” is an example address that can't receive mail."
    return None


def open_link(url: str, parent: QWidget | None = None) -> bool:
    """Open a link; if no browser or mail program starts, say so and offer the address to
    copy (a link that fails silently leaves the admin with nothing)."""
    if open_url(url):
        return True
    from aiusage_doctor.core.links import openable_url

    # Only for a link the policy allows: a refused one is never a link (see link_html).
    if url.lower().startswith(LINK_SCHEMES) and openable_url(url) is not None:
        from aiusage_doctor.gui.dialogs import LinkDialog

        dialog = LinkDialog(url, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
    return False


def set_accessible(widget: QWidget, name: str, description: str | None = None) -> QWidget:
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def icon_size(widget: QWidget, factor: float = 1.0) -> QSize:
    """An icon size that follows the font (so it grows with text scaling and DPI)."""
    side = round(widget.fontMetrics().height() * factor)
    return QSize(side, side)


def link_html(text: str, url: str) -> str:
    """A link that shows its real address beside its text; one the app won't open
    (see `core.links.openable_url`) is shown as text, not as a link. A section of the help
    shipped with the app (docs/…, see `open_url`) is a link: it opens in the app."""
    from aiusage_doctor.core.help_docs import local_help_target
    from aiusage_doctor.core.links import openable_url, shown_address

    address = shown_address(url)
    label = escape(text) if address in text else f"{escape(text)} ({escape(address)})"
    if openable_url(url) is None and local_help_target(url) is None:
        return label
    return f'<a href="{escape(url, quote=True)}">{label}</a>'


TOOLTIP_CHARS = 500


def plain_tip(text: str) -> str:
    """Tooltip text shown as plain text: Qt renders a tooltip that looks like HTML as rich
    text (images, links, file:// loads), and result text can come from a server or a
    report file. Escaped inside <qt>, it is shown exactly as written, cut to TOOLTIP_CHARS."""
    if len(text) > TOOLTIP_CHARS:
        text = text[: TOOLTIP_CHARS - 1] + "…"
    return f"<qt>{escape(text)}</qt>" if text else ""


class IconLabel(QLabel):
    """A QLabel showing an icon that is re-rendered when the palette or scale changes."""

    def __init__(self, icon: QIcon | None = None, factor: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon = icon
        self._factor = factor
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self._render()

    def set_icon(self, icon: QIcon | None) -> None:
        if icon is self._icon:  # icons are cached per name: the same one needs no new pixmap
            return
        self._icon = icon
        self._render()

    def _render(self) -> None:
        size = icon_size(self, self._factor)
        if self._icon is None:
            self.clear()
            self.setFixedSize(size)
            return
        self.setPixmap(self._icon.pixmap(size, self.devicePixelRatioF()))
        self.setFixedSize(size)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._render()
        super().changeEvent(event)


class LinkLabel(QLabel):
    """Rich text with links opened through `open_url` (so tests can intercept them)."""

    def __init__(self, html: str = "", parent: QWidget | None = None) -> None:
        super().__init__(html, parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.linkActivated.connect(lambda url: open_link(url, self))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            text = self.text()  # links take the palette's link colour when laid out: lay out again
            self.clear()
            self.setText(text)


class Notice(QFrame):
    """A tinted card with an icon and wrapped text; `level` is ok / warn / error / info."""

    def __init__(self, text: str = "", level: str = "info", icon_name: str = "info",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        self.icon = IconLabel(icons.icon(icon_name))
        self.label = LinkLabel(text)
        self.label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        self.set_level(level)

    def set_level(self, level: str) -> None:
        self.setProperty("level", level)
        repolish(self)

    def set_text(self, text: str, level: str | None = None, icon_name: str | None = None) -> None:
        self.label.setText(text)
        if icon_name:
            self.icon.set_icon(icons.icon(icon_name))
        if level:
            self.set_level(level)


class Disclosure(QWidget):
    """A 'show more' section: an arrow button that expands or collapses `body`."""

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QToolButton()
        self.button.setObjectName("Disclosure")
        self.button.setText(title)
        self.button.setCheckable(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setArrowType(Qt.ArrowType.RightArrow)
        set_accessible(self.button, title.replace("&", ""), "Show or hide more settings")
        self.body = body
        body.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(body)
        self.button.toggled.connect(self.set_expanded)

    def set_expanded(self, on: bool) -> None:
        self.button.setChecked(on)
        self.button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.body.setVisible(on)

    @property
    def expanded(self) -> bool:
        return self.button.isChecked()


VERDICT_ICONS = {"ok": "pass", "warn": "warn", "error": "fail", "empty": "info"}


class VerdictView(QFrame):
    """The live, offline verdict under a credential field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Verdict")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(6)
        self.icon = IconLabel(icons.icon("info"))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        self.level = "empty"

    def show_verdict(self, level: str, message: str) -> None:
        self.level = level
        self.icon.set_icon(icons.icon(VERDICT_ICONS.get(level, "info")))
        self.label.setText(message)
        self.setProperty("level", level)
        self.setAccessibleName(f"Token check: {message}")
        repolish(self)


class SecretField(QWidget):
    """A masked credential field with a show/hide toggle and a live format verdict.

    The verdict comes from `core.tokens.verdict_for`, entirely offline, on every
    keystroke. `valid` is True for usable secrets (ok or warn). The secret itself is
    never put in an accessible name, tooltip or log.
    """

    verdict_changed = Signal(str, str)
    """(level, message); level is ok / warn / error / empty."""

    def __init__(self, provider: str, noun: str, empty_hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.provider = provider
        self.noun = noun
        self.empty_hint = empty_hint
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(f"Paste the {noun} here")
        set_accessible(self.edit, noun[:1].upper() + noun[1:], f"The {noun}; hidden while you type")
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setIcon(icons.icon("eye"))
        self.toggle.setToolTip(f"Show the {noun}")
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        set_accessible(self.toggle, f"Show {noun}", f"Show or hide the {noun} as plain text")
        self.toggle.toggled.connect(self.set_revealed)
        self.verdict_view = VerdictView()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.verdict_view)
        self.level = "empty"
        self.message = ""
        self.edit.textChanged.connect(self._update)
        self._update(self.edit.text())

    def set_revealed(self, on: bool) -> None:
        self.toggle.setChecked(on)
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.toggle.setIcon(icons.icon("eye-off" if on else "eye"))
        self.toggle.setToolTip(f"{'Hide' if on else 'Show'} the {self.noun}")
        self.toggle.setAccessibleName(f"{'Hide' if on else 'Show'} {self.noun}")

    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    @property
    def valid(self) -> bool:
        return self.level in ("ok", "warn")

    def _update(self, raw: str) -> None:
        if not raw.strip():
            level, message = "empty", self.empty_hint
        else:
            from aiusage_doctor.core.tokens import verdict_for

            verdict = verdict_for(raw, self.provider)  # type: ignore[arg-type]
            level, message = verdict.level, verdict.message
            if verdict.ok and verdict.info.cleaned:
                # Say what was trimmed from the paste, so the admin can fix it at the source too.
                message = f"{message.rstrip('.')}. {'; '.join(verdict.info.cleaned)} (not part of the token)."
        self.level, self.message = level, message
        self.verdict_view.show_verdict(level, message)
        self.verdict_changed.emit(level, message)
