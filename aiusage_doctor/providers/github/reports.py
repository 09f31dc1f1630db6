"""The usage-metrics *report* endpoints (28-day latest and a 1-day report) shared by the
enterprise and organization checks, and the organization report check.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from aiusage_doctor.core.checks import CheckContext, Outcome, Source
from aiusage_doctor.core.http import Response, host_of
from aiusage_doctor.core.models import Link
from aiusage_doctor.providers.github import rows_enterprise as E
from aiusage_doctor.providers.github import rows_orgs as O
from aiusage_doctor.providers.github import sources as S
from aiusage_doctor.providers.github.catalog import F_LINKS
from aiusage_doctor.providers.github.common import (
    _evidence,
    _get,
    _ghes_outcome,
    _http_line,
    _message,
    _report_day,
    _site,
)
from aiusage_doctor.providers.github.denials import _org_block, _org_denial, _sso_outcome, _sso_required
from aiusage_doctor.providers.github.links import (
    DOC_DATA_FRESHNESS,
    DOC_LEGACY_CLOSED,
    DOC_TROUBLESHOOTING,
    DOC_USAGE_API,
    LEGACY_CLOSED,
    MAX_DOWNLOAD_HOSTS,
    ORG_LEGACY_METRICS,
    ORG_REPORTS_START,
    ORG_REPORT_1,
    ORG_REPORT_28,
    REPORT_DELAY_DAYS,
    SCOPES_ORG_REPORTS,
    link_org_policies,
)


# --------------------------------------------------------------------------- reports


def _report_links(resp: Response) -> list[str]:
    body = resp.json_or_none()
    links = body.get("download_links") if isinstance(body, dict) else None
    return [u for u in links if isinstance(u, str) and u.startswith(("https://", "http://"))] if isinstance(links, list) else []


def _one_day_line(resp: Response | None, day: date | None, start: date, level: str) -> tuple[str, bool]:
    """(detail line, problem?) about the 1-day report."""
    first = f"{level.lower()} reports start {start.isoformat()}"
    if day is None:
        return (f"No 1-day report probed: {first}, and GitHub needs {REPORT_DELAY_DAYS} days to "
                f"publish one (the first should appear around {(start + timedelta(days=REPORT_DELAY_DAYS)).isoformat()}).", True)
    assert resp is not None
    if resp.status == 200:
        n = len(_report_links(resp))
        return (f"The 1-day report for {day.isoformat()} is available ({n} file{'s' if n != 1 else ''}).", False)
    if resp.status in (204, 404):
        return (
            f"The 1-day report for {day.isoformat()} isn't generated yet (HTTP {resp.status}). GitHub "
            f"publishes each day within 2–3 full UTC days after it ends ({first}); a day without any "
            "Copilot activity may have no report at all.",
            True,
        )
    return (f"The 1-day report for {day.isoformat()} answered HTTP {resp.status}"
            + (f": \"{_message(resp)}\"" if _message(resp) else "") + ".", True)


async def _legacy_line(ctx: CheckContext, path: str) -> tuple[str, Response]:
    resp = await _get(ctx, path)
    if resp.status == 404:
        line = (
            f"The legacy endpoint GET {path} also answers 404: it was retired on "
            f"{LEGACY_CLOSED.isoformat()}, as expected. An integration still calling it must move to "
            "the report endpoints."
        )
    elif resp.status == 422:
        line = (f"The legacy endpoint GET {path} answers 422 (\"{_message(resp)}\"); before its retirement "
                "that answer meant the metrics policy was disabled.")
    else:
        line = f"The legacy endpoint GET {path} answers HTTP {resp.status}."
    return line, resp


def _store_links(ctx: CheckContext, *responses: Response | None) -> tuple[list[str], int]:
    """One link per download host (at most MAX_DOWNLOAD_HOSTS hosts) for the download probe,
    and how many distinct hosts the answers named in all. A report may list many files;
    only a few hosts are ever probed (linear in the number of links)."""
    per_host: dict[str, str] = {}
    hosts: set[str] = set()
    for resp in responses:
        if resp is not None and resp.status == 200:
            for url in _report_links(resp):
                host = host_of(url)
                if not host:
                    continue
                hosts.add(host)
                if host not in per_host and len(per_host) < MAX_DOWNLOAD_HOSTS:
                    per_host[host] = url
    links = list(per_host.values())
    if links:
        ctx.facts.setdefault(F_LINKS, {})[ctx.target] = links
    return links, len(hosts)


async def _fetch_reports(ctx: CheckContext, path28: str, path1: str, day: date | None) -> tuple[Response, Response | None]:
    if day is None:
        r28, r1 = await _get(ctx, path28), None
    else:
        r28, r1 = await asyncio.gather(_get(ctx, path28), _get(ctx, path1, params={"day": day.isoformat()}))
    for resp in (r28, r1):
        if resp is not None and resp.status == 200:
            resp.json()  # a broken answer raises (an error with its cause), not "no files yet"
    return r28, r1


REPORT_28_FIELDS = ("download_links", "report_start_day", "report_end_day")
"""Required by GitHub's schema `copilot-usage-metrics-28-day-report` (OpenAPI 2026-03-10)."""
DOCUMENTED_ERRORS = frozenset({401, 403, 404})
"""Refusals the report operations can answer (OpenAPI: 403, 404, 500; 401 for any bad token).
A 5xx is GitHub failing; any other status is undocumented: the API may have changed."""


