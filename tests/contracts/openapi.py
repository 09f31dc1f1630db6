"""Check an HTTP answer against the trimmed OpenAPI excerpt of GitHub's REST description.

`problems(path, status, body)` lists every way an answer breaks the documented contract
(an undocumented status, a body its schema rejects), using the `jsonschema` validator.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, FormatChecker

EXCERPT = Path(__file__).with_name("github_openapi_excerpt.json")
ANY_TOKEN_STATUSES = frozenset({401})
"""Answered by every GitHub endpoint for a missing or bad token (not repeated per operation)."""


@cache
def excerpt() -> dict[str, Any]:
    return json.loads(EXCERPT.read_text(encoding="utf-8"))


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = excerpt()
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target


def operation(path: str, method: str = "get") -> tuple[str, dict[str, Any]]:
    """The documented path template and operation a concrete path belongs to."""
    for template, item in excerpt()["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return template, item[method]
    raise KeyError(f"{method.upper()} {path} is not in the contract excerpt")


def problems(path: str, status: int, body: Any, method: str = "get") -> list[str]:
    """Why this answer breaks the documented contract; empty when it doesn't."""
    template, op = operation(path, method)
    responses = op["responses"]
    if str(status) not in responses:
        if status in ANY_TOKEN_STATUSES:
            return []
        return [f"{template}: HTTP {status} is not a documented status ({', '.join(responses)})"]
    response = _resolve(responses[str(status)])
    content = response.get("content", {}).get("application/json")
    if content is None:
        return [] if body in (None, b"", "") else [f"{template}: HTTP {status} documents no body"]
    schema = _resolve(content["schema"])
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    return [f"{template}: {'/'.join(map(str, e.absolute_path)) or 'body'}: {e.message}"
            for e in validator.iter_errors(body)]
