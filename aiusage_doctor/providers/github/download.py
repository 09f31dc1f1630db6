"""The report-download probe: the first bytes of one signed report file, fetched without
the GitHub token, to prove the download host is reachable.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from aiusage_doctor.core.checks import CheckContext, Outcome
from aiusage_doctor.core.http import FailureKind, HttpFailure, host_of, page_start
from aiusage_doctor.providers.github.common import _site
from aiusage_doctor.providers.github.links import DOC_ALLOWLIST, DOC_USAGE_API, REPORT_HOSTS


# -------------------------------------------------------------------------- downloads

_BLOCKED_KINDS = {
    FailureKind.DNS, FailureKind.REFUSED, FailureKind.CONNECT, FailureKind.TLS, FailureKind.TIMEOUT,
    FailureKind.PROXY, FailureKind.PROXY_AUTH, FailureKind.RESET, FailureKind.REDIRECT,
    FailureKind.INSECURE_URL, FailureKind.NOT_JSON,
}


def _safe_link(url: str) -> str:
    """A download link as it may be shown: without its signature (query string), fragment or
    any user:password@ part (a server chose the link; it may carry credentials)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


async def check_reports_download(ctx: CheckContext) -> Outcome:
    """Fetch the first bytes of a report file, without the GitHub token, to prove the host is reachable."""
    link = ctx.params["link"]
    host = host_of(link)
    allow = ", ".join(dict.fromkeys([host, *REPORT_HOSTS]))
    shown = _safe_link(link)
    ev: dict[str, Any] = {"request": f"GET {shown}", "host": host, "report_of": ctx.params.get("source")}
    fix = [DOC_USAGE_API, DOC_ALLOWLIST]
    try:
        resp = await ctx.http.get(link, expect_json=False, max_body_bytes=4096, body_limit_is_probe=True, memo=False)
    except HttpFailure as failure:
        if failure.kind not in _BLOCKED_KINDS:
            raise
        ev.update(failure.evidence())
        return Outcome.fail(
            f"This computer can't reach the Copilot report download host {host}, so report files "
            f"can't be downloaded: ask the network team to allow {allow} (without it every analytics "
            "product sees no data).",
            details=[
                f"GET {shown} (signed link from {ctx.params.get('source')}; no GitHub token sent).",
                f"What happened: {failure.cause}",
                *failure.details,
                f"GitHub's API ({host_of(_site(ctx.config).api)}) answered, but report files come from a "
                "separate host; firewalls and proxies that only allow the API host block this second step.",
            ],
            remediation=list(failure.remediation) + fix,
            evidence=ev,
        )
    ev["status"] = resp.status
    if 200 <= resp.status < 300:
        return Outcome.passed(
            f"Report files can be downloaded from {host} (HTTP {resp.status}; only the first "
            f"{len(resp.body)} bytes were read).",
            details=[f"GET {shown} → HTTP {resp.status}; no GitHub token was sent to this host."],
            evidence=ev,
        )
    page = resp.is_html
    cause = (
        "a web page answered instead (a proxy or firewall block page)" if page
        else "the signed link expired or a proxy refused it" if resp.status in (401, 403)
        else "the file wasn't found (the link may have expired)" if resp.status == 404
        else f"it answered HTTP {resp.status}"
    )
    return Outcome.fail(
        f"Downloading a Copilot report file from {host} failed (HTTP {resp.status}): {cause}. "
        f"Make sure {allow} is allowed through the proxy and firewall.",
        details=[f"GET {shown} → HTTP {resp.status}", f"Start of the answer: “{page_start(resp.text)}”"],
        remediation=fix,
        evidence=ev,
    )


async def _no_report_link(ctx: CheckContext) -> Outcome:
    return Outcome.skip(
        "No Copilot usage report produced a download link, so the report download host couldn't be "
        "tested; fix the usage-report checks above first."
    )


