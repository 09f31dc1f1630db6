"""Local stand-ins for a hostile network: a closed port, TLS servers with bad
certificates, a proxy that wants a login, and a transport that sends chosen requests
into one of them while everything else reaches the simulator.

Nothing here talks to the real network. The TLS certificates are made at run time
with `trustme`; the proxy answers every request with 407 and never forwards; DNS
failures are raised by a mock transport, not looked up.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import os
import socket
import ssl
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import trustme

from aiusage_doctor.core.http import _ssl_context

Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]

PROXY_ENV = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
             "NO_PROXY", "no_proxy")

VENDOR_HOSTS = {"github": "api.github.com", "cursor": "api.cursor.com", "anthropic": "api.anthropic.com"}
"""Where a request goes when it is sent through the local proxy (which never forwards)."""


# ------------------------------------------------------------------------- servers


class _Acceptor:
    """A listening loopback socket whose connections are served by `serve(conn)` in threads."""

    def __init__(self, serve: Callable[[socket.socket], None]) -> None:
        self._serve = serve
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name=f"robustness-{self.port}", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._guarded, args=(conn,), daemon=True).start()

    def _guarded(self, conn: socket.socket) -> None:
        with contextlib.suppress(Exception):
            conn.settimeout(10)
            self._serve(conn)
        with contextlib.suppress(OSError):
            conn.close()

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self.sock.close()


def _read_head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


class TlsServer:
    """HTTPS on 127.0.0.1 with the given certificate; answers `{}` if a client gets through."""

    def __init__(self, cert: trustme.LeafCert | trustme.CA) -> None:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        if isinstance(cert, trustme.CA):  # a bare self-signed certificate as the server's own
            with cert.cert_pem.tempfile() as c, cert.private_key_pem.tempfile() as k:
                ctx.load_cert_chain(c, k)
        else:
            cert.configure_cert(ctx)
        self._ctx = ctx
        self._acceptor = _Acceptor(self._serve)
        self.port = self._acceptor.port

    def _serve(self, conn: socket.socket) -> None:
        with self._ctx.wrap_socket(conn, server_side=True) as tls:
            _read_head(tls)
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                        b"Connection: close\r\n\r\n{}")

    def close(self) -> None:
        self._acceptor.close()


class Proxy407:
    """An HTTP proxy that wants a login: every request (CONNECT included) gets 407.
    It records the request heads it saw and never opens a connection anywhere."""

    def __init__(self) -> None:
        self.heads: list[str] = []
        self._lock = threading.Lock()
        self._acceptor = _Acceptor(self._serve)
        self.port = self._acceptor.port
        self.url = f"http://127.0.0.1:{self.port}"

    def _serve(self, conn: socket.socket) -> None:
        head = _read_head(conn).decode("latin-1")
        with self._lock:
            self.heads.append(head)
        conn.sendall(
            b"HTTP/1.1 407 Proxy Authentication Required\r\n"
            b"Proxy-Authenticate: Basic realm=\"Corporate proxy\"\r\n"
            b"Content-Type: text/html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )

    def close(self) -> None:
        self._acceptor.close()


@dataclass
class Network:
    """Every bad endpoint the fault matrix needs, started once."""

    workdir: Path
    ca: trustme.CA = field(default_factory=trustme.CA)
    servers: dict[str, TlsServer] = field(default_factory=dict)
    refused_port: int = 0
    proxy: Proxy407 | None = None
    _reserved: socket.socket | None = None

    @property
    def ca_file(self) -> str:
        return str(self.workdir / "trusted-ca.pem")

    @functools.cached_property
    def client_context(self) -> ssl.SSLContext:
        """What the product's client trusts with --ca-file: the system store plus our CA."""
        return _ssl_context(self.ca_file)

    def start(self) -> Network:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.ca.cert_pem.write_to_path(self.ca_file)
        past = datetime.now(UTC) - timedelta(days=400)
        self.servers = {
            # A certificate that signed itself (not from any authority).
            "tls_self_signed": TlsServer(trustme.CA()),
            # Signed by an authority this computer doesn't know: what TLS-inspecting proxies present.
            "tls_untrusted_ca": TlsServer(trustme.CA().issue_cert("localhost", "127.0.0.1")),
            # Trusted authority (the client gets ca_file), but expired a year ago.
            "tls_expired": TlsServer(self.ca.issue_cert(
                "localhost", "127.0.0.1", not_before=past - timedelta(days=30), not_after=past)),
            # Trusted authority, valid, but for another host name.
            "tls_wrong_host": TlsServer(self.ca.issue_cert("intranet.example.com")),
        }
        # Bound but never listening: connecting is refused, and nothing else can take the port.
        self._reserved = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._reserved.bind(("127.0.0.1", 0))
        self.refused_port = self._reserved.getsockname()[1]
        self.proxy = Proxy407()
        return self

    def stop(self) -> None:
        for server in self.servers.values():
            server.close()
        if self.proxy is not None:
            self.proxy.close()
        if self._reserved is not None:
            self._reserved.close()

    def tls_url(self, name: str) -> str:
        return f"https://localhost:{self.servers[name].port}"


