"""GitHub's `Link: <…>; rel="next"` pagination, bounded in pages and in what each page keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from aiusage_doctor.core.http import FailureKind, HttpClient, HttpFailure, Response, host_of
from aiusage_doctor.providers.github.common import parse_link_header
from aiusage_doctor.providers.github.links import EVIDENCE_BODY_BYTES, MAX_PAGES, PER_PAGE


# ================================================================================ pagination


@dataclass
class Paginated:
    """Every item of a paginated list, the pages it came from, and why it stopped early."""

    items: list[Any] = field(default_factory=list)
    pages: list[Response] = field(default_factory=list)
    """Each page's answer, for evidence: headers intact, body cut to its start (the items
    are in `items`), so a 100-org run doesn't hold every page it read."""
    error: Response | None = None
    """The first answer that wasn't a 2xx (pagination stopped there)."""
    truncated: str | None = None
    first_fields: dict[str, Any] = field(default_factory=dict)
    """The first page's other top-level fields (e.g. `total_seats`) when the list is under `key`."""

    @property
    def ok(self) -> bool:
        return self.error is None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _with_per_page(url: str, per_page: int) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if not any(k == "per_page" for k, _ in query):
        query.append(("per_page", str(per_page)))
    return urlunsplit(parts._replace(query=urlencode(query, safe=":,")))


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()


async def paginate(
    http: HttpClient,
    url: str,
    headers: dict[str, str],
    key: str | None = None,
    *,
    per_page: int = PER_PAGE,
    max_pages: int = MAX_PAGES,
    pick: Callable[[Any], Any] | None = None,
) -> Paginated:
    """Follow GitHub's `Link: <…>; rel="next"` headers and collect every item.

    The first page always asks for `per_page` (100) so every caller requests the same URL
    and the adapter answers repeats from its memo. `key` picks the list out of an object
    body (e.g. "seats"); without it the body must be a list. `pick` keeps only what the
    caller needs of each item. A next link on another host is not followed (the token
    would go there).
    """
    result = Paginated()
    current: str | None = _with_per_page(url, per_page)
    origin = _origin(current)
    seen: set[str] = set()
    while current:
        if current in seen:
            result.truncated = "GitHub's next-page link pointed back to a page already read"
            break
        if len(result.pages) >= max_pages:
            result.truncated = f"stopped after {max_pages} pages"
            break
        seen.add(current)
        resp = await http.get(current, headers=headers)
        if resp.status == 204:
            result.pages.append(resp)
            break
        if not resp.ok:
            result.error = resp
            break
        body = resp.json()
        chunk = body.get(key) if key and isinstance(body, dict) else body
        if not isinstance(chunk, list):
            raise HttpFailure(
                FailureKind.INVALID_JSON,
                f"{resp.host} answered {urlsplit(resp.url).path} with data of an unexpected shape "
                f"(expected a list{' under ' + repr(key) if key else ''}).",
                host=resp.host,
                status=resp.status,
            )
        if not result.pages and key and isinstance(body, dict):
            result.first_fields = {k: v for k, v in body.items() if k != key}
        result.items.extend(map(pick, chunk) if pick else chunk)
        result.pages.append(replace(resp, body=resp.body[:EVIDENCE_BODY_BYTES], _json=None, _json_parsed=False))
        nxt = parse_link_header(resp.headers.get("link")).get("next")
        # Drop this page before waiting for the next one: with hundreds of orgs paginating
        # at once, pages held across that wait add up to tens of megabytes.
        del resp, body, chunk
        if nxt and _origin(nxt) != origin:
            result.truncated = f"the next page is on another host ({host_of(nxt)}); not followed"
            break
        current = nxt
    return result


