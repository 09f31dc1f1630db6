"""Turn what admins paste into GitHub enterprise slugs, org names and API base URLs.

Admins copy whatever is in their browser's address bar: a settings page of the
enterprise, the org's people page, an `@mention`, a name with a stray space or a
capital letter. Everything here accepts those forms and returns the bare, lower-case
name GitHub's API expects (logins are case-insensitive), or raises `InputError` with
one plain sentence that says what is wrong and how to fix it.

GitHub name rules used here: letters, digits and single hyphens, not starting or
ending with a hyphen; organization names are at most 39 characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Literal
from urllib.parse import urlsplit

__all__ = [
    "InputError",
    "ORG_MAX_LEN",
    "ApiKind",
    "api_base",
    "github_api_kind",
    "graphql_url",
    "is_valid_slug",
    "parse_enterprise",
    "parse_list",
    "parse_org",
    "web_base",
]

ORG_MAX_LEN = 39
"""GitHub's limit for organization (and user) names."""
ENTERPRISE_MAX_LEN = 255
"""A sanity bound only: nothing this long is an enterprise slug."""

ApiKind = Literal["dotcom", "ghe_com", "ghes", "other"]


class InputError(ValueError):
    """An enterprise, org or URL that can't be used; the message is one plain sentence."""


_SLUG_RE = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*")
_SPLIT_RE = re.compile(r"[\s,;]+")
_QUOTES = "\"'`\u201c\u201d\u2018\u2019<>"
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060"))

# github.com paths whose first segment is not an account name.
_RESERVED = frozenset({
    "settings", "login", "logout", "signup", "join", "marketplace", "explore", "topics",
    "features", "pricing", "notifications", "new", "sponsors", "about", "search",
    "apps", "pulls", "issues", "codespaces", "copilot", "account", "dashboard", "site",
    "orgs", "organizations", "enterprises", "users",
})


def is_valid_slug(name: str, max_len: int = ORG_MAX_LEN) -> bool:
    """True for a lower-case GitHub name: letters, digits, single inner hyphens."""
    return len(name) <= max_len and _SLUG_RE.fullmatch(name) is not None


# --------------------------------------------------------------------------- cleaning


def _clean(raw: object) -> str:
    """Strip what copy-and-paste adds: whitespace, quotes, angle brackets, invisible characters."""
    text = str(raw if raw is not None else "").translate(_ZERO_WIDTH)
    while True:
        before = text
        text = text.strip().strip(_QUOTES).strip()
        if text == before:
            return text


def _looks_like_url(text: str) -> bool:
    if "://" in text:
        return True
    host = text.split("/", 1)[0].lower()
    if host in ("github.com", "www.github.com") or host.endswith(".ghe.com"):
        return True
    return "/" in text and "." in host


def _path_parts(text: str) -> tuple[str, list[str]]:
    """(host, path segments) of a URL, with or without a scheme."""
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        raise InputError(f"'{text}' is not a web address this tool can read.") from None
    return host, [p for p in parts.path.split("/") if p]


def _validate(name: str, noun: str, max_len: int, shown: str) -> str:
    """Return the lower-case name, or raise one plain sentence about what is wrong."""
    if not name:
        raise InputError(f"No {noun} was given.")
    if any(c.isspace() for c in name):
        raise InputError(f"'{shown}' has a space; GitHub {noun}s can't contain spaces.")
    lowered = name.lower()
    bad = [c for c in lowered if not (c.isascii() and (c.isalnum() or c == "-"))]
    if bad:
        shown_bad = ", ".join(f"'{c}'" for c in dict.fromkeys(bad))
        raise InputError(
            f"'{shown}' contains {shown_bad}; GitHub {noun}s may only contain letters, digits "
            "and single hyphens."
        )
    if lowered.startswith("-") or lowered.endswith("-"):
        raise InputError(f"'{shown}' starts or ends with a hyphen; GitHub {noun}s can't.")
    if "--" in lowered:
        raise InputError(f"'{shown}' has two hyphens in a row; GitHub {noun}s can't.")
    if len(lowered) > max_len:
        raise InputError(
            f"'{shown}' is {len(lowered)} characters long; GitHub {noun}s are at most {max_len}."
        )
    return lowered


# --------------------------------------------------------------------------- public parsers


def parse_enterprise(raw: object) -> str:
    """The enterprise slug from a slug, `@slug`, or any github.com / GHE.com enterprise URL.

    `https://github.com/enterprises/acme/settings` -> `acme`.
    """
    text = _clean(raw)
    if not text:
        raise InputError("No enterprise slug was given.")
    if _looks_like_url(text):
        host, segs = _path_parts(text)
        low = [s.lower() for s in segs]
        if low[:1] == ["enterprises"] and len(segs) > 1:
            return _validate(segs[1], "enterprise slug", ENTERPRISE_MAX_LEN, segs[1])
        if low[:1] in (["orgs"], ["organizations"]):
            raise InputError(
                f"'{text}' is an organization's address, not an enterprise's; put it in the "
                "Organizations field, or copy the address of the enterprise "
                "(https://github.com/enterprises/SLUG)."
            )
        raise InputError(
            f"'{text}' is not an enterprise address; it should look like "
            "https://github.com/enterprises/SLUG."
        )
    text = text.lstrip("@").rstrip("/").strip()
    return _validate(text, "enterprise slug", ENTERPRISE_MAX_LEN, text)


