"""API retirement notices (`Deprecation`, `Sunset`, a vendor's warning header) seen on answers."""

from __future__ import annotations

import contextvars
import email.utils
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiusage_doctor.core.untrusted import clean_text

if TYPE_CHECKING:
    from aiusage_doctor.core.http._response import Response

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