def _drift(resp: Response, what: str, source: Source) -> Outcome:
    """An answer no documented shape fits: say so, with the evidence, instead of guessing."""
    return Outcome.unexpected_answer(
        "GitHub", what, evidence=_evidence(resp), details=[_http_line(resp)],
        remediation=[DOC_USAGE_API, DOC_TROUBLESHOOTING], sources=[source],
    )


def _report_shape_drift(r28: Response, source: Source) -> Outcome | None:
    """A 200 whose body lacks a field the schema requires (or isn't an object)."""
    body = r28.json_or_none()
    if not isinstance(body, dict):
        return _drift(r28, "the 28-day report answer isn't a JSON object", source)
    missing = [f for f in REPORT_28_FIELDS if f not in body]
    if missing or not isinstance(body.get("download_links"), list):
        return _drift(r28, "the 28-day report answer lacks " + ", ".join(f"`{f}`" for f in missing or
                                                                            ["a `download_links` list"]), source)
    return None


def _undocumented_status(r28: Response, source: Source) -> Outcome | None:
    if r28.status in DOCUMENTED_ERRORS or r28.status >= 500 or r28.status in (200, 204):
        return None
    return _drift(r28, f"HTTP {r28.status}, a status the report endpoint doesn't document", source)


def _report_pass(ctx: CheckContext, label: str, r28: Response, r1: Response | None, day: date | None,
                 start: date, level: str, fix: list[Link]) -> Outcome:
    body = r28.json_or_none()
    body = body if isinstance(body, dict) else {}
    period = f"{body.get('report_start_day', '?')} to {body.get('report_end_day', '?')}"
    links, host_count = _store_links(ctx, r28, r1)
    line, problem = _one_day_line(r1, day, start, level)
    ev = _evidence(r28, r1, body=False)
    hosts = sorted(host_of(u) for u in links)
    details = [_http_line(r28), line]
    if hosts:
        more = host_count - len(hosts)
        details.append(
            f"Report files are served from {', '.join(hosts)}"
            + (f" and {more} more host{'s' if more != 1 else ''} (only {MAX_DOWNLOAD_HOSTS} are probed)" if more else "")
            + " (checked separately)."
        )
    if not _report_links(r28):
        return Outcome.warn(
            f"{label}'s latest 28-day report ({period}) lists no files to download yet.",
            details=details, remediation=[DOC_DATA_FRESHNESS, DOC_USAGE_API], evidence=ev,
        )
    summary = f"{label}'s Copilot usage reports are available: the latest 28-day report covers {period}."
    if problem:
        late = r1 is None or r1.status in (204, 404)
        return Outcome.warn(
            f"{label}'s 28-day report ({period}) is available, but the most recent 1-day report "
            + ("isn't published yet." if late else f"couldn't be read (HTTP {r1.status if r1 else '?'})."),
            details=details, remediation=fix, evidence=ev,
        )
    row = E.REPORTS_OK if level == "Enterprise" else O.REPORTS_OK
    return row.outcome(summary, details=details, evidence=ev)


