"""What a finished check becomes: one redacted `CheckResult` with its help, sources and links.

Kept apart from the scheduling so the rules a verdict follows on its way out (a retiring
endpoint turns a pass into a warning, a network failure points at the network help, nothing
raw leaves unredacted) read in one place.
"""

from __future__ import annotations

import time

from aiusage_doctor.core.branding import DOCS_BASE, SUPPORT_EMAIL
from aiusage_doctor.core.catalog_docs import help_url_for
from aiusage_doctor.core.checks import CheckKey, CheckSpec, Inference, Outcome, PlannedCheck, Source
from aiusage_doctor.core.http import NETWORK_HELP, NETWORK_KINDS, ApiNotice
from aiusage_doctor.core.models import (
    AlternativeCause,
    CheckRef,
    CheckResult,
    InferenceInfo,
    Link,
    SourceRef,
    Status,
)
from aiusage_doctor.core.redact import mask_emails, redact_obj
from aiusage_doctor.core.untrusted import clean_tree
from aiusage_doctor.core.vendors import GITHUB_API_VERSIONS_DOCS, GITHUB_CHANGELOG

DOCS_BUG_HELP = DOCS_BASE + "security.md#what-is-redacted"

BUG_REPORT = (
    Link(text="Email the exported report to support", url=f"mailto:{SUPPORT_EMAIL}") if SUPPORT_EMAIL
    else Link(text="Export the report (secrets are removed) and send it to your support contact",
              url=DOCS_BUG_HELP)
)


RETIRING_HELP = NETWORK_HELP + "#endpoint-retiring"
"""The app's own page on Deprecation/Sunset answers, for vendors without a known page."""

_RETIREMENT_LINKS: dict[str, tuple[Link, ...]] = {
    "github": (Link(text="GitHub REST API versions and breaking changes", url=GITHUB_API_VERSIONS_DOCS),
               Link(text="GitHub changelog (retirement notices)", url=GITHUB_CHANGELOG)),
}


def _apply_notices(outcome: Outcome, notices: list[ApiNotice], provider: str = "") -> None:
    """A pass on an endpoint its vendor is retiring is a warning, with the vendor's pages on
    API versions (not the check's failure fixes, which don't apply), and one shared cause so
    one retirement is counted once. Other verdicts keep their status and gain the notice as
    a detail."""
    lines = [notice.line() for notice in notices]
    if outcome.status is Status.PASS:
        sunset = next((n for n in notices if n.header == "sunset"), None)
        deprecation = next((n for n in notices if n.header == "deprecation"), None)
        first = sunset or deprecation or notices[0]
        if sunset is not None:
            what = f"being retired on {sunset.when}: the data will stop coming then"
        elif deprecation is not None:
            when = (f"will be deprecated on {deprecation.when}" if deprecation.in_future
                    else f"was deprecated on {deprecation.when}")
            what = f"marked deprecated ({when}); the vendor has not announced a retirement date"
        else:
            what = "marked as being retired; the vendor has not announced a retirement date"
        outcome.details = [f"Passed: {outcome.summary}", *outcome.details]
        outcome.summary = f"Works today, but {first.host} says an endpoint this check uses is {what}."
        outcome.status = Status.WARN
        outcome.remediation = list(_RETIREMENT_LINKS.get(provider, (
            Link(text="What an endpoint retirement notice means", url=RETIRING_HELP),)))
        outcome.cause = f"{first.host} is retiring API endpoints these checks use"
    outcome.details = [*outcome.details, *lines]
    outcome.evidence = {**outcome.evidence, "api_notices": lines}


def _source_ref(source: Source) -> SourceRef:
    return SourceRef(title=source.title, url=source.url, verified=source.verified)


def _inference_info(inference: Inference | None) -> InferenceInfo | None:
    if inference is None:
        return None
    return InferenceInfo(
        likely=inference.likely,
        because=inference.because,
        alternatives=[AlternativeCause(cause=a.cause, links=list(a.links)) for a in inference.alternatives],
    )


def make_result(
    check: PlannedCheck,
    outcome: Outcome,
    *,
    provider: str,
    secrets: list[str],
    started: float,
    blocked_by: CheckSpec | None = None,
    blocker: CheckKey | None = None,
    cancelled: bool = False,
) -> CheckResult:
    """The result of `check` on `provider`, cleaned of control characters and of `secrets`."""
    spec = check.spec
    remediation = list(outcome.remediation)
    if outcome.status.is_problem and not remediation:
        remediation = list(spec.remediation)
    if blocked_by is not None:
        remediation = [Link(text=f"Fix '{blocked_by.title}' first", url=help_url_for(blocked_by))]
    help_url = help_url_for(spec)
    sources = outcome.sources or spec.all_sources()
    if outcome.status.is_problem and outcome.evidence.get("failure") in NETWORK_KINDS:
        # The check never got its question answered: its own help (about 401s, scopes...)
        # would mislead; the help that applies is about the network. Nor do the vendor's
        # documents back this verdict: it rests on what this computer saw (the evidence).
        help_url = next((link.url for link in remediation if link.url.startswith(NETWORK_HELP)),
                        f"{NETWORK_HELP}#{outcome.evidence['failure']}")
        sources = list(outcome.sources)
    result = CheckResult(
        id=spec.id,
        provider=provider,
        target=check.target,
        title=spec.title,
        status=outcome.status,
        summary=outcome.summary,
        details=list(outcome.details),
        remediation=remediation,
        evidence=mask_emails(dict(outcome.evidence)),
        duration_ms=int((time.perf_counter() - started) * 1000),
        sources=[_source_ref(s) for s in sources],
        inference=_inference_info(outcome.inference),
        unexpected=outcome.unexpected,
        diagnosis=outcome.diagnosis,
        help_url=help_url,
        blocked_by=CheckRef(id=blocker[0], target=blocker[1]) if blocker else None,
        cancelled=cancelled,
        cause=outcome.cause,
    )
    # Control and bidi characters out of every string (a provider may quote a header
    # the adapter didn't clean), then secrets: nothing raw leaves the runner.
    cleaned = clean_tree(result.model_dump(), newlines=True, max_depth=200)
    return CheckResult.model_validate(redact_obj(cleaned, secrets))
