"""What every Anthropic check shares: the clock, the request headers and URLs, and how an
error answer is put into words."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiusage_doctor.core.checks import CheckContext, Diagnosis, Outcome
from aiusage_doctor.core.http import Response
from aiusage_doctor.core.tokens import TokenKind, verdict_for
from aiusage_doctor.providers.anthropic_refs import ANTHROPIC_VERSION, REF, raw_key


def _now() -> datetime:
    return datetime.now(UTC)


def _headers(ctx: CheckContext) -> dict[str, str]:
    """Keys go in `x-api-key`; an OAuth token is a bearer token (as Anthropic's SDKs send it)."""
    info = verdict_for(raw_key(ctx.config), "anthropic").info
    if info.kind is TokenKind.ANTHROPIC_OAUTH:
        return {"authorization": f"Bearer {info.value}", "anthropic-version": ANTHROPIC_VERSION}
    return {"x-api-key": info.value, "anthropic-version": ANTHROPIC_VERSION}


def _url(ctx: CheckContext, name: str) -> str:
    return ctx.config.anthropic.api_url.rstrip("/") + REF[name].url


def _api_error(resp: Response) -> tuple[str, str]:
    """(error type, message) from Anthropic's envelope {"type":"error","error":{type,message}}."""
    body = resp.json_or_none()
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            return str(err.get("type") or "error"), str(err.get("message") or "").strip()[:300]
        if isinstance(err, str):
            return "error", (str(body.get("message") or err)).strip()[:300]
    return "error", resp.text.strip()[:200]


_PLAIN_ERRORS = {
    "authentication_error": "the key was not accepted",
    "permission_error": "the key is not allowed to do this",
    "not_found_error": "the address or resource was not found",
    "invalid_request_error": "the request was refused as invalid",
    "billing_error": "there is a billing problem on the account",
    "rate_limit_error": "too many requests",
}


def _error_words(resp: Response) -> str:
    etype, message = _api_error(resp)
    plain = _PLAIN_ERRORS.get(etype, f"HTTP {resp.status}")
    return f"{plain} ({etype}: \u201c{message or 'no message'}\u201d)"


def _evidence(resp: Response) -> dict[str, Any]:
    return resp.evidence("request-id", "retry-after", "content-type")


def _http_line(resp: Response) -> str:
    etype, message = _api_error(resp)
    return f"{resp.method} {resp.path} answered HTTP {resp.status} {etype}: \u201c{message}\u201d."


def _unexpected(what: str, resp: Response, rows: dict[str, Diagnosis], details: list[str] | None = None,
                ) -> Outcome:
    row = rows["unexpected"]
    return Outcome.unexpected_answer(
        "Anthropic", what, evidence=_evidence(resp) | {"status": resp.status},
        details=details or [_http_line(resp)], remediation=row.links, sources=row.sources,
    )
