"""Property tests for everything that parses what people type or paste (complements the
examples in tests/unit/test_inputs.py and test_tokens.py): no input makes a parser raise
anything but its own plain-language error, parsing twice changes nothing, and none of it
touches the network."""

from __future__ import annotations

import socket

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiusage_doctor.core.http import BadBaseUrl, is_loopback, normalize_base_url
from aiusage_doctor.core.inputs import (
    InputError, api_base, github_api_kind, graphql_url, is_valid_slug, parse_enterprise, parse_list, parse_org,
    web_base,
)
from aiusage_doctor.core.tokens import (
    KIND_PREFIX, TokenKind, classify, clean_secret, make_fake_secret, mask, verdict_for,
)

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like what people paste: URL pieces, separators, quotes, invisible and
# look-alike characters, and plain noise.
_PIECES = st.sampled_from([
    "https://", "http://", "github.com", "api.github.com", "/orgs/", "/enterprises/", "/settings", "@", "acme",
    "Acme-Labs", ":", "//", "?", "#", "[", "]", "%20", " ", "\t", "\n", "\"", "'", "\u201c", "\u2019", "\u200b",
    "\ufeff", "\u0430", "-", "--", "_", ".", "..", "ghe.com", "/api/v3", ":8443", ":99999", "localhost",
    "127.0.0.1", "Bearer ", "token ", "Authorization: ", "x-api-key:", "export X=", "ghp_", "github_pat_",
    "key_", "crsr_", "sk-ant-admin01-", "sk-ant-api03-", "\u2026", "=", ",", ";",
])
pasted = st.one_of(st.text(max_size=80), st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=12).map("".join))

# Base URLs as they get typed: a scheme (or none), a host, a port, a path, maybe quoted.
_hosts = st.one_of(
    st.sampled_from(["api.github.com", "github.com", "localhost", "127.0.0.1", "[::1]", "ghes.example.com",
                     "api.acme.ghe.com", "acme.ghe.com", "[", "[::1", "exa mple.com", "h\u00e9llo.com",
                     "api.git\u200bhub.com", "", "user:pw@api.github.com", "10.0.0.5"]),
    st.from_regex(r"[a-z0-9][a-z0-9.-]{0,20}", fullmatch=True),
)
base_urls = st.tuples(
    st.sampled_from(["", " ", "'", '"']),
    st.sampled_from(["https://", "http://", "", "ftp://", "HTTPS://", "https:/"]),
    _hosts,
    st.sampled_from(["", ":443", ":8080", ":99999", ":abc", ":", ":0", ":-1"]),
    st.sampled_from(["", "/", "/api/v3", "/api/v3/", "/github", "/orgs/acme/people", "?x=1", "#top", "/a b", "//"]),
).map(lambda t: t[0] + t[1] + t[2] + t[3] + t[4] + t[0])


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Parsers decide offline: any attempt to resolve or connect fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a parser tried to use the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# ------------------------------------------------------------------------- names


@PROFILE
@given(pasted, st.sampled_from([parse_org, parse_enterprise]))
def test_name_parsers_return_a_valid_slug_or_one_input_error(raw, parse):
    try:
        name = parse(raw)
    except InputError as exc:
        message = str(exc)
        # One plain sentence; a line break can only come from quoting what was typed.
        assert message.endswith((".", ")")) and message[:1].isupper() or message.startswith("'")
        assert message.count("\n") <= raw.count("\n") + raw.count("\r")
        return
    assert is_valid_slug(name, 255), name
    assert parse(name) == name  # idempotent
    assert parse(f"  @{name.upper()} ") == name


@PROFILE
@given(st.one_of(pasted, st.lists(pasted, max_size=4)))
def test_parse_list_returns_unique_valid_names_or_one_input_error(raw):
    try:
        names = parse_list(raw)
    except InputError as exc:
        assert str(exc)
        return
    assert len(names) == len(set(names))
    assert all(is_valid_slug(n) for n in names)
    assert parse_list(", ".join(names)) == names


# ------------------------------------------------------------------------- base URLs


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(base_urls, pasted))
def test_base_urls_are_normalised_or_refused_in_plain_words(raw):
    try:
        url = normalize_base_url(raw)
    except BadBaseUrl as exc:
        assert str(exc).startswith("The API base URL") and "\n" not in str(exc)
        return
    assert normalize_base_url(url) == url  # idempotent
    assert url.lower().startswith(("https://", "http://")) and not url.endswith("/")
    parsed = httpx.URL(url)  # what the adapter will build requests from: must not raise
    assert parsed.host and not any(c.isspace() for c in parsed.host) and "%" not in parsed.host, url
    assert parsed.port is None or 0 < parsed.port < 65536, url
    if parsed.scheme == "http":
        assert is_loopback(parsed.host), url
    # Whatever was accepted can be turned into the GitHub addresses without raising.
    kind = github_api_kind(url)
    assert kind in ("dotcom", "ghe_com", "ghes", "other")
    for derived in (api_base(url), web_base(url), graphql_url(url)):
        assert derived.startswith(("https://", "http://"))


# ------------------------------------------------------------------------- secrets


@PROFILE
@given(pasted)
def test_classify_and_field_verdicts_never_raise_and_never_echo(raw):
    info = classify(raw)
    assert info.kind in TokenKind
    for provider in ("github", "cursor", "anthropic"):
        verdict = verdict_for(raw, provider)
        assert verdict.level in ("empty", "ok", "warn", "error")
        assert verdict.message and "\n" not in verdict.message
        body = info.value[len(KIND_PREFIX.get(info.kind, "")):]
        if len(body) >= 12:
            assert body not in verdict.message  # a message names at most one character of it


@PROFILE
@given(pasted)
def test_cleaning_is_idempotent_and_classification_is_stable(raw):
    value, _ = clean_secret(raw)
    again, notes = clean_secret(value)
    assert again == value and notes == []
    assert classify(value).kind == classify(raw).kind


_REAL_KINDS = [k for k in TokenKind if k not in (TokenKind.EMPTY, TokenKind.UNKNOWN)]
_DEBRIS = st.lists(st.sampled_from([" ", "\n", "\r\n", "\t", "\"", "'", "\u201c", "\u200b", "\ufeff"]), max_size=4).map("".join)


@PROFILE
@given(st.sampled_from(_REAL_KINDS), st.integers(0, 2**32 - 1), _DEBRIS, _DEBRIS,
       st.sampled_from(["", "Bearer ", "token ", "Authorization: Bearer "]))
def test_any_debris_around_a_real_secret_is_removed_and_named(kind, seed, lead, trail, scheme):
    import random

    secret = make_fake_secret(kind, random.Random(seed))
    raw = lead + scheme + secret + trail
    info = classify(raw)
    assert info.value == secret and info.kind == classify(secret).kind
    assert bool(info.cleaned) == (raw != secret)


@PROFILE
@given(st.sampled_from(_REAL_KINDS), st.integers(0, 2**32 - 1))
def test_a_mask_shows_the_public_prefix_and_four_characters_at_most(kind, seed):
    import random

    secret = make_fake_secret(kind, random.Random(seed))
    shown = mask(secret)
    prefix = shown.partition("\u2026")[0]
    assert secret.startswith(prefix)
    assert len(shown) - len(prefix) <= 5  # the ellipsis and the last four
    body = secret[len(prefix):]
    assert not any(body[i:i + 8] in shown for i in range(len(body) - 7))
