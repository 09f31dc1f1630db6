"""What the support engineer needs to know about an opened report (no Qt here): where and
when it was made, and which of its links have stopped working since.

Some fix links only live for a while: GitHub's SAML single sign-on authorization link
(`…/sso?authorization_request=…`) is valid for one hour after GitHub sent it
(docs.github.com, "Authorizing a personal access token for use with SAML single sign-on",
checked 2026-12-04). In a report written days earlier such a link is dead; offering it
as live would send the customer to an error page.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from aiusage_doctor.core.labels import provider_title

if TYPE_CHECKING:
    from aiusage_doctor.core.models import Link, Report

EXPIRED_ADVICE = "ask the customer to run the check again for a fresh link"

_TIME_LIMITED = (
    # (what the URL contains, how long the link is valid)
    ("/sso?authorization_request=", timedelta(hours=1)),
)


def link_validity(link: Link) -> timedelta | None:
    """How long `link` stays valid after the check ran; None for a lasting link."""
    url = link.url.lower()
    for marker, validity in _TIME_LIMITED:
        if marker in url:
            return validity
    if "valid for one hour" in link.text.lower():
        return timedelta(hours=1)
    return None


def report_age(report: Report, now: datetime | None = None) -> timedelta:
    made = report.generated_at if report.generated_at.tzinfo else report.generated_at.replace(tzinfo=UTC)
    return (now or datetime.now(UTC)) - made


def is_expired(link: Link, age: timedelta | None) -> bool:
    """Whether a link in a report of this age no longer works (never for a live run)."""
    validity = link_validity(link)
    return age is not None and validity is not None and age > validity


def age_text(age: timedelta) -> str:
    seconds = max(0, int(age.total_seconds()))
    if seconds < 3600:
        minutes = seconds // 60
        return "just now" if minutes < 1 else f"{minutes} min ago"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def environment_lines(report: Report, now: datetime | None = None) -> list[str]:
    """Plain lines: when and with which version, on which OS and behind a proxy or not;
    which API addresses, enterprises and organizations were checked."""
    from aiusage_doctor.core.render import format_time

    env = report.environment
    config = report.config
    lines = [
        f"Created {format_time(report.generated_at)} ({age_text(report_age(report, now))}) "
        f"by version {_short(report.tool.version)} on {_short(env.os) or 'an unknown system'}; "
        + ("a proxy was in use." if env.proxy_in_use else "no proxy was set.")
        + (" This was a demo run: simulated data." if env.simulated else ""),
    ]
    from aiusage_doctor.core.config import DEFAULT_ANTHROPIC_API, DEFAULT_CURSOR_API, DEFAULT_GITHUB_API

    standard = {"github": DEFAULT_GITHUB_API, "cursor": DEFAULT_CURSOR_API, "anthropic": DEFAULT_ANTHROPIC_API}
    scope = []
    if config.enterprises:
        scope.append("enterprises " + _names(config.enterprises))
    if config.orgs:
        scope.append("organizations " + _names(config.orgs))
    if "github" in config.providers and not scope:
        scope.append("every enterprise and organization the token could see")
    custom = [f"{provider_title(p)} {_short(url)}" for p, url in config.base_urls.items()
              if (not config.providers or p in config.providers) and url.rstrip("/") != standard.get(p)]
    scope.append(("API addresses: " + ", ".join(custom)) if custom else "the vendors' standard API addresses")
    lines.append("Checked " + "; ".join(scope) + ".")
    return lines


SHOWN_NAMES = 5
"""Enterprises or organizations named in the results banner; the rest are counted (the
exported report lists them all). Sixty names filled an 800×600 window's banner."""
SHOWN_CHARS = 80


def _short(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _names(names: list[str]) -> str:
    shown = ", ".join(_short(name) for name in names[:SHOWN_NAMES])
    rest = len(names) - SHOWN_NAMES
    return f"{shown} and {rest} more" if rest > 0 else shown
