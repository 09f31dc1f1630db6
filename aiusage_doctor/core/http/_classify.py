"""Failure classification: rate limits and server errors in answers, and transport
exceptions turned into causes an admin can act on."""

from __future__ import annotations

import email.utils
import errno
import socket
import ssl
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiusage_doctor.core.http._errors import FailureKind, HttpFailure, network_help
from aiusage_doctor.core.http._lazy import LazyHttpx
from aiusage_doctor.core.models import Link
from aiusage_doctor.core.untrusted import clean_text

if TYPE_CHECKING:
    import httpx

    from aiusage_doctor.core.http._response import Response
    from aiusage_doctor.core.http._settings import HttpSettings
else:
    httpx = LazyHttpx(globals())

STATUS_PAGES: dict[str, Link] = {
    "github": Link(text="GitHub status", url="https://www.githubstatus.com/"),
    "cursor": Link(text="Cursor status", url="https://status.cursor.com/"),
    "anthropic": Link(text="Anthropic status", url="https://status.anthropic.com/"),
}


# ---------------------------------------------------------------- rate limits


def _root_cause(first: HttpFailure | None, last: HttpFailure) -> HttpFailure:
    """The failure to report after retries gave up.

    When the first attempt failed for a concrete reason (a reset, a refused connection)
    and a retry then only ran out of the check's remaining time, the first reason is
    what the admin can act on; the timeout is a consequence of having retried.
    """
    if first is None or first is last or last.kind is not FailureKind.TIMEOUT or first.kind is FailureKind.TIMEOUT:
        return last
    first.details = [*first.details, f"A retry then got no answer in time: {last.cause}"]
    return first


def _retry_after_seconds(resp: Response) -> float | None:
    value = resp.headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _rate_limit_wait(resp: Response) -> float | None:
    """Seconds to wait if this answer is a rate limit (GitHub's documented order:
    Retry-After, then x-ratelimit-reset when remaining is 0, else at least a minute)."""
    if resp.status not in (403, 429):
        return None
    remaining = resp.headers.get("x-ratelimit-remaining")
    text = resp.body[:2000].decode("utf-8", errors="replace").lower()
    mentions = "rate limit" in text or "rate_limit" in text
    if resp.status == 403 and remaining != "0" and not mentions:
        return None
    retry_after = _retry_after_seconds(resp)
    if retry_after is not None:
        return retry_after
    reset = resp.headers.get("x-ratelimit-reset")
    if remaining == "0" and reset and reset.strip().isdigit():
        return max(0.0, float(reset) - time.time())
    return 60.0


MAX_RETRY_AT = 366 * 86_400
"""Longest wait a rate-limit answer is believed to name (a year); longer ones are shown as
the number of seconds asked for, without a date."""


def _rate_limit_failure(
    resp: Response, wait: float, retry_at: float, remaining: float | None
) -> HttpFailure:
    budget = f" (this check had {max(0, int(remaining))} s left)" if remaining is not None else ""
    # The server chose the number: a time past what a date can hold (or years away) is shown
    # as the wait it asked for, and a time half a day or more away carries its date.
    at: datetime | None = None
    if wait <= MAX_RETRY_AT:
        at = datetime.fromtimestamp(retry_at, UTC)
    if at is None:
        until = f"and asks to wait {int(wait):,} s, which no real limit lasts"
    elif wait >= 12 * 3600:  # far enough that the time of day alone would be ambiguous
        until = f"until {at:%Y-%m-%d %H:%M:%S} UTC (about {int(wait)} s)"
    else:
        until = f"until {at:%H:%M:%S} UTC (about {int(wait)} s)"
    return HttpFailure(
        FailureKind.RATE_LIMITED,
        f"{resp.host} is rate-limiting these requests {until}; the tool did not wait that long{budget}.",
        host=resp.host,
        status=resp.status,
        retry_at=at,
        details=[
            f"{resp.method} {urlsplit(resp.url).path} answered HTTP {resp.status}.",
            "Other tools using the same token share this quota. Run the check again after "
            "the time above.",
        ],
        remediation=[network_help("rate-limit", "Rate limits and when to retry")],
    )


