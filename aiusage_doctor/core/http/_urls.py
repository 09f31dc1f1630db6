"""Base URLs an admin typed: validated before anything is sent."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiusage_doctor.core.http._errors import BadBaseUrl
from aiusage_doctor.core.http._lazy import LazyHttpx

if TYPE_CHECKING:
    import httpx
else:
    httpx = LazyHttpx(globals())


DIRECT_HOSTS = ("127.0.0.1", "localhost", "::1")
"""The only hosts the client always reaches directly, whatever HTTP(S)_PROXY says (see the
client's mounts), and so the only ones plain http:// may be used with: a request to any
other host (`*.localhost`, 127.0.0.2) may go through a proxy, which would read it."""


def is_loopback(host: str) -> bool:
    """Whether `host` is one of DIRECT_HOSTS: this computer, never reached through a proxy."""
    return host.strip("[]").lower() in DIRECT_HOSTS


def normalize_base_url(raw: str, *, what: str = "API base URL") -> str:
    """Validate a base URL an admin typed or pasted; return it without a trailing slash.

    Refuses plain `http://` except on loopback (tests, the simulator): a token sent
    over plain HTTP can be read by anyone on the path.
    """
    url = (raw or "").strip().strip("\"'").strip()
    if not url:
        raise BadBaseUrl(f"The {what} is empty.")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise BadBaseUrl(
            f"The {what} contains a space or an invisible character; copy the address again."
        )
    if "://" not in url:
        raise BadBaseUrl(
            f"The {what} '{url}' has no scheme; did you mean 'https://{url.lstrip('/')}'?"
        )
    try:
        parts = urlsplit(url)
        if parts.port == 0:  # raises for a port that isn't a number from 0 to 65535
            raise ValueError("port 0")
    except ValueError:
        raise BadBaseUrl(
            f"The {what} '{url}' is not a valid web address (check the brackets and the port number)."
        ) from None
    if parts.scheme not in ("http", "https"):
        raise BadBaseUrl(f"The {what} must start with https:// (got '{parts.scheme}://').")
    if not parts.hostname:
        raise BadBaseUrl(f"The {what} '{url}' has no host name.")
    if parts.username or parts.password:
        raise BadBaseUrl(f"The {what} must not contain a user name or password.")
    if parts.query or parts.fragment:
        raise BadBaseUrl(f"The {what} must not contain '?' or '#' parts.")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise BadBaseUrl(
            f"The {what} uses plain http:// to '{parts.hostname}'. Credentials would be sent "
            "unencrypted, so only https:// is allowed (http:// only for localhost, 127.0.0.1 and [::1])."
        )
    if parts.hostname.isascii():
        host = parts.hostname  # already what httpx sends (lower case); no need to import it
    else:
        try:
            host = httpx.URL(url).raw_host.decode("ascii")  # as requests are sent (IDN in xn-- form)
        except httpx.InvalidURL:
            host = ""
    if not (_HOST_RE.fullmatch(host) or (":" in host and _IPV6_RE.fullmatch(host))):
        raise BadBaseUrl(
            f"The {what} '{url}' has a host name that is not valid ('{parts.hostname}'); "
            "copy the address again."
        )
    return url.rstrip("/")


_HOST_RE = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")
"""A host as httpx sends it: letters, digits, dots, hyphens (IDN already in xn-- form)."""
_IPV6_RE = re.compile(r"[0-9A-Fa-f:.]+")


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""
