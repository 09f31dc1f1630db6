"""E-mail addresses in report evidence, shortened to a first letter and the domain."""

from __future__ import annotations

import re
from typing import Any

_EMAIL_RE = re.compile(r"(?<![\w.%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def mask_emails(obj: Any) -> Any:
    """Shorten e-mail addresses to their first letter and domain (`j…@acme.com`).

    Used on the HTTP evidence in reports: an API answer quoted as evidence (a member
    list, say) can name people, and a report goes to a third party. The domain stays,
    since it tells support which organization answered."""
    if isinstance(obj, str):
        return _EMAIL_RE.sub(r"\1…@\2", obj)
    if isinstance(obj, dict):
        return {k: mask_emails(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(mask_emails(v) for v in obj)
    return obj
