"""What every Cursor check shares: the clock, the key and its Basic-auth header, URLs, and
how an answer is put into words."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from aiusage_doctor.core.checks import CheckContext, Diagnosis, Outcome
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import Response
from aiusage_doctor.core.tokens import verdict_for
from aiusage_doctor.providers.cursor.sources import ENTERPRISE_MARKERS, REF


def _now() -> datetime:
    return datetime.now(UTC)


def _raw_key(config: RunConfig) -> str:
    return config.cursor.api_key.get_secret_value() if config.cursor.api_key else ""


def _clean_key(ctx: CheckContext) -> str:
    return verdict_for(_raw_key(ctx.config), "cursor").info.value


def _url(ctx: CheckContext, name: str) -> str:
    return ctx.config.cursor.api_url.rstrip("/") + REF[name].url


def _auth_header(key: str) -> dict[str, str]:
    """Basic auth with the key as user name and an EMPTY password (`curl -u KEY:`)."""
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode("ascii")}


def _error_message(resp: Response) -> str:
    """Cursor's message from either documented error shape, or a short body excerpt."""
    body = resp.json_or_none()
    if isinstance(body, dict):
        for key in ("message", "error", "detail"):
            value = body.get(key)
            if isinstance(value, str) and value.strip() and value.strip().lower() != "error":
                return value.strip()[:300]
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                return value["message"].strip()[:300]
    text = resp.text.strip()
    return text[:200] if text else "no message"


def _evidence(resp: Response) -> dict[str, Any]:
    return resp.evidence("retry-after", "x-request-id", "content-type")


def _http_line(resp: Response) -> str:
    return f"{resp.method} {resp.path} answered HTTP {resp.status}: \u201c{_error_message(resp)}\u201d."


def _members(body: Any) -> list[dict[str, Any]] | None:
    """Team members from either documented shape: a bare list (2025) or {teamMembers: [...]}."""
    if isinstance(body, list):
        rows = body
    elif isinstance(body, dict) and isinstance(body.get("teamMembers"), list):
        rows = body["teamMembers"]
    else:
        return None
    return [r for r in rows if isinstance(r, dict)]


def _is_plan_refusal(message: str) -> bool:
    low = message.lower()
    return any(marker in low for marker in ENTERPRISE_MARKERS)


def _unexpected(what: str, resp: Response, rows: dict[str, Diagnosis], details: list[str] | None = None,
                ) -> Outcome:
    row = rows["unexpected"]
    return Outcome.unexpected_answer(
        "Cursor", what, evidence=_evidence(resp) | {"status": resp.status},
        details=details or [_http_line(resp)], remediation=row.links, sources=row.sources,
    )
