"""The bad-input corpus in the wizard's fields: every paste gets one clear sentence under
the field, Next stays off when it can't be a valid credential, and what was trimmed
from a paste is said."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from aiusage_doctor.gui.pages import PageId
from robustness.corpus import CASES, KIND, Paste, _secret

PAGE = {"github": PageId.GITHUB, "cursor": PageId.CURSOR, "anthropic": PageId.CLAUDE}
CLEANED_WORDS = {"spaces around": "spaces", "trailing newline": "line break", "CRLF on both sides": "line break",
                 "double quotes": "quote", "smart quotes": "quote", "Bearer prefix": "bearer",
                 "whole Authorization header": "authorization", "zero-width characters": "zero-width",
                 ".env line": "variable"}


def open_page(make_wizard, qtbot, provider):
    wizard = make_wizard()
    for name, box in wizard.welcome.checks.items():
        box.setChecked(name == provider)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE[provider]
    page = {"github": wizard.github, "cursor": wizard.cursor, "anthropic": wizard.claude}[provider]
    if provider == "github":
        page.org_edit.setText("acme")
    return wizard, page


@pytest.mark.parametrize(("paste", "provider"), CASES, ids=[f"{p.name}-{prov}" for p, prov in CASES])
def test_each_paste_gets_a_clear_sentence_in_the_field(paste: Paste, provider, make_wizard, qtbot):
    wizard, page = open_page(make_wizard, qtbot, provider)
    raw = paste.make(_secret(KIND[provider]), provider)
    page.secret.set_text(raw)
    field = page.secret
    shown = field.verdict_view.label.text()
    assert shown == field.message and shown.strip()
    assert len(shown) < 400  # one or two sentences, never the paste itself
    next_enabled = wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    if paste.outcome == "cleaned":
        assert field.level in ("ok", "warn") and next_enabled
        assert CLEANED_WORDS[paste.name] in shown.lower(), shown
    elif paste.outcome == "blocked":
        assert field.level == "error" and not next_enabled, shown
    else:  # only whitespace: nothing entered yet
        assert field.level == "empty"
