"""The one module that owns httpx.

Providers describe *what* to ask; this adapter decides *how*: the system trust
store (so corporate TLS inspection works when the OS trusts the proxy's CA),
proxies from the environment, timeouts, bounded retries, rate-limit waits that
never outlast the running check, a per-host concurrency cap, a body-size cap, and
no credentials on cross-host redirects. Every transport failure is turned into an
`HttpFailure` whose `cause` a non-expert admin can act on; the runner turns that
into an `error` result, so providers never catch network exceptions themselves.

Exception tree (mirrors httpx's own documented tree, in user terms):

    HttpFailure
      kind = dns | refused | connect | tls | timeout | proxy | proxy_auth | reset
           | not_json | invalid_json | too_large | redirect | rate_limited
           | server_error | insecure_url | bad_url
"""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import errno
import json as jsonlib
import logging
import re
import socket
import ssl
import time
import zlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aiusage_doctor import __version__
from aiusage_doctor.core.branding import DOCS_BASE, HOMEPAGE
from aiusage_doctor.core.models import Link
from aiusage_doctor.core.untrusted import TooDeep, clean_text, parse_json

log = logging.getLogger(__name__)


class _LazyHttpx:
    """httpx, imported on first use: a check that fails before sending anything (a
    mistyped token) and `--help` don't pay for it. The first use replaces this stand-in
    with the real module."""

    def __getattr__(self, name: str) -> Any:
        import httpx as module

        globals()["httpx"] = module
        return getattr(module, name)


if TYPE_CHECKING:
    import httpx
else:
    httpx = _LazyHttpx()

USER_AGENT = f"aiusage-doctor/{__version__}" + (f" (+{HOMEPAGE})" if HOMEPAGE else "")

#: Set by the runner for each check: the loop time by which the check must finish.
#: Rate-limit and retry waits never sleep past it.
check_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "check_deadline", default=None
)

DEADLINE_MARGIN = 1.0
"""Seconds a request's timeouts leave of the running check, so its own failure is reported."""
DEADLINE_MARGIN_SHARE = 0.35
"""...or this share of the time left, when that is more: on a busy computer the event loop
can run more than a second late, and then the check's own limit fired first and reported
a bare "did not finish" instead of the host and phase that never answered."""

MIN_RETRY_SECONDS = 0.5
"""A retry is only worth sending with at least this long to connect and answer; with less,
a busy network makes it time out and hide the cause of the attempt before it."""

#: How many requests had to finish, one after another, before the current one could
#: start (the runner carries it from a check's prerequisites into the check). Lets a
#: benchmark measure the critical path of a run instead of guessing it.
request_depth: contextvars.ContextVar[int] = contextvars.ContextVar("request_depth", default=0)

#: Set by the runner for each check: where answers that announce their own retirement
#: (`Deprecation`, `Sunset` or a vendor's API-version warning header) are noted, so a
#: check that passes on a retiring endpoint ends in a warning that names the date.
api_notices: contextvars.ContextVar[list[ApiNotice] | None] = contextvars.ContextVar(
    "api_notices", default=None
)

NOTICE_HEADERS = ("deprecation", "sunset", "x-github-api-version-selected-warning", "warning")
NOTICE_MAX_CHARS = 200
"""A server-chosen header value is shown, so it is cut to a line's length."""


@dataclass(frozen=True)
class ApiNotice:
    """One retirement notice seen on an answer: which endpoint, which header, what it said."""

    method: str
    host: str
    path: str
    header: str
    value: str

    @property
    def when(self) -> str:
        """The announced date in plain words: RFC 9745 `@<epoch>` and HTTP dates become
        YYYY-MM-DD; anything else is shown as the server sent it."""
        value = self.value.strip()
        try:
            if value.startswith("@") and value[1:].isdigit():
                return datetime.fromtimestamp(int(value[1:]), UTC).date().isoformat()
            parsed = email.utils.parsedate_to_datetime(value)
            return parsed.date().isoformat()
        except (ValueError, TypeError, OverflowError, OSError):
            return value

    @property
    def in_future(self) -> bool:
        """The announced date is after today (only when it could be read as a date)."""
        try:
            return date.fromisoformat(self.when) > datetime.now(UTC).date()
        except ValueError:
            return False

    def line(self) -> str:
        deprecated = (f"will deprecate this endpoint on {self.when}" if self.in_future else
                      f"marks this endpoint as deprecated since {self.when}")
        what = {"deprecation": deprecated,
                "sunset": f"will retire this endpoint on {self.when}"}.get(
                    self.header, f"warns about this endpoint ({self.header.title()}: {self.value})")
        return f"{self.host} {what}: {self.method} {self.path}"


