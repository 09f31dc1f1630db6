"""The one exception tree of the adapter, and links to the network help page."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from aiusage_doctor.core.branding import DOCS_BASE
from aiusage_doctor.core.models import Link

NETWORK_HELP = DOCS_BASE + "network.md"
"""docs/network.md, next to docs/checks.md: one section per failure class."""

NETWORK_KINDS = frozenset({"dns", "refused", "connect", "tls", "timeout", "proxy", "proxy_auth", "reset", "not_json"})
"""Failure kinds that mean this computer could not talk to the host at all (or a captive
portal, proxy or firewall page answered for it, `not_json`): the cause is the network path
(DNS, firewall, proxy, TLS inspection), not the check's own question."""


def network_help(anchor: str, text: str) -> Link:
    """A link to one section of docs/network.md (published next to docs/checks.md)."""
    return Link(text=text, url=f"{NETWORK_HELP}#{anchor}")


class FailureKind(StrEnum):
    DNS = "dns"
    REFUSED = "refused"
    CONNECT = "connect"
    TLS = "tls"
    TIMEOUT = "timeout"
    PROXY = "proxy"
    PROXY_AUTH = "proxy_auth"
    RESET = "reset"
    NOT_JSON = "not_json"
    INVALID_JSON = "invalid_json"
    TOO_LARGE = "too_large"
    REDIRECT = "redirect"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    INSECURE_URL = "insecure_url"
    BAD_URL = "bad_url"


class HttpFailure(Exception):
    """A request that produced no usable answer, with a cause in plain words.

    The message never contains credentials: it is built from the host, the path
    and the failure class only.
    """

    def __init__(
        self,
        kind: FailureKind,
        cause: str,
        *,
        host: str = "",
        details: list[str] | None = None,
        remediation: list[Link] | None = None,
        status: int | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        super().__init__(cause)
        self.kind = kind
        self.cause = cause
        self.host = host
        self.details = details or []
        self.remediation = remediation or []
        self.status = status
        self.retry_at = retry_at

    def evidence(self) -> dict[str, Any]:
        ev: dict[str, Any] = {"failure": self.kind.value, "host": self.host}
        if self.status is not None:
            ev["status"] = self.status
        if self.retry_at is not None:
            ev["retry_at"] = self.retry_at.isoformat()
        return ev


class BadBaseUrl(ValueError):
    """A base URL the user typed can't be used; the message says why in plain words."""