async def check_org_usage(ctx: CheckContext) -> Outcome:
    """The org's latest 28-day report and the 1-day report of today − 3 days."""
    site = _site(ctx.config)
    org = ctx.params["org"]
    if site.kind == "ghes":
        return _ghes_outcome(site, "usage reports")
    day = _report_day(ORG_REPORTS_START)
    r28, r1 = await _fetch_reports(ctx, ORG_REPORT_28.format(org=org), ORG_REPORT_1.format(org=org), day)
    label = f"Organization {org}"
    fix = [DOC_DATA_FRESHNESS, DOC_USAGE_API]
    if r28.status == 200:
        return _report_shape_drift(r28, S.API_ORG_REPORT_28) or _report_pass(
            ctx, label, r28, r1, day, ORG_REPORTS_START, "Organization", fix)
    if (drift := _undocumented_status(r28, S.API_ORG_REPORT_28)) is not None:
        return drift
    if r28.status == 204:
        return Outcome.warn(
            f"{org}'s 28-day report isn't generated yet (HTTP 204): GitHub needs 2–3 days after "
            f"Copilot usage starts (organization reports start {ORG_REPORTS_START.isoformat()}).",
            details=[_http_line(r28), _one_day_line(r1, day, ORG_REPORTS_START, "Organization")[0]],
            remediation=fix, evidence=_evidence(r28, r1),
        )
    if r28.status in (401, 403):
        return await _org_denial(ctx, org, r28, "Copilot usage reports", scopes_needed=SCOPES_ORG_REPORTS,
                                 fg_permission='"Organization Copilot metrics" (read)', policy=True)
    if r28.status == 404:
        if _sso_required(r28):
            return _sso_outcome(label, r28, site)
        legacy, legacy_resp = await _legacy_line(ctx, ORG_LEGACY_METRICS.format(org=org))
        # GitHub may hide a forbidden report behind 404: name a wrong scope or role first.
        blocked, _, _ = await _org_block(ctx, org, r28, "Copilot usage reports", scopes_needed=SCOPES_ORG_REPORTS,
                                         fg_permission='"Organization Copilot metrics" (read)', reports=True)
        if blocked is not None:
            blocked.details.append(legacy)
            return blocked
        return Outcome.fail(
            f"GitHub has no Copilot usage report for {org} (HTTP 404), although the organization is visible.",
            details=[
                _http_line(r28),
                legacy,
                "Possible causes: Copilot usage metrics aren't available for this organization (no "
                "Copilot Business/Enterprise seats, or the 'Copilot usage metrics' policy was never "
                "enabled), or the organization started using Copilot less than 3 days ago.",
            ],
            remediation=[link_org_policies(site.web, org), DOC_USAGE_API, DOC_LEGACY_CLOSED],
            evidence=_evidence(r28, legacy_resp),
        )
    msg = _message(r28)
    return Outcome.fail(
        f"GitHub answered HTTP {r28.status} for {org}'s usage report" + (f": \"{msg}\"." if msg else "."),
        details=[_http_line(r28)], remediation=[DOC_USAGE_API, DOC_TROUBLESHOOTING], evidence=_evidence(r28),
    )


