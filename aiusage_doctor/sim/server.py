"""A small HTTP/1.1 server on loopback: asyncio + h11, in a background daemon thread.

Why not `http.server`: the `enterprise-large` benchmark keeps hundreds of requests in
flight, each held back by injected latency, which a thread-per-connection server
handles poorly. One event loop with h11 parsing serves thousands of concurrent,
kept-alive connections without any dependency beyond `h11` (already installed with
httpx).

The server knows nothing about vendors. It parses requests into `SimRequest`s, hands
them to an async `app(request) -> SimResponse` and writes the answer, or performs the
answer's transport-level fault: `reset` (TCP RST, no answer), `hang` (never answer until
the client gives up or the server stops), `cut` (headers and part of the body, then
close). Several listeners can share one app; each request records which one it came in
on (`SimRequest.listener`), so a second port can play a separate host.
"""

from __future__ import annotations

import asyncio
import re
import contextlib
import json
import socket
import struct
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

import h11

MAX_REQUEST_BODY = 1024 * 1024
"""Request bodies above this get 413: no probe sends more than a small JSON document."""

Action = Literal["reset", "hang", "cut"]


@dataclass
class SimRequest:
    method: str
    target: str
    """The raw request target (path and query)."""
    headers: dict[str, str]
    """Lower-case header names; repeated headers joined with ', '."""
    body: bytes
    listener: str
    """Name of the listener (port) the request arrived on."""
    path: str = ""
    query: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parts = urlsplit(self.target)
        self.path = unquote(parts.path) or "/"
        self.query = parse_qs(parts.query, keep_blank_values=True)

    def q(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def json(self) -> Any:
        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None


@dataclass
class SimResponse:
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    action: Action | None = None
    """A transport-level fault instead of (or, for `cut`, during) the answer."""

    @classmethod
    def json(cls, status: int, data: Any, headers: list[tuple[str, str]] | None = None) -> SimResponse:
        body = json.dumps(data, separators=(",", ":")).encode()
        return cls(status, [("Content-Type", "application/json; charset=utf-8"), *(headers or [])], body)

    @classmethod
    def text(cls, status: int, text: str, content_type: str = "text/plain; charset=utf-8",
             headers: list[tuple[str, str]] | None = None) -> SimResponse:
        return cls(status, [("Content-Type", content_type), *(headers or [])], text.encode())

    def header(self, name: str) -> str | None:
        low = name.lower()
        for key, value in self.headers:
            if key.lower() == low:
                return value
        return None


App = Callable[[SimRequest], Awaitable[SimResponse]]


Route = tuple[str, re.Pattern[str], Callable[..., SimResponse]]
"""(method, path pattern, handler) in a vendor's route table."""

WRONG_METHOD = object()
"""`match_route`'s answer when the path exists but not for this method."""


def match_route(routes: list[Route], method: str, path: str, *, head_as_get: bool = False) -> Any:
    """The first route whose pattern matches all of `path`: (handler, path parameters), or
    WRONG_METHOD when that route takes another method, or None when no route matches.
    Each vendor answers the two misses in its own words."""
    for route_method, pattern, handler in routes:
        m = pattern.fullmatch(path)
        if m:
            if method == route_method or (head_as_get and route_method == "GET" and method == "HEAD"):
                return handler, m.groupdict()
            return WRONG_METHOD
    return None


class HttpServer:
    """Listeners on 127.0.0.1 ephemeral ports, served by one event loop in a daemon thread.

    `start()` returns once every port is bound (a few milliseconds); `stop()` closes the
    listeners, cancels in-flight handlers (including hung ones), closes every connection
    and joins the thread. Both are idempotent and safe to call from any thread.
    """

    def __init__(self, app: App, listeners: tuple[str, ...] = ("api",), *,
                 refused: tuple[str, ...] = (), host: str = "127.0.0.1") -> None:
        self.app = app
        self.host = host
        self.listener_names = listeners
        self.refused_names = refused
        self.ports: dict[str, int] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._servers: list[asyncio.base_events.Server] = []
        self._reserved: list[socket.socket] = []
        self._conn_tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._lock = threading.Lock()
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        self._stopped = False
        self.connections = 0
        """Connections accepted so far (keep-alive reuses one for many requests)."""

    # ------------------------------------------------------------------ lifecycle

    def start(self, timeout: float = 5.0) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="aiusage-sim", daemon=True)
            self._thread.start()
        if not self._started.wait(timeout):
            raise RuntimeError("the simulator did not start in time")
        if self._start_error is not None:
            raise RuntimeError(f"the simulator could not start: {self._start_error}") from self._start_error

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._bind())
        except BaseException as exc:  # report to start(), then leave
            self._start_error = exc
            self._started.set()
            loop.close()
            return
        self._started.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _bind(self) -> None:
        for name in self.listener_names:
            server = await asyncio.start_server(
                lambda r, w, _n=name: self._on_connection(r, w, _n),
                self.host, 0, backlog=1024, reuse_address=True,
            )
            self._servers.append(server)
            self.ports[name] = server.sockets[0].getsockname()[1]
        for name in self.refused_names:
            # Bound but never listening: connecting gets "connection refused", and the
            # port stays reserved so nothing else can take it while the simulator runs.
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((self.host, 0))
            self._reserved.append(sock)
            self.ports[name] = sock.getsockname()[1]

    def stop(self, timeout: float = 5.0) -> None:
        with self._lock:
            if self._stopped or self._thread is None:
                self._stopped = True
                return
            self._stopped = True
            loop, thread = self._loop, self._thread
        if loop is not None and not loop.is_closed():
            fut = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
            with contextlib.suppress(Exception):
                fut.result(timeout)
            loop.call_soon_threadsafe(loop.stop)
        if thread is not threading.current_thread():
            thread.join(timeout)
        for sock in self._reserved:
            sock.close()

    async def _shutdown(self) -> None:
        for server in self._servers:
            server.close()
        for writer in list(self._writers):
            with contextlib.suppress(Exception):
                writer.transport.abort()
        tasks = [t for t in self._conn_tasks if not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2.0)
        for server in self._servers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 1.0)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stopped

    # ----------------------------------------------------------------- connections

    async def _on_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                             listener: str) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._conn_tasks.add(task)
        self._writers.add(writer)
        self.connections += 1
        sock = writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=64 * 1024)
        try:
            await self._serve(conn, reader, writer, listener)
        except (asyncio.CancelledError, ConnectionError, h11.RemoteProtocolError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            self._conn_tasks.discard(task)
            if not writer.transport.is_closing():
                writer.transport.close()

    async def _serve(self, conn: h11.Connection, reader: asyncio.StreamReader,
                     writer: asyncio.StreamWriter, listener: str) -> None:
        while True:
            request = await self._read_request(conn, reader, listener)
            if request is None:
                return
            if isinstance(request, SimResponse):  # a malformed or oversize request
                await self._write(conn, writer, request)
                return
            try:
                response = await self.app(request)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug in a handler answers 500, like a real service
                response = SimResponse.json(500, {"message": f"simulator error: {type(exc).__name__}"})
            if response.action == "reset":
                _reset(writer)
                return
            if response.action == "hang":
                await asyncio.Event().wait()  # until the client disconnects or stop() cancels us
            if response.action == "cut":
                await self._write_cut(conn, writer, response)
                return
            await self._write(conn, writer, response, head=request.method == "HEAD")
            if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
                return
            try:
                conn.start_next_cycle()
            except h11.LocalProtocolError:
                return

    async def _read_request(self, conn: h11.Connection, reader: asyncio.StreamReader,
                            listener: str) -> SimRequest | SimResponse | None:
        req: h11.Request | None = None
        body = bytearray()
        while True:
            try:
                event = conn.next_event()
            except h11.RemoteProtocolError:
                return SimResponse.text(400, "Bad Request")
            if event is h11.NEED_DATA:
                data = await reader.read(65536)
                if not data:
                    try:
                        conn.receive_data(b"")
                    except h11.RemoteProtocolError:
                        return None
                    continue
                conn.receive_data(data)
                continue
            if isinstance(event, h11.ConnectionClosed) or event is h11.PAUSED:
                return None
            if isinstance(event, h11.Request):
                req = event
            elif isinstance(event, h11.Data):
                body += event.data
                if len(body) > MAX_REQUEST_BODY:
                    return SimResponse.text(413, "Request Entity Too Large")
            elif isinstance(event, h11.EndOfMessage):
                assert req is not None
                headers: dict[str, str] = {}
                for name, value in req.headers:
                    key = name.decode("latin-1").lower()
                    val = value.decode("latin-1")
                    headers[key] = f"{headers[key]}, {val}" if key in headers else val
                return SimRequest(
                    method=req.method.decode("ascii"),
                    target=req.target.decode("latin-1"),
                    headers=headers,
                    body=bytes(body),
                    listener=listener,
                )

    @staticmethod
    def _h11_response(response: SimResponse, length: int) -> h11.Response:
        headers = [(k, v) for k, v in response.headers if k.lower() not in ("content-length", "transfer-encoding")]
        headers.append(("Content-Length", str(length)))
        if not any(k.lower() == "server" for k, _ in headers):
            headers.append(("Server", "aiusage-doctor-simulator"))
        return h11.Response(status_code=response.status, headers=headers)

    async def _write(self, conn: h11.Connection, writer: asyncio.StreamWriter, response: SimResponse,
                     *, head: bool = False) -> None:
        body = b"" if response.status in (204, 304) or response.status < 200 else response.body
        out = conn.send(self._h11_response(response, len(body)))
        if body and not head:  # HEAD: the length of the body a GET would get, and no body
            out += conn.send(h11.Data(data=body))
        out += conn.send(h11.EndOfMessage())
        writer.write(out)
        await writer.drain()

    async def _write_cut(self, conn: h11.Connection, writer: asyncio.StreamWriter, response: SimResponse) -> None:
        """Announce the whole body, send half of it, then close: a dropped connection."""
        body = response.body or b"{}"
        out = conn.send(self._h11_response(response, len(body)))
        out += conn.send(h11.Data(data=body[: len(body) // 2]))
        writer.write(out)
        await writer.drain()
        _reset(writer)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST (SO_LINGER 0), the way a firewall or a crashed proxy drops a connection."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
