"""Turn a run's check results into the `Report` an admin exports for support.

This is the last point where raw data can still be caught: the whole report,
including free-text summaries and HTTP evidence, goes through the redactor with the
run's own secrets before anyone can render, copy or save it.
"""

from __future__ import annotations

import os
import platform
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta

from aiusage_doctor import __version__
from aiusage_doctor.core.branding import APP_NAME
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import (
    CheckResult,
    Environment,
    HelpTopic,
    Report,
    RootCause,
    RunState,
    Status,
    Summary,
    ToolInfo,
    Verdict,
)
from aiusage_doctor.core.rootcause import root_causes
from aiusage_doctor.core.labels import STATUS_WORDS as WORDS
from aiusage_doctor.core.labels import is_run_target, plural, provider_rank, provider_title
from aiusage_doctor.core.redact import redact, redact_obj

PROXY_VARIABLES = frozenset({"HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"})

STATUS_GLYPHS: dict[Status, str] = {
    Status.PASS: "✓",
    Status.WARN: "!",
    Status.FAIL: "✗",
    Status.SKIP: "–",
    Status.ERROR: "⚠",
}
"""One glyph per status; always shown next to a word so colour is never the only cue."""

STATUS_WORDS: dict[Status, str] = {status: WORDS[status.value] for status in Status}
"""The word for each status, the same in the app and in every report format."""


def status_label(status: Status) -> str:
    """'✗ Fail', '! Warning'...: the label every format uses for a status."""
    return f"{STATUS_GLYPHS[status]} {STATUS_WORDS[status]}"


# --- environment ----------------------------------------------------------------------


def os_description() -> str:
    """OS family and version only ("Linux 6.1", "macOS 14.4", "Windows 11").

    `platform.platform()` and `uname()` include the host name or distro build
    strings; support only needs the family and major version.
    """
    system = platform.system() or "Unknown"
    if system == "Darwin":
        release = platform.mac_ver()[0] or platform.release()
        return f"macOS {release}".strip()
    release = platform.release()
    if system == "Linux":
        release = ".".join(release.split("-")[0].split(".")[:2])
    return f"{system} {release}".strip()


