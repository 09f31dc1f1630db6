"""Redaction: no usable piece of a secret, no home path, no login name in anything we write."""

from __future__ import annotations

import copy
import io
import json
import logging
import random
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiusage_doctor.core.redact import REDACTED, REGISTRY, RedactingFilter, SecretRegistry, redact, redact_obj
from aiusage_doctor.core.tokens import KIND_PREFIX, TokenKind, make_fake_secret, make_github_token, mask

K = TokenKind
ALL_KINDS = [k for k in TokenKind if k is not K.EMPTY]
# Kinds recognisable by their shape alone; old 40-hex tokens and opaque strings are not.
SHAPED_KINDS = [k for k in ALL_KINDS if k not in (K.UNKNOWN, K.GITHUB_LEGACY_HEX)]
CONTEXTS = ["text", "json", "log", "url"]
WINDOW = 8

PROPERTY_SETTINGS = settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def empty_registry() -> Iterator[None]:
    REGISTRY.clear()
    yield
    REGISTRY.clear()


def secret_part(kind: TokenKind, secret: str) -> str:
    return secret[len(KIND_PREFIX[kind]) :]


def leaked_pieces(part: str, output: str, noise: str) -> list[str]:
    """Every WINDOW-long piece of `part` found in `output` (ignoring pieces that the
    surrounding text itself happens to contain)."""
    pieces = {part[i : i + WINDOW] for i in range(len(part) - WINDOW + 1)}
    return sorted(p for p in pieces if p in output and p not in noise)


def raw_text(context: str, before: str, secret: str, after: str) -> str:
    if context == "json":
        return json.dumps({"message": before + secret + after, "items": [secret], "ctx": {before: after}})
    if context == "url":
        query = urlencode({"q": before, "state": secret, "next": after})
        joined = urlencode({"q": before + secret + after})
        return f"https://api.example.com/v1/usage?{query} then /search?{joined}"
    return before + secret + after


def rendered(context: str, before: str, secret: str, after: str) -> str:
    """What leaves the program for `secret` in `context`, through the real output path."""
    if context == "log":
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler.addFilter(RedactingFilter())
        logger = logging.getLogger("aiusage_doctor.tests.redact_property")
        logger.propagate = False
        logger.addHandler(handler)
        try:
            logger.warning("request failed: %s%s%s (%r)", before, secret, after, {"auth": secret})
        finally:
            logger.removeHandler(handler)
        return stream.getvalue()
    return redact(raw_text(context, before, secret, after))


def noise_of(context: str, before: str, after: str) -> str:
    return raw_text(context, before, "", after) + repr(before) + repr(after) + before + after


@PROPERTY_SETTINGS
@given(
    kind=st.sampled_from(ALL_KINDS),
    seed=st.integers(0, 2**32 - 1),
    before=st.text(max_size=30),
    after=st.text(max_size=30),
    context=st.sampled_from(CONTEXTS),
)
def test_no_piece_of_a_registered_secret_survives(kind, seed, before, after, context) -> None:
    secret = make_fake_secret(kind, random.Random(seed))
    REGISTRY.add(secret)
    try:
        out = rendered(context, before, secret, after)
    finally:
        REGISTRY.clear()
    assert leaked_pieces(secret_part(kind, secret), out, noise_of(context, before, after)) == []


@PROPERTY_SETTINGS
@given(
    kind=st.sampled_from(SHAPED_KINDS),
    seed=st.integers(0, 2**32 - 1),
    before=st.text(max_size=30),
    after=st.text(max_size=30),
    context=st.sampled_from(CONTEXTS),
)
def test_no_piece_of_an_unregistered_token_survives(kind, seed, before, after, context) -> None:
    """Secrets nobody told us about are still caught by their shape."""
    secret = make_fake_secret(kind, random.Random(seed))
    out = rendered(context, before, secret, after)
    assert leaked_pieces(secret_part(kind, secret), out, noise_of(context, before, after)) == []