def note_api_notices(resp: Response) -> None:
    """Record `resp`'s retirement headers for the running check (no-op outside a check)."""
    sink = api_notices.get()
    if sink is None:
        return
    for header in NOTICE_HEADERS:
        value = resp.headers.get(header)
        if not value:
            continue
        if header == "warning" and "deprecat" not in value.lower() and "sunset" not in value.lower():
            continue
        notice = ApiNotice(resp.method, resp.host, clean_text(urlsplit(resp.url).path, 120), header,
                           clean_text(value, NOTICE_MAX_CHARS).strip())
        if notice not in sink and len(sink) < 10:
            sink.append(notice)

STATUS_PAGES: dict[str, Link] = {
    "github": Link(text="GitHub status", url="https://www.githubstatus.com/"),
    "cursor": Link(text="Cursor status", url="https://status.cursor.com/"),
    "anthropic": Link(text="Anthropic status", url="https://status.anthropic.com/"),
}

NETWORK_HELP = DOCS_BASE + "network.md"
"""docs/network.md, next to docs/checks.md: one section per failure class."""

NETWORK_KINDS = frozenset({"dns", "refused", "connect", "tls", "timeout", "proxy", "proxy_auth", "reset", "not_json"})
"""Failure kinds that mean this computer could not talk to the host at all (or a captive
portal, proxy or firewall page answered for it, `not_json`): the cause is the network path
(DNS, firewall, proxy, TLS inspection), not the check's own question."""


def network_help(anchor: str, text: str) -> Link:
    """A link to one section of docs/network.md (published next to docs/checks.md)."""
    return Link(text=text, url=f"{NETWORK_HELP}#{anchor}")


class QueueAllowance:
    """Time the running check spent queued for one of a host's connection slots.

    With hundreds of checks and 8 requests in flight per host, a check can wait a long
    time for its turn on a busy machine. That wait says nothing about the service, so
    it is added to the check's deadline (up to `limit` in all) instead of ending a
    healthy check as "did not finish". While the check waits, its deadline is held open
    by the whole remaining allowance; once it has its slot, only the time it really
    waited is kept. `on_extend` receives the total extension so the runner can move its
    own timeout to match.
    """

    def __init__(self, limit: float, on_extend: Callable[[float], None] | None = None) -> None:
        self.limit = limit
        self.seconds = 0.0
        self._waiting = 0
        self._on_extend = on_extend

    def _extend(self, total: float) -> None:
        if self._on_extend is not None:
            self._on_extend(total)

    def begin_wait(self) -> None:
        self._waiting += 1
        self._extend(self.limit)

    def end_wait(self, waited: float) -> None:
        self._waiting -= 1
        self.seconds = min(self.limit, self.seconds + max(0.0, waited))
        if not self._waiting:
            self._extend(self.seconds)


@dataclass
class InFlight:
    """A request of the running check that has not been answered yet, and how far it got
    (from httpcore's trace events): what the check was waiting for when its own time
    limit ran out, so that is named instead of a generic "too slow"."""

    method: str
    host: str
    path: str
    phase: str = "connecting"
    cancelled: bool = False
    started: float = field(default_factory=time.monotonic)

    async def trace(self, event: str, info: Any) -> None:
        if event.startswith(("http11.send_request_headers", "http2.send_request_headers",
                             "http11.receive_response_headers", "http2.receive_response_headers")):
            self.phase = "waiting for the answer"

    def timeout_summary(self, waited: float) -> str:
        """The same words as the adapter's own timeout, so both read alike in every report."""
        return (f"{self.host} did not respond in time while {self.phase} (gave up after {waited:.1f} s, "
                "when the check's time limit ran out). The network, a firewall that silently drops "
                "traffic, or the service itself is slow.")


