"""The one package that owns httpx.

Providers describe *what* to ask; this adapter decides *how*: the system trust
store (so corporate TLS inspection works when the OS trusts the proxy's CA),
proxies from the environment, timeouts, bounded retries, rate-limit waits that
never outlast the running check, a per-host concurrency cap, a body-size cap, and
no credentials on cross-host redirects. Every transport failure is turned into an
`HttpFailure` whose `cause` a non-expert admin can act on; the runner turns that
into an `error` result, so providers never catch network exceptions themselves.

Exception tree (mirrors httpx's own documented tree, in user terms):

    HttpFailure
      kind = dns | refused | connect | tls | timeout | proxy | proxy_auth | reset
           | not_json | invalid_json | too_large | redirect | rate_limited
           | server_error | insecure_url | bad_url

Everything is imported from here; the modules behind it are private (`_client` the client,
`_classify` failure classes, `_decode` the bounded decoder, `_notices` retirement notices,
`_context` what the runner sets per check, `_response`, `_urls`, `_settings`, `_errors`).
None of them imports httpx before it is used (see `_lazy`): `--help` and a token that fails
its offline check never load it.
"""

from __future__ import annotations

from aiusage_doctor.core.http._classify import STATUS_PAGES, classify_transport_error
from aiusage_doctor.core.http._client import HttpClient
from aiusage_doctor.core.http._context import (
    DEADLINE_MARGIN,
    DEADLINE_MARGIN_SHARE,
    MIN_RETRY_SECONDS,
    InFlight,
    QueueAllowance,
    check_deadline,
    in_flight,
    queue_allowance,
    request_depth,
    time_left,
)
from aiusage_doctor.core.http._errors import NETWORK_HELP, NETWORK_KINDS, BadBaseUrl, FailureKind, HttpFailure, network_help
from aiusage_doctor.core.http._notices import NOTICE_HEADERS, NOTICE_MAX_CHARS, ApiNotice, api_notices, note_api_notices
from aiusage_doctor.core.http._response import MAX_HEADER_CHARS, Response, not_json_failure, page_start
from aiusage_doctor.core.http._settings import USER_AGENT, HttpSettings, RequestStats, _ssl_context, ca_file_problem
from aiusage_doctor.core.http._urls import DIRECT_HOSTS, host_of, is_loopback, normalize_base_url

__all__ = [
    "DEADLINE_MARGIN",
    "DEADLINE_MARGIN_SHARE",
    "DIRECT_HOSTS",
    "MAX_HEADER_CHARS",
    "MIN_RETRY_SECONDS",
    "NETWORK_HELP",
    "NETWORK_KINDS",
    "NOTICE_HEADERS",
    "NOTICE_MAX_CHARS",
    "STATUS_PAGES",
    "USER_AGENT",
    "ApiNotice",
    "BadBaseUrl",
    "FailureKind",
    "HttpClient",
    "HttpFailure",
    "HttpSettings",
    "InFlight",
    "QueueAllowance",
    "RequestStats",
    "Response",
    "_ssl_context",
    "ca_file_problem",
    "api_notices",
    "check_deadline",
    "classify_transport_error",
    "host_of",
    "in_flight",
    "is_loopback",
    "network_help",
    "normalize_base_url",
    "not_json_failure",
    "note_api_notices",
    "page_start",
    "queue_allowance",
    "request_depth",
    "time_left",
]