@settings(max_examples=100, deadline=None)
@given(kind=st.sampled_from(ALL_KINDS), seed=st.integers(0, 2**32 - 1), start=st.integers(0, 60), length=st.integers(12, 40))
def test_a_cut_off_piece_of_a_registered_secret_is_redacted(kind, seed, start, length) -> None:
    secret = make_fake_secret(kind, random.Random(seed))
    part = secret_part(kind, secret)
    piece = part[start : start + length]
    if len(piece) < 12:
        return
    out = redact(f"upstream said: invalid key '{piece}...'", extra_secrets=[secret])
    assert leaked_pieces(part, out, "upstream said: invalid key '...'") == []


# --------------------------------------------------------------------------- masks


def test_a_known_token_is_shown_as_prefix_and_last_four() -> None:
    token = make_github_token(rng=random.Random(1))
    out = redact(f"GET /user with {token} -> 401")
    assert out == f"GET /user with ghp_…{token[-4:]} -> 401"


def test_a_registered_opaque_secret_is_masked_and_pieces_redacted() -> None:
    secret = make_fake_secret(K.UNKNOWN, random.Random(2))
    REGISTRY.add(secret)
    out = redact(f"full {secret}; cut {secret[5:25]}")
    assert out == f"full …{secret[-4:]}; cut {REDACTED}"


def test_cleaned_form_of_a_registered_paste_is_redacted() -> None:
    secret = make_fake_secret(K.UNKNOWN, random.Random(3))
    REGISTRY.add(f'  "Bearer {secret}"\n')
    assert secret in REGISTRY
    assert secret not in redact(f"sent {secret}")


def test_basic_auth_encoding_of_a_registered_key_is_redacted_anywhere() -> None:
    import base64

    key = make_fake_secret(K.CURSOR_KEY, random.Random(4))
    encoded = base64.b64encode(f"{key}:".encode()).decode()
    out = redact(f"proxy log: creds={encoded}", extra_secrets=[key])
    assert encoded not in out and REDACTED in out


def test_short_values_are_not_treated_as_secrets() -> None:
    REGISTRY.add("abc", None, "", "1234567")
    assert len(REGISTRY) == 0
    assert redact("abc 1234567 abc") == "abc 1234567 abc"


def test_redaction_is_idempotent() -> None:
    rng = random.Random(5)
    token = make_github_token(rng=rng)
    admin = make_fake_secret(K.ANTHROPIC_ADMIN, rng)
    text = f"Authorization: Bearer {token}\nx-api-key: {admin}\nGET /x?api_key=opaque123&page=2 {token[:20]}"
    once = redact(text, [token])
    assert redact(once, [token]) == once
    assert once == (
        f"Authorization: Bearer ghp_…{token[-4:]}\n"
        f"x-api-key: sk-ant-admin01-…{admin[-4:]}\n"
        f"GET /x?api_key={REDACTED}&page=2 ghp_{REDACTED}"
    )


# --------------------------------------------------------------------------- shapes in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: Bearer opaque-secret-value", f"Authorization: Bearer {REDACTED}"),
        ("authorization: Basic a2V5XzEyMzQ6", f"authorization: Basic {REDACTED}"),
        ('{"Authorization": "token s3cr3tvalue"}', f'{{"Authorization": "token {REDACTED}"}}'),
        ("[(b'authorization', b'Bearer abc.def.ghi')]", f"[(b'authorization', b'Bearer {REDACTED}')]"),
        ("x-api-key: whatever-it-is", f"x-api-key: {REDACTED}"),
        ("https://h/x?api_key=abc123&q=1", f"https://h/x?api_key={REDACTED}&q=1"),
        ("https://h/x?access_token=abc123#frag", f"https://h/x?access_token={REDACTED}#frag"),
        ("GITHUB_TOKEN=opaquevalue", f"GITHUB_TOKEN={REDACTED}"),
    ],
)
def test_header_and_parameter_values_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_old_hex_token_is_masked_only_after_the_word_token() -> None:
    hexval = "".join(random.Random(6).choice("0123456789abcdef") for _ in range(40))
    assert redact(f"using token {hexval}") == f"using token …{hexval[-4:]}"
    assert redact(f"Authorization: token {hexval}") == f"Authorization: token …{hexval[-4:]}"
    # A commit SHA elsewhere is not a secret and stays readable.
    assert redact(f"built from commit {hexval}") == f"built from commit {hexval}"


