"""The client: one per run; retries, redirects, per-host slots, shared answers."""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aiusage_doctor.core.http._classify import (
    _proxy_auth_failure,
    _rate_limit_failure,
    _rate_limit_wait,
    _retry_after_seconds,
    _root_cause,
    _server_failure,
    _vendor_of,
    classify_transport_error,
)
from aiusage_doctor.core.http._context import (
    DEADLINE_MARGIN,
    DEADLINE_MARGIN_SHARE,
    MIN_RETRY_SECONDS,
    InFlight,
    in_flight,
    queue_allowance,
    request_depth,
    time_left,
)
from aiusage_doctor.core.http._decode import _DECODERS, _read_capped
from aiusage_doctor.core.http._errors import FailureKind, HttpFailure, network_help
from aiusage_doctor.core.http._lazy import LazyHttpx
from aiusage_doctor.core.http._notices import note_api_notices
from aiusage_doctor.core.http._response import _CREDENTIAL_HEADERS, Response, _Call, not_json_failure
from aiusage_doctor.core.http._settings import HttpSettings, RequestStats, _ssl_context, ca_file_problem
from aiusage_doctor.core.http._urls import DIRECT_HOSTS, host_of, is_loopback
from aiusage_doctor.core.untrusted import clean_text

log = logging.getLogger(__package__)  # one logger for the adapter: aiusage_doctor.core.http

if TYPE_CHECKING:
    import httpx
else:
    httpx = LazyHttpx(globals())


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
        try:
            verify = _ssl_context(s.ca_file)
        except (ssl.SSLError, OSError, ValueError):  # the extra CA file (the app's settings)
            problem = ca_file_problem(s.ca_file or "") or "it could not be loaded"
            raise HttpFailure(
                FailureKind.TLS,
                f"The extra CA certificate file can't be used: {problem}.",
                remediation=[network_help("tls", "Fix TLS connection problems")],
            ) from None
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
        # A body counts as a credential too: Windsurf's service key travels in the JSON body,
        # and a body is never meant for a server the request wasn't addressed to.
        carries_credentials = call.json is not None or any(
            k.lower() in _CREDENTIAL_HEADERS for k in (call.headers or {}))
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
                ghes_hint = " or a GitHub Enterprise Server login page" if vendor in ("github", "") else ""
                # The port and scheme are named too: a redirect to another port of the same host
                # is just as much another server.
                netloc = target.host + (f":{target.port}" if target.port else "")
                where = f"{target.scheme}://{netloc}" if target.host == origin.hostname else netloc
                raise HttpFailure(
                    FailureKind.REDIRECT,
                    f"{origin.hostname} redirected the request to another "
                    f"{'address' if target.host == origin.hostname else 'host'} ({where}). "
                    f"The credentials were not sent there. A proxy, a wrong base URL{ghes_hint} "
                    "usually causes this.",
                    host=origin.hostname or "",
                    status=resp.status,
                    details=[f"Redirect target: {target.scheme}://{netloc}{target.path}"],
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


def _safe_url(url: httpx.URL) -> str:
    """Scheme, host and path only: query strings can carry signed download tokens."""
    return f"{url.scheme}://{url.host}{url.path}"
