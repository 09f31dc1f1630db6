"""One credential page for every provider built from a descriptor (core.labels.DESCRIBED).

The page is drawn from the provider's `ProviderDescriptor`: a field per input (secrets
masked, with a show/hide toggle), each with its live offline verdict from the field's
rule (nothing is sent while typing), the descriptor's intro and its "create a key" link.
Below them comes what every credential page has (gui/pages/credentials.py): Advanced
with the API base URL (validated like the built-in pages'), "Skip this provider" and
"Remember secrets". So a new provider gets its wizard page without a new page class.

The descriptor (and with it the provider module) is imported on first use, not when the
window is built, so adding providers doesn't slow down the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from aiusage_doctor.core.labels import DESCRIBED
from aiusage_doctor.gui import icons
from aiusage_doctor.gui.pages.base import hint_label
from aiusage_doctor.gui.pages.credentials import CredentialPage
from aiusage_doctor.gui.widgets import LinkLabel, VerdictView, link_html, set_accessible

if TYPE_CHECKING:
    from aiusage_doctor.gui.wizard import DoctorWizard



_WORDS = {"api": "API", "id": "ID"}


def caption(name: str) -> str:
    """'api_key' -> 'API key', 'workspace_id' -> 'Workspace ID'."""
    words = [_WORDS.get(w, w) for w in name.split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


class InputField(QWidget):
    """One input with its live verdict. `rule(raw)` -> FieldCheck comes from the descriptor."""

    def __init__(self, label: str, secret: bool, verdict: Any) -> None:
        super().__init__()
        self.verdict = verdict
        self.label_text = label
        self.edit = QLineEdit()
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(f"Paste the {label} here")
        set_accessible(self.edit, label[:1].upper() + label[1:],
                       f"The {label}" + ("; hidden while you type" if secret else ""))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        self.toggle: QToolButton | None = None
        if secret:
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.toggle = QToolButton()
            self.toggle.setCheckable(True)
            self.toggle.setIcon(icons.icon("eye"))
            self.toggle.setToolTip(f"Show the {label}")
            set_accessible(self.toggle, f"Show {label}", f"Show or hide the {label} as plain text")
            self.toggle.toggled.connect(self.set_revealed)
            row.addWidget(self.toggle)
        self.view = VerdictView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.view)
        self.level = "empty"
        self.hint: QLabel | None = None
        """Where the value comes from (set by the page from the descriptor)."""
        self.heading: QLabel | None = None
        """The caption above the field, its buddy (set by the page)."""
        self.edit.textChanged.connect(self.update_verdict)

    def set_revealed(self, on: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        if self.toggle is not None:
            self.toggle.setIcon(icons.icon("eye-off" if on else "eye"))
            self.toggle.setToolTip(f"{'Hide' if on else 'Show'} the {self.label_text}")

    def text(self) -> str:
        return self.edit.text()

    def update_verdict(self, *_: object) -> None:
        check = self.verdict(self.edit.text())
        self.level = check.level
        self.view.show_verdict(check.level, check.message)

    @property
    def valid(self) -> bool:
        return self.level in ("ok", "warn")


class DescribedPage(CredentialPage):
    """The credential page of one descriptor-built provider: its fields, then what every
    credential page has (Advanced with the API base URL, proxy and CA file; "Skip this
    provider"; "Remember secrets")."""

    def __init__(self, wizard: DoctorWizard, provider: str) -> None:
        described = DESCRIBED[provider]
        super().__init__(wizard, described.title, described.blurb)
        self.provider = provider
        self.fields: dict[str, InputField] = {}
        self._descriptor: Any = None
        for name in (*described.secrets, *described.values):
            secret = name in described.secrets
            heading = QLabel(caption(name))  # written like the built-in pages' headings
            heading.setObjectName("SectionHeading")
            field = InputField(f"{described.title} {caption(name)}", secret,
                               lambda raw, n=name: self.descriptor.check_field(n, raw))
            heading.setBuddy(field.edit)
            field.heading = heading
            field.edit.textChanged.connect(lambda *_: self.completeChanged.emit())
            field.hint = hint_label("")
            self.body.addWidget(heading)
            self.body.addWidget(field)
            self.body.addWidget(field.hint)
            self.fields[name] = field
        self.intro = hint_label("")
        self.link = LinkLabel("")
        self.body.addWidget(self.intro)
        self.body.addWidget(self.link)
        # The default URL comes from the descriptor, loaded on first show (_dress), not now.
        self._add_advanced(f"Change this only if your company routes {described.title}'s API through a gateway.",
                           default_url="")
        self.body.addStretch(1)
        self._add_skip()
        self._add_remember()
        self._add_mnemonics()
        self._dressed = False

    def _add_mnemonics(self) -> None:
        """Alt+letter jumps to each field, as on the built-in pages: each heading gets a
        letter (a word's first, if one is free) that no button or label of this page, nor the
        wizard's own buttons, uses yet."""
        from PySide6.QtWidgets import QAbstractButton

        texts = [b.text() for b in self.findChildren(QAbstractButton)]
        texts += [label.text() for label in self.findChildren(QLabel) if label.buddy() is not None]
        texts += ["< &Back", "&Next >", "&About"]
        taken = {t.replace("&&", "")[t.replace("&&", "").index("&") + 1].lower()
                 for t in texts if "&" in t.replace("&&", "")}
        for field in self.fields.values():
            if field.heading is None:
                continue
            text = field.heading.text()
            starts = [i for i, c in enumerate(text) if c.isalpha() and (i == 0 or text[i - 1] == " ")]
            letters = [i for i, c in enumerate(text) if c.isalpha()]
            at = next((i for i in (*starts, *letters) if text[i].lower() not in taken), None)
            if at is not None:
                taken.add(text[at].lower())
                field.heading.setText(text[:at] + "&" + text[at:])

    @property
    def descriptor(self) -> Any:
        if self._descriptor is None:
            from aiusage_doctor.providers.registry import descriptor

            self._descriptor = descriptor(self.provider)
        return self._descriptor

    @property
    def default_url(self) -> str:  # type: ignore[override]
        return str(self.descriptor.default_api_url)

    def _dress(self) -> None:
        """Intro, hints, the 'create a key' link and the default base URL, from the
        descriptor (first show only)."""
        if self._dressed:
            return
        d = self.descriptor
        self.intro.setText(d.page.intro)
        self.link.setText(link_html(d.page.create_link.text, d.page.create_link.url))
        for spec in d.fields:
            self.fields[spec.name].hint.setText(spec.hint)
        self.url_edit.setPlaceholderText(d.default_api_url)
        set_accessible(self.url_edit, "API base URL", f"Default {d.default_api_url}")
        self._dressed = True
        self.order_links_last()

    def initializePage(self) -> None:
        self._dress()
        super().initializePage()

    # The base URL lives in inputs.described_urls; none there means the descriptor's default.

    def stored_url(self) -> str:
        return self.doctor.inputs.described_urls.get(self.provider, "")

    def keep_url(self, url: str | None) -> None:
        if url and url != self.default_url:
            self.doctor.inputs.described_urls[self.provider] = url
        else:
            self.doctor.inputs.described_urls.pop(self.provider, None)

    def load(self) -> None:
        values = self.doctor.inputs.described.get(self.provider, {})
        for name, field in self.fields.items():
            field.edit.setText(values.get(name, ""))
            field.update_verdict()
        self.offer_saved(self.doctor.remembered_secrets())

    def prefill(self) -> None:
        self.url_edit.setText(self.stored_url())
        self.load()

    def offer_saved(self, saved: dict[str, str]) -> None:
        """Fill empty secret fields with what the keyring remembered ('provider.field' keys)."""
        for name, field in self.fields.items():
            value = saved.get(f"{self.provider}.{name}")
            if value and not field.text().strip():
                field.edit.setText(value)

    def offer_saved_secret(self, secret: str | None) -> None:
        """Secrets come per field here (offer_saved)."""

    def secret_ok(self) -> bool:
        return all(f.valid for f in self.fields.values())

    def store(self) -> None:
        super().store()
        self.doctor.inputs.described[self.provider] = {n: f.text().strip() for n, f in self.fields.items()}
