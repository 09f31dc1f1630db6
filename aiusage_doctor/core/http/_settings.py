"""What a client is set up with (timeouts, limits, trust store) and what it counts."""

from __future__ import annotations

import ssl
from collections import Counter
from dataclasses import dataclass, field

from aiusage_doctor import __version__
from aiusage_doctor.core.branding import HOMEPAGE

USER_AGENT = f"aiusage-doctor/{__version__}" + (f" (+{HOMEPAGE})" if HOMEPAGE else "")


@dataclass
class HttpSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    per_host_limit: int = 8
    ca_file: str | None = None
    proxy: str | None = None
    """A proxy URL for every non-loopback request; None leaves it to the environment."""
    max_body_bytes: int = 16 * 1024 * 1024
    max_retries: int = 3
    backoff_base: float = 0.5
    max_redirects: int = 5
    memo_keep_bytes: int = 16 * 1024
    """Finished answers up to this size stay shared for the rest of the run (a report's
    download links, /user); larger ones (member and seat lists) are shared only while in
    flight, so a 200-org run doesn't keep every page it read — parsed JSON takes several
    times its size in memory."""
    memo_budget_bytes: int = 2 * 1024 * 1024
    user_agent: str = USER_AGENT
    trust_env: bool = True


@dataclass
class RequestStats:
    """What the adapter sent, for benchmarks and the 'no request twice' guarantee."""

    sent: Counter[tuple[str, str]] = field(default_factory=Counter)
    critical_path: int = 0
    """The longest chain of requests that waited for one another (see `request_depth`)."""
    memo_hits: int = 0
    retries: int = 0
    rate_limit_waits: int = 0

    @property
    def total(self) -> int:
        return sum(self.sent.values())

    @property
    def repeated(self) -> list[tuple[str, str]]:
        return [key for key, n in self.sent.items() if n > 1]


def _ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """The OS trust store (truststore) plus an optional extra CA file."""
    try:
        import truststore

        ctx: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # pragma: no cover - truststore missing or unsupported platform
        ctx = ssl.create_default_context()
    if ca_file:
        ctx.load_verify_locations(cafile=ca_file)
    return ctx


def ca_file_problem(ca_file: str) -> str | None:
    """Why the extra CA file can't be used (one plain sentence), or None when it loads.
    Asked before a run so a wrong file is one clear message, not an error in every check."""
    try:
        ssl.create_default_context().load_verify_locations(cafile=ca_file)
    except ssl.SSLError as exc:
        return (f"{ca_file} holds no certificate this tool can read ({exc.reason or exc}); "
                "it must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)")
    except OSError as exc:
        return f"{ca_file} could not be read: {exc.strerror or exc}"
    except ValueError as exc:  # e.g. a NUL in the path
        return f"{ca_file} can't be used: {exc}"
    return None
