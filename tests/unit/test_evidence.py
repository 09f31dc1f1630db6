"""Verdicts carry their evidence: sources with dates, labelled inferences, drift, retirement notices."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import httpx
import respx

from aiusage_doctor.core.catalog_docs import render_checks_markdown
from aiusage_doctor.core.checks import (
    Alternative,
    Catalog,
    CheckSpec,
    Diagnosis,
    Outcome,
    PlannedCheck,
    ProviderDef,
    Source,
)
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import Link, Status
from aiusage_doctor.core.render import render
from aiusage_doctor.core.report import build_report
from aiusage_doctor.core.runner import Runner

DOC = Source(title="Vendor REST reference", url="https://docs.github.com/en/rest/copilot", verified=date(2026, 12, 4))
OLD = Source(title="Vendor concepts page", url="https://docs.github.com/en/copilot/concepts", verified=date(2026, 6, 1))
POLICY = Link(text="Enable the policy", url="https://github.com/enterprises/acme/settings/copilot")
ROLE = Link(text="Ask an owner for the role", url="https://docs.github.com/en/enterprise-cloud@latest/admin")

POLICY_ROW = Diagnosis(
    key="reports.403.policy",
    probe="GET /enterprises/{enterprise}/copilot/metrics/reports/enterprise-28-day/latest",
    answer="403 with the right scopes",
    verdict="The Copilot usage metrics policy of {slug} is disabled",
    status=Status.FAIL,
    links=(POLICY,),
    sources=(DOC,),
    because="the token's scopes are right and GitHub still refuses",
    alternatives=(Alternative(cause="The token's owner is neither an owner nor a billing manager", links=(ROLE,)),),
)
OBSERVED_ROW = Diagnosis(key="reports.200", probe="GET …/latest", answer="200 with download_links",
                         verdict="Reports are ready", status=Status.PASS, sources=(OLD,))
SPEC = CheckSpec(id="demo.reports", title="Reports", probes="GET reports", explains="Reports are refused",
                 diagnoses=(POLICY_ROW, OBSERVED_ROW))
CATALOG = Catalog("demo", [SPEC])


def _run(fn, cfg: RunConfig | None = None):
    provider = ProviderDef(name="demo", title="Demo", catalog=CATALOG,
                           planner=lambda c: [PlannedCheck(SPEC, fn, target="enterprise:acme")],
                           configured=lambda c: True)
    cfg = cfg or RunConfig(providers=["demo"])
    return cfg, asyncio.run(Runner(cfg, providers=[provider]).run())


def test_an_inferred_verdict_says_so_and_keeps_its_alternatives_with_links():
    async def fn(ctx):
        return POLICY_ROW.outcome(slug="acme")

    cfg, results = _run(fn)
    (result,) = results
    assert result.status is Status.FAIL
    assert result.summary == "The Copilot usage metrics policy of acme is disabled"
    assert result.inference is not None and "scopes are right" in result.inference.because
    assert result.inference.alternatives[0].links[0].url == ROLE.url
    assert [s.url for s in result.sources] == [DOC.url]
    assert result.remediation[0].url == POLICY.url
    report = build_report(cfg, results)
    for fmt in ("text", "markdown", "html"):
        out = render(report, fmt)
        assert "This is an inference" in out, fmt
        assert "neither an owner nor a billing manager" in out, fmt
        assert "verified 2026-12-04" in out, fmt


def test_an_observed_verdict_is_not_labelled_an_inference():
    async def fn(ctx):
        return OBSERVED_ROW.outcome()

    cfg, (result,) = _run(fn)
    assert result.inference is None and result.status is Status.PASS
    assert "This is an inference" not in render(build_report(cfg, [result]), "markdown")


def test_without_a_row_the_check_falls_back_to_its_spec_sources():
    async def fn(ctx):
        return Outcome.fail("Refused")

    _, (result,) = _run(fn)
    assert {s.url for s in result.sources} == {DOC.url, OLD.url}


def test_a_network_failure_names_no_vendor_source_for_a_verdict_no_vendor_gave():
    """The request never got an answer: the check's vendor documents (about 403s, scopes)
    don't back "this computer doesn't trust the certificate"; what it saw does."""
    from aiusage_doctor.core.http import FailureKind, HttpFailure

    async def fn(ctx):
        raise HttpFailure(FailureKind.TLS, "api.github.com presented a certificate this computer doesn't trust.",
                          host="api.github.com", details=["TLS said: self-signed certificate."])

    cfg, (result,) = _run(fn)
    assert result.status is Status.ERROR and result.evidence["failure"] == "tls"
    assert result.sources == []
    assert "TLS said: self-signed certificate." in result.details
    assert "Vendor REST reference" not in render(build_report(cfg, [result]), "text")


def test_an_answer_of_unknown_shape_is_a_drift_verdict_with_its_evidence():
    async def fn(ctx):
        return Outcome.unexpected_answer("GitHub", "status 418", evidence={"status": 418})

    cfg, (result,) = _run(fn)
    assert result.status is Status.ERROR and result.unexpected
    assert result.summary.startswith("Unexpected answer from GitHub: its API may have changed")
    assert result.evidence["status"] == 418
    assert "matched no documented shape" in render(build_report(cfg, [result]), "text")


