"""The one redaction step that every output path goes through: reports, logs, GUI, clipboard.

Users attach exported reports and logs to support tickets, so nothing we write may carry a
usable secret, a home path or a login name. Redaction therefore works from two sides:

* **what we know**: every secret the user gave us is registered in `REGISTRY` (and any
  caller can pass more). Each occurrence is replaced by its masked form (`ghp_…a1B2`, the
  public prefix and last 4 characters, enough for a support engineer to tell keys apart),
  and any 8-character piece of it — a token cut short or chopped up in an error message —
  by `[redacted]`, in the encodings a server may echo it in too: base64 (Basic auth,
  `Bearer …` or `key:` inside it, at any alignment), percent-encoding and JSON `\\u` escapes.
* **what it looks like**: anything shaped like a GitHub, Cursor or Anthropic token, the
  value of an `Authorization`/`x-api-key` header or of a field named like a described
  provider's secret (Windsurf's `service_key`), a `token=`/`api_key=` parameter, an old
  40-hex GitHub token right after the word "token" — even if nobody registered it.

Home directories and `/home/NAME`, `/Users/NAME`, `C:\\Users\\NAME` become `~`.

Everything is imported from here; the modules behind it are private: `_registry` (the
secrets we were given and how each is looked for), `_text` (the patterns and the span
engine behind `redact`), `_objects` (`redact_obj` and the logging filter) and `_emails`
(`mask_emails`).
"""

from __future__ import annotations

from aiusage_doctor.core.redact._emails import mask_emails
from aiusage_doctor.core.redact._objects import RedactingFilter, redact_obj
from aiusage_doctor.core.redact._registry import MIN_SECRET_LEN, PARTIAL_LEN, REDACTED, REGISTRY, SecretRegistry
from aiusage_doctor.core.redact._text import redact

__all__ = [
    "MIN_SECRET_LEN",
    "PARTIAL_LEN",
    "REDACTED",
    "REGISTRY",
    "RedactingFilter",
    "SecretRegistry",
    "redact",
    "redact_obj",
]
