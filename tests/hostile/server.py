"""One small hostile server on 127.0.0.1 that plays each attack on the tool.

Every request, whatever its path, gets the current attack's answer, so all three
providers' first requests meet it. The server runs in daemon threads, answers at most
`max_requests` requests, and shuts itself down after `lifetime` seconds even if a test
forgets to stop it. The attacks are the ones a hostile proxy, a TLS-inspecting middlebox
or a wrong base URL can play: a decompression bomb, terminal escapes, a message made of
slashes, JSON nested a hundred thousand deep, and a server echoing the credential back
in the encodings a leak scanner would miss.
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import struct
import threading
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

Answer = tuple[int, dict[str, str], bytes]
Attack = Callable[[dict[str, str]], Answer]

BOMB_BYTES = 512 * 1024 * 1024
"""What the decompression bomb unpacks to (it is about 0.5 MB on the wire)."""

ESCAPES = (
    "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: write to the clipboard
    "\x1b[2J\x1b[H"                  # clear the screen, cursor home
    "\r[✓] All checks passed"        # overprint the line with a fake verdict
    "\u202egnp.exe\u202c \u2066x\u2069 \x9b31m \x00\x7f"
)
"""Control sequences a hostile answer carries."""


@functools.lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    """BOMB_BYTES of spaces, gzipped: one fully flushed deflate segment for 1 MiB,
    repeated (a full flush makes each copy stand alone), framed as gzip."""
    block = b" " * (1024 * 1024)
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    segment = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    final = packer.flush()
    crc = 0
    for _ in range(BOMB_BYTES // len(block)):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + segment * (BOMB_BYTES // len(block)) + final + struct.pack("<II", crc, BOMB_BYTES & 0xFFFFFFFF)


def credential(headers: dict[str, str]) -> str:
    """The secret a request carried: Bearer token, x-api-key, or Basic user name."""
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    if auth.lower().startswith("basic "):
        user = base64.b64decode(auth[6:].strip()).decode(errors="replace")
        return user.split(":", 1)[0]
    return headers.get("x-api-key", "").strip()


def _json(status: int, payload: object, **headers: str) -> Answer:
    return status, {"content-type": "application/json", **headers}, json.dumps(payload).encode()


def _message(text: str, **headers: str) -> Answer:
    """A 401 whose every message field (GitHub, Cursor and Anthropic shapes) says `text`."""
    return _json(401, {"message": text, "error": {"type": "authentication_error", "message": text},
                       "detail": text}, **headers)


def _echo(form: Callable[[str], str]) -> Attack:
    def attack(headers: dict[str, str]) -> Answer:
        return _message(f"invalid credential {form(credential(headers))}")
    return attack


def _chunks(secret: str, n: int = 11) -> str:
    return " ".join(secret[i : i + n] for i in range(0, len(secret), n))


def _json_escaped(headers: dict[str, str]) -> Answer:
    """The credential as JSON \\u escapes, raw in the body (what evidence quotes)."""
    escaped = "".join(f"\\u{ord(c):04x}" for c in credential(headers)[:40])
    body = ('{"message": "invalid credential", "echo": "' + escaped + '"}').encode()
    return 401, {"content-type": "application/json"}, body


ATTACKS: dict[str, Attack] = {
    # 1. a small answer that unpacks to half a gigabyte; and the same stacked twice
    "gzip_bomb": lambda h: (200, {"content-type": "application/json", "content-encoding": "gzip"}, gzip_bomb()),
    "stacked_gzip": lambda h: (200, {"content-type": "application/json", "content-encoding": "gzip, gzip"},
                               gzip.compress(gzip_bomb(), 9)),
    # 2. an error message of slashes and backslashes (home-path patterns were quadratic)
    "slashes": lambda h: _message("/" * 40_000 + "\\" * 40_000),
    # 3. terminal escapes in messages and in a header shown as evidence
    "escapes": lambda h: _message(ESCAPES, **{"x-request-id": "\x9b2J\x85id", "request-id": "\x9b2J\x85id"}),
    # 8. JSON nested 200,000 deep
    "nested": lambda h: (200, {"content-type": "application/json"}, b"[" * 200_000 + b"]" * 200_000),
    # 7. the credential echoed back, in pieces and encodings
    "echo_chunks": _echo(_chunks),
    "echo_b64_bearer": _echo(lambda s: base64.b64encode(f"Bearer {s}".encode()).decode()),
    "echo_b64_basic": _echo(lambda s: base64.b64encode(f"{s}:".encode()).decode()),
    "echo_b64_token": _echo(lambda s: base64.b64encode(f"x-access-token:{s}".encode()).decode()),
    "echo_percent": _echo(lambda s: "".join(f"%{b:02X}" for b in s.encode())),
    "echo_json_escaped": _json_escaped,
    "echo_header": lambda h: _message("invalid credential", **{"x-request-id": _chunks(credential(h)),
                                                                "request-id": _chunks(credential(h))}),
}


class HostileServer:
    """`with HostileServer("gzip_bomb") as server: … server.url …`"""

    def __init__(self, attack: str, *, lifetime: float = 300.0, max_requests: int = 500) -> None:
        self.attack = ATTACKS[attack]
        self.requests = 0
        self._lock = threading.Lock()
        self.max_requests = max_requests
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                if length:
                    self.rfile.read(min(length, 1_000_000))
                with owner._lock:
                    owner.requests += 1
                    over = owner.requests > owner.max_requests
                if over:
                    self.send_error(503)
                    return
                status, headers, body = owner.attack({k.lower(): v for k, v in self.headers.items()})
                self.send_response_only(status)
                for name, value in headers.items():  # latin-1 on the wire: C1 controls pass
                    self.send_header(name, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:  # the client stopped reading: that is the point
                    pass

            do_GET = do_POST = do_HEAD = _answer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name=f"hostile-{attack}")
        self._timer = threading.Timer(lifetime, self.stop)
        self._timer.daemon = True

    def start(self) -> HostileServer:
        self._thread.start()
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