#: Set by the runner for each check: its requests still waiting for an answer.
in_flight: contextvars.ContextVar[list[InFlight] | None] = contextvars.ContextVar("in_flight", default=None)


#: Set by the runner for each check (shared by the check's sub-tasks, which copy the context).
queue_allowance: contextvars.ContextVar[QueueAllowance | None] = contextvars.ContextVar(
    "queue_allowance", default=None
)


def time_left() -> float | None:
    """Seconds until the running check's deadline (None outside a check), counting the
    time it was granted for waiting its turn for a connection."""
    deadline = check_deadline.get()
    if deadline is None:
        return None
    allowance = queue_allowance.get()
    extra = allowance.seconds if allowance is not None else 0.0
    return deadline + extra - asyncio.get_running_loop().time()


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


# --------------------------------------------------------------------------- URLs


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


# ----------------------------------------------------------------------- responses


@dataclass
class Response:
    """A complete, size-capped HTTP answer."""

    method: str
    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    elapsed_ms: int
    _json: Any = field(default=None, repr=False)
    _json_parsed: bool = field(default=False, repr=False)

    @property
    def host(self) -> str:
        return host_of(self.url)

    @property
    def path(self) -> str:
        p = urlsplit(self.url)
        return p.path + (f"?{p.query}" if p.query else "")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def text(self) -> str:
        """The body as printable text (control and bidi characters removed, line breaks
        as spaces), for quoting in messages and evidence: the server chose every byte."""
        return clean_text(self.body.decode("utf-8", errors="replace"), limit=len(self.body) + 1)

    @property
    def is_html(self) -> bool:
        ctype = self.headers.get("content-type", "").lower()
        if "html" in ctype:
            return True
        head = self.body[:200].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))

    def json(self) -> Any:
        """The parsed JSON body; raises HttpFailure (not_json / invalid_json) with a plain cause."""
        if self._json_parsed:
            return self._json
        if not self.body.strip():
            self._json, self._json_parsed = None, True
            return None
        if self.is_html:
            raise not_json_failure(self)
        try:
            # Every string in it is cleaned and cut (clean_tree) here, where it enters the
            # product; nesting past MAX_JSON_DEPTH is refused like broken JSON.
            self._json = parse_json(self.body)
        except TooDeep as exc:
            raise HttpFailure(
                FailureKind.INVALID_JSON,
                f"{self.host} sent an invalid JSON answer to {self.method} {urlsplit(self.url).path} "
                f"(HTTP {self.status}): it is {exc}, which no real answer is.",
                host=self.host,
                status=self.status,
                remediation=[network_help("invalid-json", "Why an answer can arrive broken")],
            ) from None
        except ValueError as exc:
            raise HttpFailure(
                FailureKind.INVALID_JSON,
                f"{self.host} sent a broken JSON answer to {self.method} {urlsplit(self.url).path} "
                f"(HTTP {self.status}, {len(self.body)} bytes): it was cut off or is not JSON.",
                host=self.host,
                status=self.status,
                details=[f"Parser said: {getattr(exc, 'msg', 'invalid JSON')} at character {getattr(exc, 'pos', 0)}."],
                remediation=[network_help("invalid-json", "Why an answer can arrive broken")],
            ) from None
        self._json_parsed = True
        return self._json

    def json_or_none(self) -> Any:
        try:
            return self.json()
        except HttpFailure:
            return None

    def evidence(self, *header_names: str, body_chars: int = 300) -> dict[str, Any]:
        """What a support engineer needs to see: request line, status, chosen headers,
        the start of the body. Credential headers are never included."""
        headers = {
            name: clean_text(self.headers[name], MAX_HEADER_CHARS)
            for name in header_names
            if name in self.headers and name.lower() not in _CREDENTIAL_HEADERS
        }
        ev: dict[str, Any] = {
            "request": f"{self.method} {self.path}",
            "host": self.host,
            "status": self.status,
        }
        if headers:
            ev["headers"] = headers
        if body_chars and self.body:
            start = self.body[: body_chars * 4].decode("utf-8", errors="replace")
            ev["body"] = clean_text(start, len(start) + 1)[:body_chars]
        return ev