@contextlib.contextmanager
def proxy_env(proxy_url: str | None) -> Iterator[None]:
    """Only `HTTPS_PROXY` (or no proxy at all) for the duration; restored afterwards."""
    saved = {k: os.environ.get(k) for k in PROXY_ENV}
    try:
        for k in PROXY_ENV:
            os.environ.pop(k, None)
        if proxy_url:
            os.environ["HTTPS_PROXY"] = proxy_url
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# ----------------------------------------------------------------------- transports


def key_of(request: httpx.Request) -> str:
    """'METHOD /path' (no query), the same string the simulator's faults match."""
    return f"{request.method} {request.url.path}"


class RoutedTransport(httpx.AsyncBaseTransport):
    """Requests whose 'METHOD /path' matches a glob go to its handler; all others to the
    simulator over a real loopback connection. Records what it routed and what it refused."""

    def __init__(self, routes: list[tuple[str, Handler]]) -> None:
        self.routes = routes
        self.routed: list[httpx.Request] = []
        self.escaped: list[str] = []
        """Hosts of requests that would have left the test network (refused, recorded)."""
        self._inner = httpx.AsyncHTTPTransport(verify=_plain_context())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        for glob, handler in self.routes:
            if fnmatch.fnmatchcase(key_of(request), glob):
                self.routed.append(request)
                return await handler(request)
        if request.url.host not in ("127.0.0.1", "localhost"):
            self.escaped.append(request.url.host)
            raise httpx.ConnectError("blocked by the test: not a loopback host", request=request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def _moved(request: httpx.Request, base: str) -> httpx.Request:
    """The same request, sent to another scheme/host/port (path, query, headers, body kept)."""
    target = httpx.URL(base)
    url = request.url.copy_with(scheme=target.scheme, host=target.host, port=target.port)
    headers = [(k, v) for k, v in request.headers.multi_items() if k.lower() != "host"]
    return httpx.Request(request.method, url, headers=headers, content=request.content)


@functools.cache
def _plain_context() -> ssl.SSLContext:
    """For transports that only speak plain http to loopback (building httpx's default
    context for each one would load the CA bundle every time)."""
    return ssl.create_default_context()


def forward_to(base: str, verify: ssl.SSLContext | None = None, proxy: str | None = None) -> Handler:
    """A handler that sends the request over a real connection to `base` (e.g. a closed port,
    a TLS server with a bad certificate, or through the 407 proxy to a vendor host)."""

    async def handler(request: httpx.Request) -> httpx.Response:
        async with httpx.AsyncHTTPTransport(verify=verify or _plain_context(), proxy=proxy) as transport:
            response = await transport.handle_async_request(_moved(request, base))
            await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=response.content)

    return handler


def tls_handler(net: Network, name: str) -> Handler:
    return forward_to(net.tls_url(name), verify=net.client_context)


def dns_failure(request: httpx.Request) -> httpx.Response:
    """What httpx raises when the host name doesn't resolve (the gaierror stays chained)."""
    try:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    except socket.gaierror as exc:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request) from exc


async def dns_handler(request: httpx.Request) -> httpx.Response:
    return dns_failure(request)


async def huge_handler(request: httpx.Request) -> httpx.Response:
    from aiusage_doctor.core.http import HttpSettings

    chunk = b" " * (1024 * 1024)
    total = HttpSettings().max_body_bytes // len(chunk) + 2

    async def body():
        for _ in range(total):
            yield chunk

    return httpx.Response(200, headers={"Content-Type": "application/json"}, content=body())


async def invalid_json_handler(request: httpx.Request) -> httpx.Response:
    # What an Envoy-style proxy sends when the upstream drops: plain text labelled as JSON.
    return httpx.Response(200, headers={"Content-Type": "application/json"},
                          content=b"upstream connect error or disconnect/reset before headers")


async def redirect_handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(302, headers={"Location": "https://sso.intranet.example.com/login?next=/api"})
