"""Group a run's results by root cause, so one cause is counted (and fixed) once.

Offline, every check that talks to api.github.com fails the same DNS lookup and every
check that needs them is skipped: that is one problem ("this computer can't reach
api.github.com"), not sixteen. Three kinds of link make results share a cause:

- a prerequisite: a result skipped (or failed) because a check it `needs` did not pass
  (`CheckResult.blocked_by`, recorded by the runner) belongs to that check's cause;
- the network: errors whose evidence names the same failure class and host (core/http/
  classifies them) are one network cause;
- a shared cause a provider named on several outcomes (`CheckResult.cause`, in words, e.g.
  "The 'Copilot usage metrics' policy is off" on an enterprise and on its organizations).

Everything else is its own cause. Only causes whose own checks warn, fail or error are
returned: a prerequisite that was skipped because it was not configured explains its
dependants, but is not a problem.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiusage_doctor.core.http import NETWORK_KINDS, NETWORK_HELP
from aiusage_doctor.core.labels import is_run_target, provider_rank, provider_title, target_label
from aiusage_doctor.core.models import CheckRef, CheckResult, Link, RootCause, Status

NETWORK_WORDS = {
    "dns": "DNS",
    "refused": "connection refused",
    "connect": "no connection",
    "tls": "TLS",
    "timeout": "no answer in time",
    "proxy": "proxy",
    "proxy_auth": "proxy login required",
    "reset": "connection cut off",
}

Key = tuple[str, str]


def _ref(result: CheckResult) -> CheckRef:
    return CheckRef(id=result.id, target=result.target)


def _network_key(result: CheckResult) -> str | None:
    failure, host = result.evidence.get("failure"), result.evidence.get("host")
    if result.status is Status.ERROR and failure in NETWORK_KINDS and isinstance(host, str) and host:
        # One portal or proxy page answers for every host it intercepts: one cause, not one per host.
        return f"network:{failure}:{'*' if failure == 'not_json' else host}"
    return None


def own_cause_key(result: CheckResult) -> str:
    """The cause a result shows by itself, before following its prerequisite."""
    if (network := _network_key(result)) is not None:
        return network
    if result.cause:
        return f"cause:{result.cause}"
    return f"check:{result.id}@{result.target}"


def _root_of(result: CheckResult, by_key: dict[Key, CheckResult]) -> CheckResult:
    """Follow `blocked_by` to the first result that was not itself blocked (cycle-safe)."""
    seen: set[Key] = set()
    current = result
    while current.blocked_by is not None and current.key not in seen:
        seen.add(current.key)
        blocker = by_key.get((current.blocked_by.id, current.blocked_by.target))
        if blocker is None:
            break
        current = blocker
    return current


SHARED_TARGETS_NAMED = 3


def _title(kind: str, key: str, checks: list[CheckResult]) -> str:
    first = checks[0]
    if kind == "network":
        _, failure, host = key.split(":", 2)
        if failure == "not_json":
            hosts = ", ".join(dict.fromkeys(str(c.evidence.get("host")) for c in checks))
            return f"A web page answered instead of the API ({hosts}): a captive portal, proxy or firewall page"
        return f"This computer can't reach {host} ({NETWORK_WORDS.get(failure, failure)})"
    if kind == "shared":
        # The provider's words for the cause, and every target it was seen on.
        targets = list(dict.fromkeys(target_label(c.target) for c in checks if not is_run_target(c.target)))
        named = ", ".join(targets[:SHARED_TARGETS_NAMED])
        if len(targets) > SHARED_TARGETS_NAMED:
            named += f" and {len(targets) - SHARED_TARGETS_NAMED} more"
        cause = key.split(":", 1)[1].rstrip(".")
        return f"{provider_title(first.provider)}: {cause}" + (f" ({named})" if named else "")
    where = provider_title(first.provider)
    sentence = first_sentence(first.summary)
    if kind == "check" and not is_run_target(first.target):
        label = target_label(first.target)
        if not sentence.startswith(label):  # "Organization acme uses SAML…" names its target already
            where = f"{where} · {label}"
    return f"{where}: {sentence}"


_PAIRS = {"“": "”", "(": ")", '"': '"', "'": "'", "‘": "’"}


def first_sentence(text: str) -> str:
    """The cause, not the whole advice: a summary's first sentence (the fix is in its links).

    A ". " inside a quoted vendor message or brackets does not end the sentence; if the
    text has no sentence end outside them, or the quotes never close, it is kept whole.
    """
    open_: list[str] = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if open_ and ch == open_[-1] and (ch != "'" or not after.isalnum()):
            open_.pop()
        elif ch in _PAIRS and (ch != "'" or not before.isalnum()):
            open_.append(_PAIRS[ch])
        elif ch == "." and after == " " and not open_:
            return text[:i]
    return text.rstrip(".")


def shorten(text: str, limit: int = 90) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with "…" when cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head:
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,;:—-") + "…"


def _help(kind: str, checks: list[CheckResult]) -> Link | None:
    if kind == "network":
        for check in checks:
            for link in check.remediation:
                if link.url.startswith(NETWORK_HELP):
                    return link
        failure = checks[0].evidence.get("failure", "")
        return Link(text="Network help", url=f"{NETWORK_HELP}#{failure}")
    first = checks[0]
    return Link(text=f"About '{first.title}'", url=first.help_url) if first.help_url else None


def root_causes(results: Iterable[CheckResult]) -> list[RootCause]:
    """Problem causes, worst first (then provider order, then run order), each with the
    results that show it and the results that only happened because of it."""
    results = [r for r in results if not r.cancelled]
    by_key = {r.key: r for r in results}
    own: dict[str, list[CheckResult]] = {}
    consequences: dict[str, list[CheckResult]] = {}
    order: dict[str, int] = {}
    for index, result in enumerate(results):
        root = _root_of(result, by_key)
        key = own_cause_key(root)
        order.setdefault(key, index)
        if root is result:
            own.setdefault(key, []).append(result)
        else:
            consequences.setdefault(key, []).append(result)
    causes: list[RootCause] = []
    for key, checks in own.items():
        problems = [c for c in checks if c.status.is_problem]
        if not problems:
            continue
        kind = "network" if key.startswith("network:") else "shared" if key.startswith("cause:") else "check"
        status = max((c.status for c in problems), key=lambda s: s.severity)
        affected = [*problems, *consequences.get(key, [])]
        providers = sorted({c.provider for c in affected}, key=provider_rank)
        causes.append(RootCause(
            key=key, kind=kind, title=_title(kind, key, problems), status=status, providers=providers,
            checks=[_ref(c) for c in problems],
            consequences=[_ref(c) for c in consequences.get(key, [])],
            help=_help(kind, problems),
        ))
    causes.sort(key=lambda c: (-c.status.severity, provider_rank(c.providers[0]), order[c.key]))
    return causes


def cause_of(causes: Iterable[RootCause]) -> dict[Key, RootCause]:
    """(check id, target) → the cause it shows or follows from, for renderers."""
    index: dict[Key, RootCause] = {}
    for cause in causes:
        for ref in (*cause.checks, *cause.consequences):
            index[(ref.id, ref.target)] = cause
    return index


def is_grouped(cause: RootCause) -> bool:
    """A cause worth showing as a group: it explains more than one result."""
    return len(cause.checks) + len(cause.consequences) > 1
