"""A crafted report opened in the wizard: plain-text tooltips, links that show their real
address and open only when the link policy allows, a size cap with a plain message."""

from __future__ import annotations

from PySide6.QtCore import QUrl

from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import CheckResult, Link, Status
from aiusage_doctor.core.report import build_report
from aiusage_doctor.core.report_file import MAX_REPORT_BYTES
from aiusage_doctor.gui import widgets
from aiusage_doctor.gui.dialogs import ErrorDialog

HTML = '<img src="file:///etc/hostname"><b>Bold</b>'


def crafted(tmp_path):
    result = CheckResult(
        id="github.org.sso", provider="github", target=f"org:{HTML}", title=f"Title {HTML}", status=Status.FAIL,
        summary=f"Summary {HTML} " + "W" * 100_000,
        remediation=[Link(text="GitHub docs", url="https://evil.example/phish"),
                     Link(text="Write to support", url="mailto:help@acme.com?attach=/home/u/.ssh/id_rsa"),
                     Link(text="Cursor docs", url="https://cursor.com/docs")],
    )
    path = tmp_path / "crafted.json"
    path.write_text(build_report(RunConfig(), [result]).model_dump_json(), encoding="utf-8")
    return path


def test_a_crafted_report_shows_text_as_text_and_links_with_their_address(make_wizard, tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr("aiusage_doctor.gui.widgets.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toString()) or True)
    wizard = make_wizard()
    assert wizard.open_report(str(crafted(tmp_path)))
    page = wizard.results_page
    page.refresh(select_first=True)
    tree = page.tree
    item = tree.topLevelItem(0)
    while item.childCount():
        item = item.child(0)
    tips = [item.toolTip(0), item.toolTip(1)]
    assert any("&lt;img" in tip for tip in tips)
    every = []
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        node = stack.pop()
        every += [node.toolTip(0), node.toolTip(1)]
        stack += [node.child(i) for i in range(node.childCount())]
    assert not any("<img" in tip for tip in every) and all(len(tip) < 1000 for tip in every)

    tree.setCurrentItem(item)
    page.show_details()
    html = page.details.toHtml()
    assert "evil.example/phish" in page.details.toPlainText()  # the real address, beside "GitHub docs"
    assert 'href="https://evil.example' not in html and "attach=" not in html.split("Write to support")[0][-200:]
    assert max(len(word) for word in page.details.toPlainText().split()) < 1000  # elided at load

    for url in ("https://evil.example/phish", "mailto:help@acme.com?attach=/home/u/.ssh/id_rsa", "file:///etc/hostname"):
        page.details.anchorClicked.emit(QUrl(url))
    assert opened == []
    page.details.anchorClicked.emit(QUrl("https://cursor.com/docs"))
    assert opened == ["https://cursor.com/docs"]


def test_link_html_never_makes_a_refused_link_clickable() -> None:
    assert widgets.link_html("GitHub docs", "https://evil.example/x") == "GitHub docs (evil.example/x)"
    assert widgets.link_html("Docs", "https://docs.github.com/en").startswith('<a href="https://docs.github.com/en">')


def test_a_report_over_the_size_cap_is_refused_with_a_plain_message(make_wizard, tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(MAX_REPORT_BYTES + 1)
    wizard = make_wizard()
    assert not wizard.open_report(str(path))
    dialog = wizard.findChild(ErrorDialog)
    assert dialog is not None and "larger than 4 MiB" in dialog.message.text()
    dialog.close()


def test_a_token_in_the_reports_file_name_is_masked_in_the_title_and_banner(make_wizard, tmp_path):
    """Everything else in an opened report is redacted; its file name (a customer may name it
    after whatever they pasted) is shown in the window title and the results banner too."""
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult, Status
    from aiusage_doctor.core.report import build_report
    from aiusage_doctor.core.tokens import TokenKind, make_fake_secret

    token = make_fake_secret(TokenKind.GITHUB_CLASSIC)
    result = CheckResult(id="github.token.format", provider="github", target="token", title="Token format",
                         status=Status.PASS, summary="Fine.")
    path = tmp_path / f"report-{token}.json"
    path.write_text(build_report(RunConfig(), [result]).model_dump_json(), encoding="utf-8")
    wizard = make_wizard()
    assert wizard.open_report(str(path))
    assert token not in wizard.windowTitle() and "report-ghp_" in wizard.windowTitle()
    assert token not in wizard.results_page.source.text()
    assert token not in wizard.accessibleName()


def test_a_token_in_the_name_of_a_file_that_isnt_a_report_is_masked_in_the_message(make_wizard, tmp_path):
    from aiusage_doctor.core.tokens import TokenKind, make_fake_secret

    token = make_fake_secret(TokenKind.CURSOR_KEY)
    path = tmp_path / f"{token}.json"
    path.write_text("not json", encoding="utf-8")
    wizard = make_wizard()
    assert not wizard.open_report(str(path))
    dialog = wizard.findChild(ErrorDialog)
    assert dialog is not None and "is not a JSON report" in dialog.message.text()
    assert token not in dialog.message.text() and token not in dialog.windowTitle()
    dialog.close()
