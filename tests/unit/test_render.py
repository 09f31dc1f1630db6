"""What a reader of each exported format must be able to rely on."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime

import pytest

from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import CheckResult, Link, Report, Status
from aiusage_doctor.core.render import FORMATS, render
from aiusage_doctor.core.report import build_report

PLAIN_SECRET = "Correct-Horse-Battery-Staple-9081"
GITHUB_PAT = "ghp_" + "Q7xK2mN9pL4vR8sT1wY6zB3cD5fG0hJ2kM4n"
SSO_FIX = Link(text="Authorize the token for SSO", url="https://docs.github.com/en/enterprise-cloud@latest/sso")
SEAT_FIX = Link(text="Assign Copilot seats", url="https://github.com/organizations/acme/settings/copilot")
HELP = "https://aiusage-doctor.example/docs/checks.md#"
WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def result(provider: str, status: Status, summary: str, *, check_id: str = "x.check", target: str = "run",
           **kw) -> CheckResult:
    return CheckResult(id=check_id, provider=provider, target=target, title=f"Title of {check_id}",
                       status=status, summary=summary, help_url=HELP + check_id.replace(".", "-"), **kw)


def sample_results() -> list[CheckResult]:
    return [
        result("github", Status.PASS, "Token is valid and has read:org", check_id="github.token.valid",
               target="token"),
        result("github", Status.PASS, "Org acme is reachable", check_id="github.org.reachable", target="org:acme"),
        result("github", Status.FAIL, "Token is not authorized for SAML SSO in acme", check_id="github.org.sso",
               target="org:acme", details=["GitHub answered 403 with X-GitHub-SSO: required"],
               remediation=[SSO_FIX], evidence={"status": 403, "url": "https://api.github.com/orgs/acme"}),
        result("cursor", Status.WARN, "Only 3 of 40 members have usage data", check_id="cursor.usage.coverage",
               remediation=[SEAT_FIX]),
        result("anthropic", Status.SKIP, "No admin key configured", check_id="anthropic.key.valid", target="key"),
    ]


@pytest.fixture(autouse=True)
def published_docs(monkeypatch) -> None:
    """HELP's host counts as this project's own site (as branding.json's docs_url would
    make it), so the help links the results carry are clickable."""
    from aiusage_doctor.core import links

    monkeypatch.setattr(links, "_own_hosts", lambda: ("aiusage-doctor.example",))


@pytest.fixture
def report() -> Report:
    return build_report(RunConfig(), sample_results(), generated_at=WHEN)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_carries_the_headline(report: Report, fmt: str) -> None:
    # One root cause (the SSO failure) is named; the warning is counted.
    assert "GitHub Copilot · Organization acme: Token is not authorized for SAML SSO in acme. Also 1 warning." in render(report, fmt)


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_failures_come_before_passes(report: Report, fmt: str) -> None:
    out = render(report, fmt)
    fail_at = out.index("Token is not authorized for SAML SSO")
    assert fail_at < out.index("Org acme is reachable")  # even within the same org
    assert fail_at < out.index("Token is valid and has read:org")


def test_json_is_the_report_model(report: Report) -> None:
    assert Report.model_validate_json(render(report, "json")) == report


def test_markdown_has_clickable_remediation_and_help_links(report: Report) -> None:
    md = render(report, "markdown")
    assert f"[{SSO_FIX.text}]({SSO_FIX.url})" in md
    assert f"[{SEAT_FIX.text}]({SEAT_FIX.url})" in md
    assert f"[About this check]({HELP}github-org-sso)" in md
    assert "```json" in md and '"status": 403' in md
    problems, passes = md.split("## Passed and skipped")
    assert "Org acme is reachable" in passes and "Org acme is reachable" not in problems


def test_html_has_clickable_remediation_and_help_links(report: Report) -> None:
    html = render(report, "html")
    assert re.search(rf'<a href="{re.escape(SSO_FIX.url)}"[^>]*>{SSO_FIX.text}</a>', html)
    assert re.search(rf'<a href="{re.escape(SEAT_FIX.url)}"[^>]*>{SEAT_FIX.text}</a>', html)
    assert f'href="{HELP}github-org-sso"' in html


def test_html_loads_nothing_from_outside(report: Report) -> None:
    html = render(report, "html")
    lowered = html.lower()
    assert "src=" not in lowered
    assert "<link" not in lowered
    assert "@import" not in lowered and "url(" not in lowered
    allowed = {SSO_FIX.url, SEAT_FIX.url} | {c.help_url for c in report.checks}
    for href in re.findall(r'href="([^"]*)"', html):
        assert not href.startswith(("http:", "https:", "//")) or href in allowed, href


def test_html_script_is_allowed_by_its_own_csp_and_optional(report: Report) -> None:
    html = render(report, "html")
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in html
    assert 'id="tools" hidden' in html  # controls appear only when the script runs


def test_html_status_is_readable_without_colour(report: Report) -> None:
    html = render(report, "html")
    for glyph, word in (("✓", "Pass"), ("!", "Warning"), ("✗", "Fail"), ("–", "Skipped")):
        assert f'<span aria-hidden="true">{glyph}</span> {word}</span>' in html


def test_html_opens_groups_with_problems_only(report: Report) -> None:
    html = render(report, "html")
    groups = re.findall(r'<details class="group[^"]*"( open)?><summary>.*?· ([^<]+) <span', html)
    state = {target.strip(): bool(is_open) for is_open, target in groups}
    assert state == {"Organization acme": True, "Token": False, "General": True, "API key": False}


def test_html_is_print_and_dark_mode_ready(report: Report) -> None:
    html = render(report, "html")
    assert "@media print" in html and "prefers-color-scheme:dark" in html


def test_unsafe_remediation_urls_are_never_links() -> None:
    bad = result("github", Status.FAIL, "bad", remediation=[Link(text="Click", url="javascript:alert(1)")])
    report = build_report(RunConfig(), [bad])
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', render(report, "html")))
    assert "](javascript:" not in render(report, "markdown")


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_a_link_to_another_site_is_shown_not_linked(fmt: str) -> None:
    # A report file someone sent can be exported again; its link text may claim GitHub.
    disguised = Link(text="GitHub docs: authorize your token", url="https://github.com.evil.test/login")
    check = result("github", Status.FAIL, "Not authorized", remediation=[disguised, SSO_FIX])
    out = render(build_report(RunConfig(), [check], generated_at=WHEN), fmt)
    assert "https://github.com.evil.test/login" in out  # the real address stays readable
    assert 'href="https://github.com.evil.test' not in out and "](https://github.com.evil.test" not in out
    assert SSO_FIX.url in out


def test_html_escapes_markup_from_check_text() -> None:
    evil = result("github", Status.FAIL, "<script>alert('x')</script>", target='org:"><img src=x onerror=1>',
                  details=["<b>bold</b>"], evidence={"body": "</pre><script>1</script>"})
    html = render(build_report(RunConfig(), [evil]), "html")
    assert html.count("<script") == 1  # only the page's own script
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<img" not in html and "<b>bold" not in html


def test_a_secret_in_a_check_never_appears_in_any_format() -> None:
    cfg = RunConfig.model_validate({"github": {"token": PLAIN_SECRET}})
    leaky = result("github", Status.FAIL, f"Token {PLAIN_SECRET} was rejected", details=[f"used {PLAIN_SECRET}"],
                   evidence={"headers": {"authorization": f"Bearer {PLAIN_SECRET}"}})
    report = build_report(cfg, [leaky])
    for fmt in FORMATS:
        assert PLAIN_SECRET not in render(report, fmt), fmt


def test_a_token_anywhere_in_a_run_never_reaches_any_format() -> None:
    """The report is redacted once, when it is built; renderers add nothing unredacted.
    Secrets are planted in every field a check carries, in keys and nested values."""
    cfg = RunConfig.model_validate({"github": {"token": PLAIN_SECRET}})
    leaky = CheckResult(
        id="github.org.sso", provider="github", target=f"org:{GITHUB_PAT}", title=f"Title {GITHUB_PAT}",
        status=Status.FAIL, summary=f"Token {PLAIN_SECRET} and {GITHUB_PAT} were rejected",
        details=[f"used {GITHUB_PAT}", f"url https://x.test/?access_token={PLAIN_SECRET}"],
        remediation=[Link(text=f"Fix {GITHUB_PAT}", url=f"https://x.test/fix?token={GITHUB_PAT}")],
        help_url=HELP + "github-org-sso",
        evidence={"headers": {"authorization": f"Bearer {PLAIN_SECRET}", "x-api-key": PLAIN_SECRET},
                  "body": [{"note": f"echo {GITHUB_PAT}", GITHUB_PAT: "as a key"}]},
    )
    report = build_report(cfg, [leaky, *sample_results()])
    for fmt in FORMATS:
        out = render(report, fmt)
        assert PLAIN_SECRET not in out and GITHUB_PAT not in out, fmt
        assert "ghp_…" in out, fmt  # masked, not dropped


def test_an_opened_report_file_is_redacted_before_it_is_rendered(report: Report) -> None:
    from aiusage_doctor.core.report import redact_report

    leaky = report.model_copy(update={"checks": [result("github", Status.FAIL, f"token {GITHUB_PAT}")]})
    opened = redact_report(Report.model_validate_json(leaky.model_dump_json()))
    for fmt in FORMATS:
        assert GITHUB_PAT not in render(opened, fmt), fmt


def test_text_output_like_flutter_doctor(report: Report) -> None:
    text = render(report, "text")
    assert "\x1b[" not in text
    lines = text.splitlines()
    assert lines[0].startswith("[✗] GitHub Copilot")
    assert "    [✗] Title of github.org.sso · Organization acme — Token is not authorized for SAML SSO in acme" in lines
    assert f"        → {SSO_FIX.text}: {SSO_FIX.url}" in lines
    assert "        • GitHub answered 403 with X-GitHub-SSO: required" in lines
    assert lines[-1] == "✗ GitHub Copilot · Organization acme: Token is not authorized for SAML SSO in acme. Also 1 warning."


def test_text_says_where_the_shipped_help_is_without_claiming_to_carry_it() -> None:
    check = result("github", Status.FAIL, "Not authorized", check_id="github.org.sso")
    check = check.model_copy(update={"help_url": "docs/checks.md#github-org-sso"})
    report = build_report(RunConfig(), [check], generated_at=WHEN)
    text = render(report, "text")
    assert "docs/checks.md#github-org-sso (in the app's help, and in HTML and Markdown reports" in text
    assert "exported report" not in text  # the text report itself is an export without it
    assert any(t.ref == "docs/checks.md#github-org-sso" for t in report.help)
    assert 'id="help-1"' in render(report, "html")  # where HTML carries it


def test_text_colour_only_when_asked(report: Report) -> None:
    assert "\x1b[31m" in render(report, "text", color=True)


def test_unknown_format_is_rejected(report: Report) -> None:
    with pytest.raises(ValueError, match="markdown"):
        render(report, "pdf")  # type: ignore[arg-type]


def big_report() -> Report:
    results = []
    for org in range(100):
        for n in range(10):
            status = Status.FAIL if n == 3 and org % 7 == 0 else Status.PASS
            results.append(result("github", status, f"check {n} for org {org} <ok>", check_id=f"github.org.c{n}",
                                  target=f"org:org{org:03d}", remediation=[SSO_FIX] if status != Status.PASS else [],
                                  evidence={"status": 200, "url": f"https://api.github.com/orgs/org{org}"}))
    return build_report(RunConfig(), results, generated_at=WHEN)


def test_thousand_check_html_has_every_check_in_one_section_per_org() -> None:
    # Render time is measured by benchmarks/bench_report.py, not here.
    html = render(big_report(), "html")
    assert html.count('<li class="check ') == 1000
    assert html.count('<details class="group') == 100


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_reports_use_the_words_the_app_shows(fmt: str) -> None:
    """A support engineer reads the same words the admin saw on screen: 'Could not check'
    for an error, 'Organization acme' for org:acme."""
    from aiusage_doctor.gui.state import STATUS_WORDS as APP_WORDS
    from aiusage_doctor.gui.state import target_label as app_target_label

    checks = [result("github", Status.ERROR, "api.github.com did not respond in time", check_id="github.org.seats",
                     target="org:acme")]
    out = render(build_report(RunConfig(), checks, generated_at=WHEN), fmt)
    assert APP_WORDS["error"] == "Could not check" and "could not check" in out.lower()
    assert app_target_label("org:acme") == "Organization acme" and "Organization acme" in out
    assert "org:acme" not in out.replace('"org:acme"', "")  # only the JSON-ish attribute may keep the raw id


def test_text_output_keeps_skips_to_one_line() -> None:
    """In a terminal, a run whose sign-in failed lists the checks it skipped one line each;
    their 'fix that first' details are in the files, not repeated on screen."""
    skipped = result("github", Status.SKIP, "Skipped: it needs 'GitHub token sign-in' (github.token.auth), which ended "
                     "in error.", check_id="github.org.seats", target="org:acme",
                     details=["Fix 'GitHub token sign-in' first; this check runs once it passes."],
                     remediation=[Link(text="Fix 'GitHub token sign-in' first", url=HELP + "github-token-auth")])
    text = render(build_report(RunConfig(), [skipped], generated_at=WHEN), "text")
    assert [line for line in text.splitlines() if line.startswith("        ")] == []
    assert "[–] Title of github.org.seats · Organization acme — Skipped: it needs" in text
    markdown = render(build_report(RunConfig(), [skipped], generated_at=WHEN), "markdown")
    assert "Skipped: it needs" in markdown
