"""Which links the app opens: one policy for every clickable link in the wizard.

Links come from check results, and a result can come from a report file a customer
sent. A link there may say "GitHub docs" and point anywhere, start a program through
an unknown scheme, open a local file, or (`mailto:…?attach=`) prepare an e-mail with
one of the user's files attached. So a link is opened only when it is https:// to a
vendor's or this project's own site, or a plain `mailto:` address with nothing after
it; and every link is shown with its real address beside its text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from aiusage_doctor.core import branding
from aiusage_doctor.core.labels import PROVIDER_LIST

KNOWN_DOMAINS = tuple(domain for entry in PROVIDER_LIST.values() for domain in entry.link_domains)
"""Sites whose pages remediation links point to (subdomains included): the vendors'
docs, settings and status pages, each declared with its provider in the one provider
list. This project's own homepage and docs are added below."""

_MAILTO_RE = re.compile(r"mailto:([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63})", re.IGNORECASE)
_HOST_RE = re.compile(r"[a-z0-9.-]{1,253}")


def _own_hosts() -> tuple[str, ...]:
    return _hosts_of(branding.HOMEPAGE, branding.DOCS_BASE)


@lru_cache(maxsize=8)
def _hosts_of(*addresses: str) -> tuple[str, ...]:
    """The host names of these addresses (parsed once: every link of a report asks)."""
    return tuple(h for h in (urlsplit(a).hostname for a in addresses) if h)


_SPACE = re.compile(r"\s")
"""Any whitespace (the same characters as `str.isspace`), searched in C, not per character."""

def _known_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    allowed = (*KNOWN_DOMAINS, *_own_hosts())
    return any(host == d or host.endswith("." + d) for d in allowed)


def openable_url(url: str) -> str | None:
    """`url` if the app may open it, else None.

    Allowed: `https://` to a known host (no user name or password, no other port), and
    `mailto:ADDRESS` with a single plain address and no `?` parameters (`attach=`,
    `body=`, `cc=`… could attach a file or send text the user didn't write)."""
    url = (url or "").strip()
    if len(url) > 2048 or not url.isprintable() or _SPACE.search(url):
        return None
    if url.lower().startswith("mailto:"):
        return url if _MAILTO_RE.fullmatch(url) else None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() != "https" or parts.username or parts.password or port not in (None, 443):
        return None
    host = parts.hostname or ""
    if not _HOST_RE.fullmatch(host) or not _known_host(host):
        return None
    return url


def shown_address(url: str) -> str:
    """The real address of a link as shown next to its text: host and path for web links
    (the query, which can carry signatures, left out), the address for mailto:."""
    url = (url or "").strip()
    if url.lower().startswith("mailto:"):
        return url[7:].split("?", 1)[0][:120]
    try:
        parts = urlsplit(url)
    except ValueError:
        return url[:120]
    if not parts.scheme or not parts.hostname:
        return url[:120]
    where = f"{parts.hostname}{parts.path}" if parts.path not in ("", "/") else parts.hostname
    if parts.scheme.lower() != "https":
        where = f"{parts.scheme}://{where}"
    return where if len(where) <= 120 else where[:119] + "…"