MAX_HEADER_CHARS = 256
"""A header value shown as evidence is cut to this many characters."""

_CREDENTIAL_HEADERS = {"authorization", "x-api-key", "cookie", "set-cookie", "proxy-authorization"}


def not_json_failure(resp: Response) -> HttpFailure:
    title = _html_title(resp.text)
    return HttpFailure(
        FailureKind.NOT_JSON,
        f"Expected a JSON answer from {resp.host} but got a web page (HTTP {resp.status}"
        + (f", titled '{title}'" if title else "")
        + "). A captive portal, proxy or firewall page answered instead of the API.",
        host=resp.host,
        status=resp.status,
        details=[
            "This happens on hotel/guest Wi-Fi that wants a login, or behind a proxy that blocks "
            "or inspects the API host.",
            f"Start of the page: “{page_start(resp.text)}”",
        ],
        remediation=[network_help("html-instead-of-json", "Allow the API host through the proxy")],
    )


def page_start(text: str, limit: int = 160) -> str:
    """The start of a page as plain text on one line (whitespace collapsed, control characters stripped)."""
    return clean_text(" ".join(text[:limit].split()))


def _html_title(text: str) -> str:
    low = text.lower()
    start = low.find("<title>")
    end = low.find("</title>", start + 7)
    if start == -1 or end == -1:
        return ""
    return clean_text(" ".join(text[start + 7 : end].split())[:80])


# ------------------------------------------------------------------------ settings


@dataclass
class HttpSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    per_host_limit: int = 8
    ca_file: str | None = None
    proxy: str | None = None
    """A proxy URL for every non-loopback request; None leaves it to the environment."""
    max_body_bytes: int = 16 * 1024 * 1024
    max_retries: int = 3
    backoff_base: float = 0.5
    max_redirects: int = 5
    memo_keep_bytes: int = 16 * 1024
    """Finished answers up to this size stay shared for the rest of the run (a report's
    download links, /user); larger ones (member and seat lists) are shared only while in
    flight, so a 200-org run doesn't keep every page it read — parsed JSON takes several
    times its size in memory."""
    memo_budget_bytes: int = 2 * 1024 * 1024
    user_agent: str = USER_AGENT
    trust_env: bool = True


@dataclass
class RequestStats:
    """What the adapter sent, for benchmarks and the 'no request twice' guarantee."""

    sent: Counter[tuple[str, str]] = field(default_factory=Counter)
    critical_path: int = 0
    """The longest chain of requests that waited for one another (see `request_depth`)."""
    memo_hits: int = 0
    retries: int = 0
    rate_limit_waits: int = 0

    @property
    def total(self) -> int:
        return sum(self.sent.values())

    @property
    def repeated(self) -> list[tuple[str, str]]:
        return [key for key, n in self.sent.items() if n > 1]


# -------------------------------------------------------------------------- client


def _ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """The OS trust store (truststore) plus an optional extra CA file."""
    try:
        import truststore

        ctx: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # pragma: no cover - truststore missing or unsupported platform
        ctx = ssl.create_default_context()
    if ca_file:
        ctx.load_verify_locations(cafile=ca_file)
    return ctx


@dataclass(frozen=True)
class _Call:
    """One request as the provider asked for it, carried through retries and redirects."""

    method: str
    url: str
    headers: Mapping[str, str] | None
    params: Mapping[str, Any] | None
    json: Any
    idempotent: bool
    expect_json: bool
    max_body_bytes: int | None
    probe: bool
    """Stop reading after max_body_bytes without failing (reachability probes)."""

    def memo_key(self) -> tuple[Any, ...]:
        return (
            self.method,
            self.url,
            tuple(sorted((self.params or {}).items())),
            jsonlib.dumps(self.json, sort_keys=True) if self.json is not None else None,
            tuple(sorted((k.lower(), v) for k, v in (self.headers or {}).items())),
            self.expect_json,
            self.probe,
        )


