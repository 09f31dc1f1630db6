"""Headlines, inference sentences and root-cause lines read as whole sentences."""

from __future__ import annotations

from aiusage_doctor.core.rootcause import first_sentence, shorten


def test_a_quoted_vendor_message_is_not_cut_at_its_own_full_stop() -> None:
    summary = ("OpenAI refused the key (HTTP 401 “Incorrect API key provided. You can find your API key at "
               "https://platform.openai.com/account/api-keys.”): most likely it is wrong. Make a new key.")
    assert first_sentence(summary) == summary.split(". Make")[0]
    assert first_sentence('Vendor said "Bad key. Try again" today. Fix it.') == 'Vendor said "Bad key. Try again" today'
    assert first_sentence("It isn't on. Turn it on.") == "It isn't on"
    assert first_sentence("Plain first. Second.") == "Plain first"


def test_an_unclosed_quote_keeps_the_whole_summary() -> None:
    assert first_sentence("Refused (HTTP 401 “Bad key. Try again.") == "Refused (HTTP 401 “Bad key. Try again"


def test_a_long_root_cause_title_is_cut_at_a_word_boundary() -> None:
    title = "GitHub Copilot: " + "organization " * 10
    short = shorten(title.strip())
    assert len(short) <= 90 and short.endswith("organization…")
    assert shorten("short title") == "short title"


def test_the_likely_cause_keeps_its_subject_and_stops_at_the_clause_end() -> None:
    from aiusage_doctor.core.checks import likely_cause

    assert likely_cause("Claude Code usage most likely flows through Claude.ai subscriptions, which the Admin "
                        "API can't see. Ask them.") == \
        "Claude Code usage flows through Claude.ai subscriptions, which the Admin API can't see"
    assert likely_cause("GitHub answers 403: most likely the policy isn't 'Enabled everywhere': an owner must set "
                        "it.") == "the policy isn't 'Enabled everywhere'"
    assert likely_cause("Refused: most likely octo lacks a role; otherwise the policy is off.") == "octo lacks a role"
    assert likely_cause("The token expired.") == "The token expired"


def test_the_inference_sentence_lowercases_only_ordinary_words() -> None:
    from aiusage_doctor.core.models import CheckResult, InferenceInfo as Inference, Status
    from aiusage_doctor.core.render.common import inference_sentence

    def sentence(likely: str) -> str:
        check = CheckResult(id="x.y", provider="anthropic", title="T", target="token", status=Status.WARN, summary="s",
                            inference=Inference(likely=likely, because="reasons"))
        return inference_sentence(check) or ""

    assert "most likely usage flows" in sentence("Usage flows")
    assert "most likely Claude Code usage flows" in sentence("Claude Code usage flows")


def test_one_portal_page_answering_for_several_apis_is_one_cause_with_network_help() -> None:
    from aiusage_doctor.core.models import CheckResult, Link, Status
    from aiusage_doctor.core.rootcause import root_causes

    def portal(check_id: str, provider: str, host: str) -> CheckResult:
        return CheckResult(
            id=check_id, provider=provider, title="Sign-in", target="token", status=Status.ERROR,
            summary=f"Expected a JSON answer from {host} but got a web page (HTTP 200). A portal answered.",
            evidence={"failure": "not_json", "host": host, "status": 200}, help_url="docs/checks.md#x",
            remediation=[Link(text="Allow the API host", url="docs/network.md#html-instead-of-json")])

    [cause] = root_causes([portal("github.token.auth", "github", "api.github.com"),
                           portal("cursor.key.auth", "cursor", "api.cursor.com")])
    assert "api.github.com" in cause.title and "api.cursor.com" in cause.title
    assert cause.help is not None and cause.help.url.endswith("network.md#html-instead-of-json")


def test_counts_agree_in_number_and_page_starts_read_as_text() -> None:
    from aiusage_doctor.core.http import page_start
    from aiusage_doctor.core.models import CheckResult, Status
    from aiusage_doctor.core.render.common import tally

    warn = CheckResult(id="a.b", provider="github", title="T", target="token", status=Status.WARN, summary="s")
    assert tally([warn]) == "1 warning"
    assert tally([warn, warn.model_copy(update={"target": "org:x"})]) == "2 warnings"
    assert page_start("<!DOCTYPE html>\n<html lang='en'>\x07<title>Sign in</title>") == \
        "<!DOCTYPE html> <html lang='en'><title>Sign in</title>"


def test_the_html_root_cause_list_says_1_check_affected() -> None:
    from datetime import UTC, datetime

    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult, Status
    from aiusage_doctor.core.render import render
    from aiusage_doctor.core.report import build_report

    fail = CheckResult(id="a.b", provider="github", title="T", target="token", status=Status.FAIL, summary="Bad.")
    warn = CheckResult(id="c.d", provider="cursor", title="U", target="token", status=Status.WARN, summary="Odd.")
    shared = [CheckResult(id="e.f", provider="github", title="V", target=f"org:{org}", status=Status.FAIL,
                          summary="Off.", cause="The policy is off") for org in ("a", "b")]
    results = [fail, warn, *shared]
    page = render(build_report(RunConfig(), results, generated_at=datetime(2026, 12, 4, tzinfo=UTC)), "html")
    assert "(1 check affected)" in page and "1 checks" not in page


def test_a_root_cause_names_its_target_once() -> None:
    from aiusage_doctor.core.models import CheckResult, Status
    from aiusage_doctor.core.rootcause import root_causes

    def failed(target: str, summary: str) -> CheckResult:
        return CheckResult(id="github.org.sso", provider="github", title="SSO", target=target,
                           status=Status.FAIL, summary=summary)

    [named] = root_causes([failed("org:acme-labs", "Organization acme-labs uses SAML single sign-on. Authorize it.")])
    assert named.title == "GitHub Copilot: Organization acme-labs uses SAML single sign-on"
    [unnamed] = root_causes([failed("org:acme-labs", "The token isn't authorized for SAML single sign-on.")])
    assert unnamed.title == ("GitHub Copilot · Organization acme-labs: "
                             "The token isn't authorized for SAML single sign-on")