def _server_failure(resp: Response, attempts: int) -> HttpFailure:
    vendor = _vendor_of(resp.host)
    links = [STATUS_PAGES[vendor]] if vendor in STATUS_PAGES else []
    try:
        reason = httpx.codes.get_reason_phrase(resp.status)
    except Exception:  # pragma: no cover
        reason = ""
    tries = f" {attempts} times" if attempts > 1 else ""
    return HttpFailure(
        FailureKind.SERVER_ERROR,
        f"{resp.host} answered HTTP {resp.status} {reason}{tries}: the service is having "
        "trouble (or a proxy in between is). This is not a problem with your settings; try again later.",
        host=resp.host,
        status=resp.status,
        details=[f"{resp.method} {urlsplit(resp.url).path}"],
        remediation=links + [network_help("server-error", "What to do about server errors")],
    )


def _vendor_of(host: str) -> str:
    if host.endswith(("github.com", "ghe.com")):
        return "github"
    if host.endswith("cursor.com"):
        return "cursor"
    if host.endswith("anthropic.com"):
        return "anthropic"
    if host.endswith(("chatgpt.com", "openai.com")):
        return "codex"
    if host.endswith(("codeium.com", "windsurf.com")):
        return "windsurf"
    return ""


# ---------------------------------------------------------- transport failures


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from or while handling (both links:
    libraries re-raise with `from` as well as implicitly)."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        cur = todo.pop(0)
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        chain.append(cur)
        todo.extend(e for e in (cur.__cause__, cur.__context__) if e is not None)
    return chain


_TLS_PROXY_CODES = {19, 20, 21}  # self-signed in chain, unable to get local issuer, unable to verify leaf


def classify_transport_error(
    exc: httpx.HTTPError, host: str, settings: HttpSettings, *, time_left: float | None = None
) -> HttpFailure:
    """Map an httpx exception to a cause an admin understands. `time_left`: the request's
    timeouts were cut to this many seconds because the running check was about to end."""
    chain = _causes(exc)
    text = " ".join(str(e) for e in chain).lower()

    cert_err = next((e for e in chain if isinstance(e, ssl.SSLCertVerificationError)), None)
    if cert_err is not None or "certificate verify failed" in text:
        return _tls_failure(host, cert_err, text, settings)
    if any(isinstance(e, ssl.SSLError) for e in chain):
        return HttpFailure(
            FailureKind.TLS,
            f"The secure (TLS) connection to {host} failed before any answer: {_first_line(chain)}.",
            host=host,
            remediation=[network_help("tls", "Fix TLS connection problems")],
        )

    if isinstance(exc, httpx.ProxyError) or "proxy" in text and "407" in text:
        if "407" in text:
            return _proxy_auth_failure(f"The proxy refused to connect to {host} without a login", host)
        return HttpFailure(
            FailureKind.PROXY,
            f"The proxy could not open a connection to {host}: {_first_line(chain)}.",
            host=host,
            remediation=[network_help("proxy", "Check the proxy settings (HTTPS_PROXY, NO_PROXY)")],
        )

    if isinstance(exc, httpx.TimeoutException):
        def limit(setting: float) -> str:
            if time_left is not None and time_left < setting:
                return f"gave up after {time_left:.1f} s, when the check's time limit ran out"
            return f"limit {setting:g} s"

        phase = {
            httpx.ConnectTimeout: f"connecting ({limit(settings.connect_timeout)})",
            httpx.ReadTimeout: f"waiting for the answer ({limit(settings.read_timeout)})",
            httpx.WriteTimeout: "sending the request",
            httpx.PoolTimeout: "waiting for a free connection",
        }.get(type(exc), "waiting")
        return HttpFailure(
            FailureKind.TIMEOUT,
            f"{host} did not respond in time while {phase}. The network, a firewall that "
            "silently drops traffic, or the service itself is slow.",
            host=host,
            details=["Run the check again, or allow more time with --timeout (CLI) or the Advanced "
                     "settings (app)."] if time_left is not None else [],
            remediation=[network_help("timeout", "Fix timeouts")],
        )

    if any(isinstance(e, socket.gaierror) for e in chain) or any(
        s in text for s in ("name or service not known", "nodename nor servname", "temporary failure in name resolution",
                            "getaddrinfo failed", "no address associated", "name resolution")
    ):
        return HttpFailure(
            FailureKind.DNS,
            f"This computer could not look up the address of {host} (DNS failure). "
            "Check the host name, the network connection, or whether DNS for it is blocked.",
            host=host,
            remediation=[network_help("dns", "Fix DNS lookups")],
        )

    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "connection refused" in text or (
        any(getattr(e, "errno", None) == errno.ECONNREFUSED for e in chain)
    ):
        return HttpFailure(
            FailureKind.REFUSED,
            f"{host} refused the connection: nothing is listening there, or a firewall "
            "rejects it.",
            host=host,
            remediation=[network_help("refused", "Fix refused connections")],
        )

    if isinstance(exc, httpx.RemoteProtocolError) and not any(
        s in text for s in ("disconnected", "peer closed", "closed connection", "connection reset")
    ):
        # Headers too large, an illegal status or header line: an answer arrived but it isn't
        # HTTP this tool can read. Blaming a dropped connection would send the admin to the
        # wrong place.
        return HttpFailure(
            FailureKind.RESET,
            f"{host} sent an answer that isn't valid HTTP ({_first_line(chain)}): something other "
            "than the API answers at that address, or a proxy in between damaged the answer.",
            host=host,
            remediation=[network_help("reset", "Fix dropped connections")],
        )
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)) or any(
        isinstance(e, ConnectionResetError) for e in chain
    ):
        return HttpFailure(
            FailureKind.RESET,
            f"The connection to {host} was cut off before the full answer arrived "
            "(connection reset). A proxy, a firewall or an unstable network can cause this.",
            host=host,
            remediation=[network_help("reset", "Fix dropped connections")],
        )

    return HttpFailure(
        FailureKind.CONNECT,
        f"Could not connect to {host}: {_first_line(chain)}.",
        host=host,
        remediation=[network_help("connect", "Fix connection problems")],
    )