def proxy_in_use(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a proxy variable is set (any case), the usual cause of TLS and 407 errors.

    Only the fact is reported: proxy URLs often embed a user name and password.
    """
    env = os.environ if environ is None else environ
    return any(key.upper() in PROXY_VARIABLES and value.strip() for key, value in env.items())


def build_environment(config: RunConfig) -> Environment:
    return Environment(
        os=os_description(),
        python=platform.python_version(),
        app_version=__version__,
        proxy_in_use=proxy_in_use() or bool(config.proxy_url),
        simulated=config.demo_scenario is not None,
    )


# --- summary --------------------------------------------------------------------------


def providers_in(results: Iterable[CheckResult]) -> list[str]:
    """Providers that produced results, in the app's provider order."""
    seen = dict.fromkeys(r.provider for r in results)
    return sorted(seen, key=provider_rank)


def count_statuses(results: Iterable[CheckResult]) -> dict[str, int]:
    """Counts per status with every key present, so readers never need a default."""
    counter = Counter(r.status for r in results)
    return {status.value: counter.get(status, 0) for status in Status}


def verdict_of(counts: Mapping[str, int]) -> Verdict:
    """'problems' when anything failed or could not be checked, 'warnings' for warnings only."""
    if counts[Status.FAIL.value] or counts[Status.ERROR.value]:
        return "problems"
    if counts[Status.WARN.value]:
        return "warnings"
    return "ok"


NOTHING_CHECKED = "Nothing was checked: every check was skipped."


def cancelled_headline(run: RunState) -> str:
    """'Run cancelled: 12 of 40 checks finished — this is not a clean bill of health.' (or
    'Run did not finish: …' for a run that ended early without being cancelled)."""
    if run.checks_planned is not None and run.checks_finished is not None:
        done = f"{run.checks_finished} of {plural(run.checks_planned, 'check')} finished"
    else:
        done = "not every check finished"
    how = "Run cancelled" if run.cancelled else "Run did not finish"
    return f"{how}: {done} — this is not a clean bill of health."


def _problems_headline(causes: list[RootCause], problem_providers: list[str], total: int) -> str:
    """Root causes, not symptoms: a single cause is named; several are counted."""
    problems = [c for c in causes if c.status in (Status.FAIL, Status.ERROR)]
    warnings = len(causes) - len(problems)
    if len(problems) > 1:
        return (f"Found {plural(len(problems), 'problem')} in {len(problem_providers)} of "
                f"{plural(total, 'provider')}.")
    first = problems[0]
    affected = len(first.checks) + len(first.consequences)
    headline = first.title + (f" ({plural(affected, 'check')} affected)." if affected > 1 else ".")
    if warnings:
        headline += f" Also {plural(warnings, 'warning')}."
    return headline


def headline_for(verdict: Verdict, counts: Mapping[str, int], providers: list[str],
                 problem_providers: list[str], checked_providers: list[str] | None = None,
                 causes: list[RootCause] | None = None, run: RunState | None = None) -> str:
    """One flutter-doctor style sentence that tells the admin where things stand.

    "No problems found" only counts providers where something was actually checked (a
    provider skipped entirely proves nothing), and never appears for a cancelled run.
    Problems are counted by root cause (see core/rootcause.py), and a single cause is named.
    """
    if run is not None and run.stopped_early:
        headline = cancelled_headline(run)
        if any(counts.get(s.value, 0) for s in (Status.WARN, Status.FAIL, Status.ERROR)):
            found = headline_for(verdict, counts, providers, problem_providers, checked_providers, causes)
            headline += f" Found so far: {found}"
        return headline
    total = len(providers)
    if not total:
        return "No checks were run."
    if verdict == "problems":
        if causes and any(c.status in (Status.FAIL, Status.ERROR) for c in causes):
            return _problems_headline(causes, problem_providers, total)
        return f"Found problems in {len(problem_providers)} of {plural(total, 'provider')}."
    if verdict == "warnings":
        n = len(causes) if causes else counts[Status.WARN.value]
        if not n:  # a cancelled run's 'warnings' verdict carries no warning of its own
            n = counts[Status.WARN.value]
        return f"Found {plural(n, 'warning')} in {plural(len(problem_providers), 'provider')}."
    checked = total if checked_providers is None else len(checked_providers)
    if not checked:
        return NOTHING_CHECKED
    return f"No problems found in {plural(checked, 'provider')}."


def build_summary(results: list[CheckResult], run: RunState | None = None,
                  causes: list[RootCause] | None = None) -> Summary:
    """Counts, verdict and headline. A provider "has problems" when any of its checks
    warns, fails or errors (`Status.is_problem`); `providers_with_problems` holds ids.
    A cancelled run is never 'ok': at best it is 'warnings' (it proves nothing)."""
    counts = count_statuses(results)
    providers = providers_in(results)
    problem_providers = providers_in(r for r in results if r.status.is_problem)
    checked = providers_in(r for r in results if r.status is not Status.SKIP)
    causes = root_causes(results) if causes is None else causes
    verdict = verdict_of(counts)
    if run is not None and run.stopped_early and verdict == "ok":
        verdict = "warnings"
    elif verdict == "ok" and not checked:
        verdict = "empty"  # a script must not read "nothing was checked" as a pass
    return Summary(
        counts=counts,
        verdict=verdict,
        headline=headline_for(verdict, counts, providers, problem_providers, checked, causes, run),
        providers_with_problems=problem_providers,
        root_causes=sum(1 for c in causes if c.status in (Status.FAIL, Status.ERROR)),
    )


# --- vendor knowledge -----------------------------------------------------------------

KNOWLEDGE_MAX_AGE = timedelta(days=90)
"""Vendor rules older than this may no longer match the APIs: the report says so."""


def knowledge_verified(results: Iterable[CheckResult]) -> date | None:
    """The oldest verification date among the sources of the verdicts in this run: the
    report is only as current as its oldest rule."""
    dates = [source.verified for r in results for source in r.sources]
    return min(dates) if dates else None


def knowledge_is_stale(verified: date | None, moment: datetime) -> bool:
    return verified is not None and moment.date() - verified > KNOWLEDGE_MAX_AGE


def knowledge_line(report: Report) -> str:
    """'Vendor knowledge verified as of 2026-12-04.' plus a warning when it is old."""
    if report.knowledge_verified is None:
        return "No vendor sources were involved in these verdicts."
    line = f"Vendor knowledge verified as of {report.knowledge_verified.isoformat()}."
    if report.knowledge_stale:
        days = (report.generated_at.date() - report.knowledge_verified).days
        line += (f" That is {days} days before this run: the vendors' APIs may have changed since, "
                 f"so the rules may be out of date. Update {APP_NAME}.")
    return line


# --- embedded help --------------------------------------------------------------------


def help_topics(results: Iterable[CheckResult], causes: Iterable[RootCause] = ()) -> list[HelpTopic]:
    """The help sections the results refer to (their help link, network fix links), read
    from the help shipped with the app, so an exported report explains itself offline."""
    from aiusage_doctor.core.help_docs import help_section

    refs: dict[str, None] = {}
    for result in results:
        if result.help_url:
            refs.setdefault(result.help_url)
        for link in result.remediation:
            refs.setdefault(link.url)
    for cause in causes:
        if cause.help is not None:
            refs.setdefault(cause.help.url)
    topics = []
    for ref in refs:
        section = help_section(ref)
        if section is not None:
            topics.append(HelpTopic(ref=ref, title=section.title, markdown=section.markdown))
    return topics


# --- report ---------------------------------------------------------------------------


def build_report(config: RunConfig, results: list[CheckResult], *,
                 generated_at: datetime | None = None, run: RunState | None = None) -> Report:
    """Assemble the exportable report and redact every string in it.

    Results keep the runner's order; renderers decide how to group and sort. The
    report is rebuilt from its redacted JSON form so nothing un-redacted (not even
    a nested evidence value) survives in the returned object.
    """
    moment = generated_at or datetime.now(UTC)
    verified = knowledge_verified(results)
    run = run or RunState()
    causes = root_causes(results)
    report = Report(
        tool=ToolInfo(name=APP_NAME, version=__version__),
        generated_at=moment,
        environment=build_environment(config),
        config=config.public_summary(),
        checks=list(results),
        summary=build_summary(results, run, causes),
        knowledge_verified=verified,
        knowledge_stale=knowledge_is_stale(verified, moment),
        run=run,
        root_causes=causes,
        help=help_topics(results, causes),
    )
    return redact_report(report, config.secrets())


def redact_report(report: Report, secrets: Iterable[str | None] = ()) -> Report:
    """The report with every string redacted: the one boundary every exported or shown
    report passes (a run's report here, an opened report file on load). It is rebuilt from
    its redacted JSON form so nothing un-redacted (not even a nested evidence value)
    survives in the returned object; renderers then only format it."""
    return Report.model_validate(redact_obj(report.model_dump(mode="json"), extra_secrets=secrets))


def _problem_line(result: CheckResult) -> str:
    where = provider_title(result.provider)
    if not is_run_target(result.target):
        where = f"{where} · {result.target}"
    return f"{STATUS_GLYPHS[result.status]} {where} — {result.summary}"


def summary_text(report: Report) -> str:
    """A few plain lines for the clipboard or an email body: headline, then one line per problem.

    Problems are listed worst first within the usual provider order, so the first
    line after the headline is the one support should read first.
    """
    if report.root_causes:
        lines = [report.summary.headline, *(_cause_line(c) for c in report.root_causes)]
        return redact("\n".join(lines))
    problems = [r for r in report.checks if r.status.is_problem]
    problems.sort(key=lambda r: (provider_rank(r.provider), -r.status.severity))
    lines = [report.summary.headline, *(_problem_line(r) for r in problems)]
    return redact("\n".join(lines))


def _cause_line(cause: RootCause) -> str:
    affected = len(cause.checks) + len(cause.consequences)
    tail = f" ({plural(affected, 'check')} affected)" if affected > 1 else ""
    return f"{STATUS_GLYPHS[cause.status]} {cause.title}{tail}"