def test_ordinary_text_is_left_alone() -> None:
    text = "GET https://api.github.com/users/octocat/orgs -> 200 (key_value=3, total_tokens=12)"
    assert redact(text) == text


# --------------------------------------------------------------------------- paths


def test_home_directory_becomes_tilde(isolated_home) -> None:
    home = str(isolated_home)
    assert redact(f"reading {home}/.claude/settings.json") == "reading ~/.claude/settings.json"
    windows_style = home.replace("/", "\\")
    assert redact(f"reading {windows_style}\\.claude.json") == "reading ~\\.claude.json"
    dumped = json.dumps({"path": windows_style + "\\x"})
    assert json.loads(redact(dumped)) == {"path": "~\\x"}
    assert home not in redact(repr({"p": home}))


def test_home_prefix_of_a_longer_name_is_not_mangled(isolated_home) -> None:
    sibling = str(isolated_home) + "extra/file"
    assert redact(sibling) == sibling


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/home/alice/.config/x", "~/.config/x"),
        ("/Users/Bob Smith", "~ Smith"),
        ("file /Users/bob/Library/x.json", "file ~/Library/x.json"),
        ("C:\\Users\\carol\\AppData\\x", "~\\AppData\\x"),
        ("c:/users/dave/.claude.json", "~/.claude.json"),
        ('{"p": "C:\\\\Users\\\\erin\\\\x"}', '{"p": "~\\\\x"}'),
        ("/Users/Shared/data", "/Users/Shared/data"),
        ("https://api.github.com/users/octocat", "https://api.github.com/users/octocat"),
    ],
)
def test_login_names_in_home_paths_are_hidden(text: str, expected: str) -> None:
    assert redact(text) == expected


# --------------------------------------------------------------------------- objects


def test_redact_obj_over_nested_evidence() -> None:
    rng = random.Random(7)
    token = make_github_token(rng=rng)
    secret = make_fake_secret(K.UNKNOWN, rng)
    evidence = {
        "request": {
            "url": f"https://api.github.com/orgs/acme?access_token={token}",
            "headers": {"Authorization": f"Bearer {token}", "X-Api-Key": "opaque-key-123", "Accept": "json"},
        },
        "response": {"status": 401, "ok": False, "elapsed": 0.25, "body": None},
        f"seen-{token}": [("tuple", secret), [secret[:15]]],
        "access_token": "opaque-but-named",
        "next_page_token": 5,
    }
    original = copy.deepcopy(evidence)
    out = redact_obj(evidence, extra_secrets=[secret])
    assert evidence == original  # a copy, not an in-place edit
    dumped = json.dumps(out)
    for value in (token, token[4:20], secret, secret[:15], "opaque-key-123", "opaque-but-named"):
        assert value not in dumped
    assert out["request"]["headers"] == {
        "Authorization": f"Bearer ghp_…{token[-4:]}",
        "X-Api-Key": REDACTED,
        "Accept": "json",
    }
    assert out["response"] == {"status": 401, "ok": False, "elapsed": 0.25, "body": None}
    assert out[f"seen-ghp_…{token[-4:]}"] == [("tuple", f"…{secret[-4:]}"), [REDACTED]]
    assert out["access_token"] == REDACTED
    assert out["next_page_token"] == 5


# --------------------------------------------------------------------------- logging


def test_logging_filter_redacts_message_arguments_and_tracebacks(isolated_home) -> None:
    token = make_github_token(rng=random.Random(8))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("aiusage_doctor.tests.redact_logging")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.info("calling with %s from %s", token, f"{isolated_home}/.claude")
        try:
            raise RuntimeError(f"server echoed {token}")
        except RuntimeError:
            logger.exception("failed")
        logger.info("bad format %d", token)  # formatting error must not dump raw args
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert token[4:12] not in out
    assert str(isolated_home) not in out
    assert f"calling with ghp_…{token[-4:]} from ~/.claude" in out
    assert f"RuntimeError: server echoed ghp_…{token[-4:]}" in out