def _proxy_auth_failure(what: str, host: str) -> HttpFailure:
    """HTTP 407, whether the proxy answered a forwarded request or refused the tunnel."""
    return HttpFailure(
        FailureKind.PROXY_AUTH,
        f"{what} (HTTP 407 Proxy Authentication Required).",
        host=host,
        status=407,
        details=["Set HTTPS_PROXY to http://user:password@proxy:port, or ask IT to allow "
                 "the API host without proxy authentication."],
        remediation=[network_help("proxy-407", "Configure proxy credentials")],
    )


def _first_line(chain: list[BaseException]) -> str:
    for e in reversed(chain):
        msg = str(e).strip()
        if msg:
            return clean_text(msg.splitlines()[0][:200])
    return type(chain[0]).__name__


def _tls_failure(
    host: str, err: ssl.SSLCertVerificationError | None, text: str, settings: HttpSettings
) -> HttpFailure:
    code = getattr(err, "verify_code", None)
    reason = (getattr(err, "verify_message", "") or "").strip()
    fix_ca = (
        "Install your organisation's root certificate in the operating system's trust store "
        "(this tool uses the system store), or pass it with --ca-file."
    )
    if code in _TLS_PROXY_CODES or "self-signed certificate in certificate chain" in text or (
        "unable to get local issuer" in text
    ):
        cause = (
            f"The certificate presented for {host} was issued by an authority this computer "
            "doesn't trust. That is typical of a corporate proxy that inspects TLS traffic "
            "(Zscaler, Netskope, Palo Alto, Blue Coat…)."
        )
        details = [fix_ca]
    elif code == 10 or "expired" in text:
        cause = f"The certificate presented for {host} has expired (or this computer's clock is wrong)."
        details = ["Check the system date and time; if it is right, the server or a proxy uses an expired certificate."]
    elif code == 62 or "hostname mismatch" in text or "doesn't match" in text:
        cause = (
            f"The certificate presented for {host} is for a different host name. A proxy, "
            "a wrong base URL, or DNS pointing somewhere else can cause this."
        )
        details = ["Check the API base URL and whether a proxy intercepts this host."]
    elif code == 18 or "self-signed" in text or "self signed" in text:
        cause = f"{host} presented a self-signed certificate that this computer doesn't trust."
        details = [fix_ca]
    else:
        cause = f"The certificate for {host} could not be verified ({reason or 'verification failed'})."
        details = [fix_ca]
    if settings.ca_file:
        details.append("An extra CA file was given with --ca-file, and it did not help for this host.")
    if reason:
        details.append(f"TLS said: {reason}.")
    return HttpFailure(
        FailureKind.TLS,
        cause,
        host=host,
        details=details,
        remediation=[network_help("tls", "Trust your proxy's certificate")],
    )