def parse_org(raw: object) -> str:
    """The organization name from a name, `@name`, or any github.com / GHE.com org URL.

    Accepts `https://github.com/orgs/acme/people`, `github.com/acme`,
    `https://github.com/organizations/acme/settings/copilot`, `https://api.github.com/orgs/acme`,
    `@acme` and ` Acme ` (all -> `acme`).
    """
    text = _clean(raw)
    if not text:
        raise InputError("No organization name was given.")
    if _looks_like_url(text):
        host, segs = _path_parts(text)
        low = [s.lower() for s in segs]
        if low[:1] == ["enterprises"]:
            raise InputError(
                f"'{text}' is an enterprise's address, not an organization's; put it in the "
                "Enterprises field, or copy the organization's address (https://github.com/orgs/NAME)."
            )
        if low[:1] in (["orgs"], ["organizations"], ["users"]) and len(segs) > 1:
            name = segs[1]
        elif segs and low[0] not in _RESERVED and not host.startswith("api."):
            name = segs[0]  # profile page https://github.com/acme (or a repo of it)
        else:
            raise InputError(
                f"'{text}' is not an organization address; it should look like "
                "https://github.com/orgs/NAME."
            )
        return _validate(name, "org name", ORG_MAX_LEN, name)
    text = text.lstrip("@").rstrip("/").strip()
    return _validate(text, "org name", ORG_MAX_LEN, text)


def parse_list(
    raw: str | Iterable[str] | None, parse: Callable[[str], str] = parse_org
) -> list[str]:
    """Several names separated by commas, semicolons, spaces or new lines, each parsed.

    Duplicates (after parsing, so `Acme` and `https://github.com/orgs/acme` are one) are
    dropped, first occurrence kept. Every bad item is reported in one InputError.
    """
    if raw is None:
        return []
    chunks = [raw] if isinstance(raw, str) else list(raw)
    items = [item for chunk in chunks for item in _SPLIT_RE.split(str(chunk)) if _clean(item)]
    names: list[str] = []
    errors: list[str] = []
    for item in items:
        try:
            name = parse(item)
        except InputError as exc:
            errors.append(str(exc))
            continue
        if name not in names:
            names.append(name)
    if errors:
        raise InputError(" ".join(errors))
    return names


# --------------------------------------------------------------------------- base URLs


def _split_base(url: str) -> tuple[str, str, str]:
    """(scheme, netloc lower-cased, path without trailing slash) of a base URL."""
    text = _clean(url)
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    return parts.scheme.lower() or "https", parts.netloc.lower(), parts.path.rstrip("/")


def github_api_kind(url: str) -> ApiKind:
    """Which GitHub an API base URL points at.

    `dotcom`: api.github.com. `ghe_com`: GitHub Enterprise Cloud with data residency
    (`api.SUBDOMAIN.ghe.com`). `ghes`: GitHub Enterprise Server (`https://HOST/api/v3`).
    `other`: anything else (a simulator, a proxy, a typo).
    """
    _, netloc, path = _split_base(url)
    host = netloc.rsplit("@", 1)[-1].split(":", 1)[0]
    if host in ("api.github.com", "github.com", "www.github.com"):
        return "dotcom"
    if host.endswith(".ghe.com"):
        return "ghe_com"
    if path.lower().startswith("/api/v3") or path.lower() == "/api":
        return "ghes"
    return "other"


def api_base(url: str) -> str:
    """The REST API base for what an admin typed: web addresses become API addresses.

    `https://github.com` -> `https://api.github.com`; `https://octocorp.ghe.com` ->
    `https://api.octocorp.ghe.com`; `https://ghes.example.com/api/v3/` ->
    `https://ghes.example.com/api/v3`. Anything else is returned without a trailing slash.
    """
    scheme, netloc, path = _split_base(url)
    kind = github_api_kind(url)
    if kind == "dotcom":
        return "https://api.github.com"
    if kind == "ghe_com":
        host = netloc.split(":", 1)[0]
        return f"https://{host if host.startswith('api.') else 'api.' + host}"
    if kind == "ghes":
        return f"{scheme}://{netloc}/api/v3"
    return f"{scheme}://{netloc}{path}"


def web_base(api_url: str) -> str:
    """The web host that matches an API base, for links people open in a browser.

    api.github.com -> https://github.com; api.X.ghe.com -> https://X.ghe.com;
    https://HOST/api/v3 -> https://HOST; otherwise the same host without a leading `api.`.
    """
    scheme, netloc, _ = _split_base(api_url)
    kind = github_api_kind(api_url)
    if kind == "dotcom":
        return "https://github.com"
    if kind == "ghe_com":
        host = netloc.split(":", 1)[0]
        return f"https://{host[4:] if host.startswith('api.') else host}"
    if kind == "ghes":
        return f"{scheme}://{netloc}"
    return f"{scheme}://{netloc[4:] if netloc.startswith('api.') else netloc}"


def graphql_url(api_url: str) -> str:
    """GitHub's GraphQL endpoint for an API base (GHES: https://HOST/api/graphql)."""
    if github_api_kind(api_url) == "ghes":
        return f"{web_base(api_url)}/api/graphql"
    return f"{api_base(api_url)}/graphql"
