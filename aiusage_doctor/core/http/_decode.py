"""The bounded streaming decoder: an answer is read and unpacked only up to the size cap."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from aiusage_doctor.core.http._errors import FailureKind, HttpFailure, network_help
from aiusage_doctor.core.http._urls import host_of
from aiusage_doctor.core.untrusted import clean_text

if TYPE_CHECKING:
    import httpx


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