class HttpClient:
    """An async HTTP client for one diagnosis run.

    Create one per run (and per event loop); close it with `aclose()` or `async with`.
    `transport` lets tests and the simulator inject a transport (httpx's own pattern).
    """

    def __init__(
        self,
        settings: HttpSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings or HttpSettings()
        self._transport = transport
        self._made: httpx.AsyncClient | None = None  # made on the first request (see _client)
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._memo: dict[tuple[Any, ...], asyncio.Future[Response]] = {}
        self._memo_bytes = 0
        self.stats = RequestStats()

    @property
    def _client(self) -> httpx.AsyncClient:
        """The httpx client, made when the first request is sent: a run that sends nothing
        (every token failed its offline check) never imports httpx or loads certificates."""
        if self._made is None:
            self._made = self._make_client()
        return self._made

    def _make_client(self) -> httpx.AsyncClient:
        s, transport = self.settings, self._transport
        timeout = httpx.Timeout(s.read_timeout, connect=s.connect_timeout)
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=64)
        if transport is not None:
            return httpx.AsyncClient(
                transport=transport, timeout=timeout, follow_redirects=False
            )
        verify = _ssl_context(s.ca_file)
        direct = httpx.AsyncHTTPTransport(verify=verify, limits=limits)
        return httpx.AsyncClient(
            verify=verify,
            timeout=timeout,
            limits=limits,
            follow_redirects=False,
            trust_env=s.trust_env,
            proxy=s.proxy or None,
            # The simulator and local test servers never go through a proxy.
            mounts={f"all://{f'[{h}]' if ':' in h else h}": direct for h in DIRECT_HOSTS},
        )

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._made is not None:
            await self._made.aclose()

    def _slot(self, netloc: str) -> asyncio.Semaphore:
        """The concurrency cap is per host and port (what a server counts as one client's load)."""
        slot = self._host_slots.get(netloc)
        if slot is None:
            slot = self._host_slots[netloc] = asyncio.Semaphore(self.settings.per_host_limit)
        return slot

    # ----------------------------------------------------------------- public API

    async def request(self, method: str, url: str, **kw: Any) -> Response:
        """Send a request and return the whole (size-capped) answer; see `_request`.

        Every answer, shared or not, is looked at for retirement notices on behalf of
        the check that asked for it."""
        resp = await self._request(method, url, **kw)
        note_api_notices(resp)
        return resp

    async def _request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
        memo: bool | None = None,
        expect_json: bool = True,
        max_body_bytes: int | None = None,
        body_limit_is_probe: bool = False,
    ) -> Response:
        """Send a request and return the whole (size-capped) answer.

        4xx answers come back as a `Response` for the provider to interpret; transport
        failures, persistent 5xx, proxy refusals, rate limits that outlast the check and
        HTML-instead-of-JSON raise `HttpFailure`.

        `idempotent` (default: GET/HEAD) allows retries; read-only POSTs (GraphQL
        queries, Cursor's usage query) pass True. `memo` (default: idempotent) makes
        an identical request in the same run share one answer instead of going out twice.
        `body_limit_is_probe` stops reading after `max_body_bytes` without failing:
        used to prove a download host answers without downloading the file.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in ("GET", "HEAD")
        if memo is None:
            memo = idempotent
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme == "http" and not is_loopback(host):
            raise HttpFailure(
                FailureKind.INSECURE_URL,
                f"Refused to send a request to http://{host}: credentials would travel "
                "unencrypted. Use an https:// address.",
                host=host,
            )
        if parts.scheme not in ("http", "https"):
            raise HttpFailure(FailureKind.BAD_URL, f"'{parts.scheme}' URLs are not supported.", host=host)

        call = _Call(method, url, headers, params, json, idempotent, expect_json, max_body_bytes,
                     body_limit_is_probe)
        if not memo:
            return await self._send_with_policy(call)
        key = call.memo_key()
        fut = self._memo.get(key)
        if fut is not None:
            self.stats.memo_hits += 1
            return await asyncio.shield(fut)
        fut = asyncio.get_running_loop().create_future()
        self._memo[key] = fut
        try:
            resp = await self._send_with_policy(call)
        except BaseException as exc:
            # A failed or cancelled request is not memoised: a re-run may try again.
            # Waiters sharing it get the same failure (or a timeout if its owner was cancelled).
            self._memo.pop(key, None)
            shared = exc if isinstance(exc, Exception) else HttpFailure(
                FailureKind.TIMEOUT,
                f"The request to {host} was abandoned before it finished.",
                host=host,
            )
            fut.set_exception(shared)
            fut.exception()  # mark retrieved: nobody may be waiting
            raise
        fut.set_result(resp)
        if len(resp.body) > self.settings.memo_keep_bytes or self._memo_bytes + len(resp.body) > self.settings.memo_budget_bytes:
            self._memo.pop(key, None)
        else:
            self._memo_bytes += len(resp.body)
        return resp

    async def _send_with_policy(self, call: _Call) -> Response:
        depth = request_depth.get() + 1
        resp = await self._send_with_policy_inner(call)
        request_depth.set(max(request_depth.get(), depth))
        self.stats.critical_path = max(self.stats.critical_path, depth)
        return resp

    async def get(self, url: str, **kw: Any) -> Response:
        return await self.request("GET", url, **kw)

    async def post(self, url: str, **kw: Any) -> Response:
        return await self.request("POST", url, **kw)

    # ------------------------------------------------------------------- policy

    def _cap_timeouts(self, request: httpx.Request) -> float | None:
        """Shorten `request`'s timeouts to what is left of the running check (minus a
        margin), so a server that never answers is reported by host and phase instead of
        as a check that ran out of time. Returns the cap when it applies."""
        remaining = time_left()
        s = self.settings
        if remaining is None:
            return None
        left = max(0.05, remaining - max(DEADLINE_MARGIN, DEADLINE_MARGIN_SHARE * remaining))
        if left >= max(s.read_timeout, s.connect_timeout):
            return None
        read = min(s.read_timeout, left)
        request.extensions["timeout"] = httpx.Timeout(read, connect=min(s.connect_timeout, left)).as_dict()
        return left

    async def _send_with_policy_inner(self, call: _Call) -> Response:
        s = self.settings
        attempt = 0
        first_failure: HttpFailure | None = None
        while True:
            attempt += 1
            try:
                resp = await self._send_following_redirects(call)
            except HttpFailure as failure:
                retryable = failure.kind in (
                    FailureKind.REFUSED, FailureKind.CONNECT, FailureKind.RESET, FailureKind.TIMEOUT,
                )
                if call.idempotent and retryable and attempt <= s.max_retries:
                    first_failure = first_failure or failure
                    if await self._backoff(attempt):
                        continue
                raise _root_cause(first_failure, failure) from None

            wait = _rate_limit_wait(resp)
            if wait is not None:
                retry_at = datetime.now(UTC).timestamp() + wait
                remaining = time_left()
                fits = remaining is None or wait + DEADLINE_MARGIN < remaining
                if attempt <= s.max_retries and wait <= 120 and fits:
                    self.stats.rate_limit_waits += 1
                    log.info("rate limited by %s; waiting %.1f s", resp.host, wait)
                    await asyncio.sleep(wait)
                    continue
                raise _rate_limit_failure(resp, wait, retry_at, remaining)

            if resp.status in (502, 503, 504) and call.idempotent and attempt <= s.max_retries:
                if await self._backoff(attempt, resp):
                    continue
            if resp.status >= 500:
                raise _server_failure(resp, attempt)
            if resp.status == 407:
                raise _proxy_auth_failure(
                    f"The proxy between this computer and {resp.host} asks for a login", resp.host
                )
            if call.expect_json and resp.body and resp.is_html and resp.status not in (204, 304):
                raise not_json_failure(resp)
            return resp

    async def _backoff(self, attempt: int, resp: Response | None = None) -> bool:
        """Sleep before a retry unless that would outlast the check. Returns False to give up."""
        delay = self.settings.backoff_base * (2 ** (attempt - 1))
        if resp is not None and (ra := _retry_after_seconds(resp)) is not None:
            delay = max(delay, ra)
        remaining = time_left()
        if remaining is not None and delay + DEADLINE_MARGIN + MIN_RETRY_SECONDS >= remaining:
            return False
        self.stats.retries += 1
        await asyncio.sleep(delay)
        return True

    async def _send_following_redirects(self, call: _Call) -> Response:
        carries_credentials = any(k.lower() in _CREDENTIAL_HEADERS for k in (call.headers or {}))
        origin = urlsplit(call.url)
        current = call
        for _ in range(self.settings.max_redirects + 1):
            resp = await self._send_once(current)
            if resp.status not in (301, 302, 303, 307, 308) or "location" not in resp.headers:
                return resp
            target = httpx.URL(current.url).join(resp.headers["location"])
            same_origin = (target.scheme, target.host, target.port) == (
                origin.scheme, origin.hostname, origin.port,
            )
            if carries_credentials and not same_origin:
                vendor = _vendor_of(origin.hostname or "")
                ghes_hint = "" if vendor in ("cursor", "anthropic") else " or a GitHub Enterprise Server login page"
                raise HttpFailure(
                    FailureKind.REDIRECT,
                    f"{origin.hostname} redirected the request to another host ({target.host}). "
                    f"The credentials were not sent there. A proxy, a wrong base URL{ghes_hint} "
                    "usually causes this.",
                    host=origin.hostname or "",
                    status=resp.status,
                    details=[f"Redirect target: {target.scheme}://{target.host}{target.path}"],
                    remediation=[network_help("redirect", "Check the API base URL")],
                )
            if target.scheme == "http" and not is_loopback(target.host):
                raise HttpFailure(
                    FailureKind.INSECURE_URL,
                    f"{origin.hostname} redirected to plain http://{target.host}; refused.",
                    host=origin.hostname or "",
                )
            current = replace(current, url=str(target), params=None)
            if resp.status == 303:
                current = replace(current, method="GET", json=None)
        raise HttpFailure(
            FailureKind.REDIRECT,
            f"{origin.hostname} redirected more than {self.settings.max_redirects} times.",
            host=origin.hostname or "",
        )

    async def _send_once(self, call: _Call) -> Response:
        method, url = call.method, call.url
        host = host_of(url)
        limit = call.max_body_bytes or self.settings.max_body_bytes
        all_headers = {"User-Agent": self.settings.user_agent, "Accept": "application/json",
                       "Accept-Encoding": ", ".join(_DECODERS)}
        all_headers.update(call.headers or {})
        request = self._client.build_request(method, url, headers=all_headers, params=call.params, json=call.json)
        self.stats.sent[(method, str(request.url))] += 1
        started = time.perf_counter()
        slot = self._slot(urlsplit(url).netloc)
        allowance = queue_allowance.get() if slot.locked() else None
        if allowance is not None:
            queued_at = asyncio.get_running_loop().time()
            allowance.begin_wait()
            try:
                await slot.acquire()
            finally:
                allowance.end_wait(asyncio.get_running_loop().time() - queued_at)
        else:
            await slot.acquire()
        pending = in_flight.get()
        flight = InFlight(method, host, clean_text(request.url.path, 120))
        if pending is not None:
            pending.append(flight)
            request.extensions["trace"] = flight.trace
        try:
            time_left = self._cap_timeouts(request)
            try:
                response = await self._client.send(request, stream=True)
                # An injected transport (httpx.MockTransport) may hand back an answer it has
                # already read; its body can't be streamed again and is already decoded.
                pre_read = response.is_stream_consumed
                try:
                    body = await _read_capped(response, pre_read, limit, probe=call.probe)
                finally:
                    await response.aclose()
            except HttpFailure:
                raise
            except httpx.HTTPError as exc:
                raise classify_transport_error(exc, host, self.settings, time_left=time_left) from None
        except asyncio.CancelledError:
            # Cut off by the check's own time limit: the runner names what was pending.
            flight.cancelled = True
            raise
        finally:
            slot.release()
            if pending is not None and not flight.cancelled:
                pending.remove(flight)
        elapsed = int((time.perf_counter() - started) * 1000)
        log.debug("%s %s -> %s in %d ms", method, _safe_url(request.url), response.status_code, elapsed)
        return Response(
            method=method,
            url=str(request.url),
            status=response.status_code,
            headers=response.headers,
            body=body,
            elapsed_ms=elapsed,
        )


_DECODERS = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
"""The content codings asked for and undone (zlib window bits for each)."""


def _too_large(response: httpx.Response, limit: int, what: str = "answer") -> HttpFailure:
    host = host_of(str(response.request.url))
    return HttpFailure(
        FailureKind.TOO_LARGE,
        f"{host} sent an unexpectedly large {what} (over {limit // 1024} KiB once unpacked) "
        f"to {response.request.method} {response.request.url.path}; it was not read to the end.",
        host=host,
        status=response.status_code,
        remediation=[network_help("too-large", "Why an answer can be too large")],
    )


class _Decoder:
    """Undoes one Content-Encoding while never producing more than `room` bytes: each
    compressed chunk is unpacked only up to what is left of the size cap, so a small
    compressed answer that unpacks to gigabytes (a 'zip bomb') costs at most the cap."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._z = zlib.decompressobj(_DECODERS[coding]) if coding else None
        self._started = False

    def decode(self, data: bytes, room: int) -> bytes:
        """At most `room` + 1 bytes of output (one more than fits tells the caller it's too big)."""
        if self._z is None:
            return data
        try:
            out = self._z.decompress(data, room + 1)
        except zlib.error:
            if self.coding != "deflate" or self._started:
                raise
            # "deflate" is sent both zlib-wrapped (as the RFC says) and raw; try raw.
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._z.decompress(data, room + 1)
        self._started = True
        return out

    def flush(self) -> bytes:
        return self._z.flush() if self._z is not None else b""


