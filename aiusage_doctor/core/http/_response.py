"""A request as the provider asked for it, the complete, size-capped answer, and the
failure for a web page instead of JSON."""

from __future__ import annotations

import json as jsonlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from aiusage_doctor.core.http._errors import FailureKind, HttpFailure, network_help
from aiusage_doctor.core.http._urls import host_of
from aiusage_doctor.core.untrusted import TooDeep, clean_text, parse_json

if TYPE_CHECKING:
    import httpx


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