def test_secret_registry_basics() -> None:
    registry = SecretRegistry()
    token = make_github_token(rng=random.Random(9))
    registry.add(token, None, f" {token} ", "x" * 5000)
    # The cleaned value is what is looked for; a pasted file is not a credential.
    assert set(registry) == {token}
    registry.clear()
    assert list(registry) == []
    assert mask(token) not in token


def test_email_addresses_in_evidence_keep_only_initial_and_domain() -> None:
    from aiusage_doctor.core.redact import mask_emails

    evidence = {"body": '[{"email": "jane.doe@acme.com", "role": "owner"}]', "n": 3, "list": ["bo+x@corp.example.org"]}
    masked = mask_emails(evidence)
    assert masked["body"] == '[{"email": "j…@acme.com", "role": "owner"}]'
    assert masked["list"] == ["b…@corp.example.org"] and masked["n"] == 3


# --------------------------------------------------------------------------- echoed encodings


def _echo_pieces(secret: str) -> set[str]:
    """8-character pieces of the secret's body and of the base64 of any text holding it."""
    import base64

    public = max((p for p in KIND_PREFIX.values() if p and secret.startswith(p)), key=len, default="")
    body = secret[len(public) :]
    pieces = {body[i : i + WINDOW] for i in range(len(body) - WINDOW + 1)}
    raw = secret.encode()
    for shift in range(3):
        core = base64.b64encode(raw[shift : shift + (len(raw) - shift) // 3 * 3]).decode()
        for c in (core, core.replace("+", "-").replace("/", "_")):
            pieces |= {c[i : i + WINDOW] for i in range(len(c) - WINDOW + 1)}
    return pieces


def _unescaped(text: str) -> str:
    import re

    return re.sub(r"\\u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})|\\/",
                  lambda m: chr(int(m.group(1) or m.group(2), 16)) if (m.group(1) or m.group(2)) else "/", text)


def _echo(form: str, secret: str, size: int, prefix: str) -> str:
    import base64
    from urllib.parse import quote

    if form == "chunks":
        return " ".join(secret[i : i + size] for i in range(0, len(secret), size))
    if form == "base64":
        return base64.b64encode(f"{prefix}{secret}:".encode()).decode()
    if form == "base64url":
        return base64.urlsafe_b64encode(f"{prefix}{secret}".encode()).decode()
    if form == "percent":
        return "".join(f"%{b:02X}" for b in secret.encode())
    if form == "quote":
        return quote(secret, safe="")
    return "".join(f"\\u{ord(c):04x}" for c in secret)  # JSON \u escapes


@PROPERTY_SETTINGS
@given(
    kind=st.sampled_from(ALL_KINDS),
    seed=st.integers(0, 2**32 - 1),
    form=st.sampled_from(["chunks", "base64", "base64url", "percent", "quote", "json_u"]),
    size=st.integers(8, 16),
    prefix=st.sampled_from(["", "Bearer ", "token ", "x-access-token:", "key:", "a", "ab"]),
    before=st.text(max_size=20),
    context=st.sampled_from(["text", "json", "header"]),
)
def test_no_piece_of_a_secret_survives_in_any_echoed_encoding(kind, seed, form, size, prefix, before, context) -> None:
    """A server may echo the credential cut in chunks, in base64 (Basic auth, 'Bearer …'),
    percent-encoded or as JSON \\u escapes: no 8-character piece of it, in any of those
    encodings, may reach an artifact."""
    secret = make_fake_secret(kind, random.Random(seed))
    REGISTRY.add(secret)
    try:
        echoed = _echo(form, secret, size, prefix)
        if context == "json":
            out = redact(json.dumps({"message": before + echoed}))
        elif context == "header":
            out = json.dumps(redact_obj({"headers": {"x-request-id": before + echoed}}))
        else:
            out = redact(before + " " + echoed)
    finally:
        REGISTRY.clear()
    noise = before + json.dumps(before) + _unescaped(before)
    found = {p for p in _echo_pieces(secret) if (p in out or p in _unescaped(out)) and p not in noise}
    assert found == set()