async def _read_capped(response: httpx.Response, pre_read: bool, limit: int, *, probe: bool) -> bytes:
    """The decoded body, never more than `limit` bytes of it in memory: past the cap a probe
    keeps what fits, anything else fails with `too_large`. Only the codings asked for
    (gzip, deflate; one layer) are accepted; a stacked or unasked-for one is refused."""
    if pre_read:  # an injected transport's answer, already read and decoded
        if len(response.content) > limit and not probe:
            raise _too_large(response, limit)
        return response.content[:limit]
    codings = [c.strip().lower() for c in response.headers.get_list("content-encoding", split_commas=True)]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1 or (codings and codings[0] not in _DECODERS):
        host = host_of(str(response.request.url))
        raise HttpFailure(
            FailureKind.INVALID_JSON,
            f"{host} sent an answer compressed as '{clean_text(', '.join(codings), 80)}', which was "
            "not asked for (only one layer of gzip or deflate is); it was not unpacked.",
            host=host,
            status=response.status_code,
            remediation=[network_help("invalid-json", "Why an answer can arrive broken")],
        )
    decoder = _Decoder(codings[0] if codings else "")
    chunks: list[bytes] = []
    size = 0
    try:
        async for raw in response.aiter_raw():
            # A piece is at most one byte over what fits: if it is over, more was waiting.
            piece = decoder.decode(raw, limit - size)
            if size + len(piece) > limit:
                if probe:
                    chunks.append(piece[: limit - size])
                    return b"".join(chunks)
                raise _too_large(response, limit)
            size += len(piece)
            chunks.append(piece)
        tail = decoder.flush()
        if size + len(tail) > limit and not probe:
            raise _too_large(response, limit)
        chunks.append(tail[: limit - size])
    except zlib.error:
        host = host_of(str(response.request.url))
        raise HttpFailure(
            FailureKind.INVALID_JSON,
            f"{host} sent a compressed answer that could not be decompressed; it was probably "
            "cut off on the way.",
            host=host,
            status=response.status_code,
        ) from None
    return b"".join(chunks)


def _safe_url(url: httpx.URL) -> str:
    """Scheme, host and path only: query strings can carry signed download tokens."""
    return f"{url.scheme}://{url.host}{url.path}"


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


def _rate_limit_failure(
    resp: Response, wait: float, retry_at: float, remaining: float | None
) -> HttpFailure:
    at = datetime.fromtimestamp(retry_at, UTC)
    budget = f" (this check had {max(0, int(remaining))} s left)" if remaining is not None else ""
    return HttpFailure(
        FailureKind.RATE_LIMITED,
        f"{resp.host} is rate-limiting these requests until {at:%H:%M:%S} UTC "
        f"(about {int(wait)} s); the tool did not wait that long{budget}.",
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