@respx.mock
def test_a_pass_on_an_endpoint_with_a_sunset_header_becomes_a_warning_naming_the_date():
    respx.get("https://api.github.com/reports").mock(
        return_value=httpx.Response(200, json={}, headers={"Sunset": "Sat, 01 May 2027 00:00:00 GMT",
                                                           "Deprecation": "@1767225600"}))

    async def fn(ctx):
        resp = await ctx.http.get("https://api.github.com/reports")
        return OBSERVED_ROW.outcome() if resp.ok else Outcome.fail("no")

    _, (result,) = _run(fn)
    assert result.status is Status.WARN
    assert "retired on 2027-05-01" in result.summary
    assert any("deprecated since 2026-01-01" in d for d in result.details)
    assert any("Passed: Reports are ready" == d for d in result.details)


@respx.mock
def test_an_answer_without_retirement_headers_keeps_its_pass():
    respx.get("https://api.github.com/reports").mock(return_value=httpx.Response(200, json={}))

    async def fn(ctx):
        await ctx.http.get("https://api.github.com/reports")
        return OBSERVED_ROW.outcome()

    _, (result,) = _run(fn)
    assert result.status is Status.PASS


def _report_at(moment: datetime):
    async def fn(ctx):
        return OBSERVED_ROW.outcome()

    cfg, results = _run(fn)
    return build_report(cfg, results, generated_at=moment)


def test_reports_state_the_vendor_knowledge_date_and_flag_it_when_older_than_90_days():
    fresh = _report_at(datetime(2026, 8, 1, tzinfo=UTC))
    assert fresh.knowledge_verified == date(2026, 6, 1) and not fresh.knowledge_stale
    assert "Vendor knowledge verified as of 2026-06-01." in render(fresh, "markdown")
    assert "may be out of date" not in render(fresh, "markdown")
    stale = _report_at(datetime(2026, 12, 4, tzinfo=UTC))
    assert stale.knowledge_stale
    for fmt in ("text", "markdown", "html"):
        assert "may be out of date" in render(stale, fmt), fmt


def test_checks_page_lists_each_diagnosis_with_its_basis_source_and_date():
    page = render_checks_markdown([CATALOG])
    assert "Vendor knowledge verified as of: Demo 2026-06-01." in page or "2026-06-01" in page
    table = page[page.index("**Diagnoses:**"):]
    assert "inference: the token's scopes are right" in table
    assert "otherwise The token's owner is neither" in table
    assert "(2026-12-04)" in table and "observed" in table


def test_waiting_for_a_connection_slot_does_not_count_against_a_checks_time_limit():
    """One request in flight per host and a 1 s limit: the third check queues behind two
    0.6 s answers (1.2 s), but its own request is quick, so it must not time out."""

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.6)
        return httpx.Response(200, json={})

    async def fn(ctx):
        resp = await ctx.http.get(f"https://api.github.com/reports/{ctx.target}")
        return Outcome.passed("answered") if resp.ok else Outcome.fail("no")

    planned = [PlannedCheck(SPEC, fn, target=f"t{i}") for i in range(3)]
    provider = ProviderDef(name="demo", title="Demo", catalog=CATALOG, planner=lambda c: planned,
                           configured=lambda c: True)
    cfg = RunConfig(providers=["demo"], timeout=1.0, concurrency=1)
    results = asyncio.run(Runner(cfg, providers=[provider], transport=httpx.MockTransport(slow)).run())
    assert [r.status for r in results] == [Status.PASS] * 3, [r.summary for r in results]


def test_a_check_cut_off_by_its_time_limit_names_the_request_it_was_waiting_for():
    """When the check's own limit fires first (a late event loop on a busy machine), the
    result names the host and request still pending, not a generic "too slow"."""

    async def never(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(60)
        return httpx.Response(200)

    async def fn(ctx):
        await ctx.http.get("https://api.github.com/user")
        return Outcome.passed("answered")

    planned = [PlannedCheck(SPEC, fn, target="token")]
    provider = ProviderDef(name="demo", title="Demo", catalog=CATALOG, planner=lambda c: planned,
                           configured=lambda c: True)
    cfg = RunConfig(providers=["demo"], timeout=1.0)
    (result,) = asyncio.run(Runner(cfg, providers=[provider], transport=httpx.MockTransport(never)).run())
    assert result.status is Status.ERROR
    assert result.summary.startswith("api.github.com did not respond in time while connecting (gave up after ")
    assert "when the check's time limit ran out" in result.summary
    assert result.evidence.get("request") == "GET /user"


def test_a_request_whose_headers_were_sent_is_waiting_for_the_answer():
    from aiusage_doctor.core.http import InFlight

    flight = InFlight("GET", "api.github.com", "/user")
    asyncio.run(flight.trace("connection.connect_tcp.complete", {}))
    assert flight.phase == "connecting"
    asyncio.run(flight.trace("http11.send_request_headers.started", {}))
    assert "while waiting for the answer (gave up after 10.0 s," in flight.timeout_summary(10)
