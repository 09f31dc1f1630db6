"""Offline token recognition: what a user pasted, whether it is intact, and what we tell them.

Checksum-valid tokens are generated at run time; no literal token that passes GitHub's
checksum is written in this file.
"""

from __future__ import annotations

import base64
import random
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiusage_doctor.core.tokens import (
    CHECKSUM_MISMATCH,
    KIND_LABEL,
    KIND_PREFIX,
    KIND_PROVIDER,
    TokenKind,
    classify,
    clean_secret,
    find_tokens,
    github_checksum_ok,
    make_fake_secret,
    make_github_token,
    mask,
    verdict_for,
)

K = TokenKind
REAL_KINDS = [k for k in TokenKind if k not in (K.EMPTY, K.UNKNOWN)]
CRC_KINDS = [K.GITHUB_CLASSIC, K.GITHUB_OAUTH, K.GITHUB_APP_USER, K.GITHUB_APP_REFRESH]

# Written independently of the module: GitHub's alphabet is digits, UPPER, lower.
GITHUB_B62 = "0123456789" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "abcdefghijklmnopqrstuvwxyz"
GO_B62 = "0123456789" + "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def b62_fixed6(n: int, alphabet: str = GITHUB_B62) -> str:
    digits = [alphabet[(n // 62**i) % 62] for i in range(6)]
    return "".join(reversed(digits))


def reference_token(body30: str, alphabet: str = GITHUB_B62, crc_input: str | None = None) -> str:
    """A token built the way the reference notes describe (§3.3): CRC32 (zlib) of the
    30 random characters only, base62, most significant digit first, zero-padded to 6."""
    crc = zlib.crc32((crc_input if crc_input is not None else body30).encode("ascii"))
    return "ghp_" + body30 + b62_fixed6(crc, alphabet)


def random_body(rng: random.Random, n: int = 30) -> str:
    return "".join(rng.choice(GITHUB_B62) for _ in range(n))


def other_char(c: str) -> str:
    return "b" if c == "a" else "a"


# --------------------------------------------------------------------------- checksum


def test_checksum_matches_the_reference_algorithm() -> None:
    rng = random.Random(20210405)
    for _ in range(200):
        body = random_body(rng)
        assert github_checksum_ok(reference_token(body))


def test_checksum_rejects_the_wrong_alphabet_and_a_crc_over_the_prefix() -> None:
    """The two mistakes other implementations made: Go's 0-9a-zA-Z alphabet, and
    including 'ghp_' in the CRC input."""
    rng = random.Random(7)
    wrong_alphabet = wrong_input = 0
    for _ in range(50):
        body = random_body(rng)
        with_go = reference_token(body, GO_B62)
        if with_go != reference_token(body):
            wrong_alphabet += 1
            assert not github_checksum_ok(with_go)
        assert not github_checksum_ok(reference_token(body, crc_input="ghp_" + body))
        wrong_input += 1
    assert wrong_alphabet > 40 and wrong_input == 50


def test_checksum_with_leading_zero_padding() -> None:
    rng = random.Random(3)
    body = next(b for b in (random_body(rng) for _ in range(10_000)) if zlib.crc32(b.encode()) < 62**5)
    token = reference_token(body)
    assert token[-6] == "0"
    assert github_checksum_ok(token)
    assert not github_checksum_ok(token[:-6] + token[-5:] + "0")


@pytest.mark.parametrize("prefix", ["ghp_", "gho_", "ghu_", "ghr_"])
def test_generated_tokens_pass_and_every_single_character_typo_fails(prefix: str) -> None:
    token = make_github_token(prefix, random.Random(prefix))
    assert len(token) == 40 and token.startswith(prefix)
    assert github_checksum_ok(token)
    for i in range(4, 40):
        typo = token[:i] + other_char(token[i]) + token[i + 1 :]
        assert not github_checksum_ok(typo), i


def test_checksum_is_not_applied_to_other_shapes() -> None:
    token = make_github_token("ghp_", random.Random(1))
    assert not github_checksum_ok(token[:-1])
    assert not github_checksum_ok("ghs_" + token[4:])
    assert not github_checksum_ok(token[:10] + "-" + token[11:])


# --------------------------------------------------------------------------- classification


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(REAL_KINDS), seed=st.integers(0, 2**32 - 1))
def test_every_generated_secret_is_recognised_as_its_own_kind(kind: TokenKind, seed: int) -> None:
    secret = make_fake_secret(kind, random.Random(seed))
    info = classify(secret)
    assert info.kind is kind
    assert info.value == secret
    assert info.well_formed, info.problems
    assert info.problems == ()
    assert info.checksum_ok is (True if kind in CRC_KINDS and len(secret) == 40 else None)
    assert secret.startswith(KIND_PREFIX[kind])


WRAPPERS = {
    "spaces": ("   {}  ", ["Removed spaces around the token"]),
    "newline": ("{}\n", ["Removed line breaks"]),
    "crlf_and_tab": ("\t{}\r\n", ["Removed line breaks", "Removed spaces around the token"]),
    "double_quotes": ('"{}"', ["Removed surrounding quotes"]),
    "single_quotes": ("'{}'", ["Removed surrounding quotes"]),
    "backticks": ("`{}`", ["Removed surrounding quotes"]),
    "smart_quotes": ("\u201c{}\u201d", ["Removed surrounding quotes"]),
    "bearer": ("Bearer {}", ["Removed a leading 'Bearer ' prefix"]),
    "token": ("token {}", ["Removed a leading 'token ' prefix"]),
    "header": (
        "Authorization: Bearer {}",
        ["Removed the 'Authorization:' header name", "Removed a leading 'Bearer ' prefix"],
    ),
    "x_api_key": ("x-api-key: {}", ["Removed the 'x-api-key:' header name"]),
    "zero_width": ("\u200b{}\ufeff", ["Removed invisible zero-width characters"]),
    "nested": (
        " \"'Bearer {}'\" \n",
        [
            "Removed line breaks",
            "Removed spaces around the token",
            "Removed surrounding quotes",
            "Removed a leading 'Bearer ' prefix",
        ],
    ),
    "env_line": ("export GITHUB_TOKEN={}", ["Removed the variable name 'GITHUB_TOKEN' in front of the token"]),
}


@pytest.mark.parametrize("name", list(WRAPPERS))
def test_paste_debris_is_removed_and_each_removal_is_named(name: str) -> None:
    template, expected_notes = WRAPPERS[name]
    token = make_github_token(rng=random.Random(name))
    value, notes = clean_secret(template.format(token))
    assert value == token
    assert notes == expected_notes
    info = classify(template.format(token))
    assert info.kind is K.GITHUB_CLASSIC and info.checksum_ok is True
    assert list(info.cleaned) == expected_notes


def test_zero_width_characters_inside_the_token_are_removed() -> None:
    token = make_github_token(rng=random.Random(5))
    info = classify(token[:10] + "\u200d" + token[10:20] + "\u2060" + token[20:])
    assert info.value == token and info.checksum_ok is True
    assert info.cleaned == ("Removed invisible zero-width characters",)


def test_a_token_wrapped_over_two_lines_is_joined() -> None:
    secret = make_fake_secret(K.ANTHROPIC_ADMIN, random.Random(2))
    info = classify(secret[:60] + "\n   " + secret[60:])
    assert info.kind is K.ANTHROPIC_ADMIN and info.value == secret
    assert info.cleaned == ("Removed line breaks",)


def test_cursor_basic_auth_value_is_decoded_to_the_key() -> None:
    key = make_fake_secret(K.CURSOR_KEY, random.Random(4))
    header = "Authorization: Basic " + base64.b64encode(f"{key}:".encode()).decode()
    info = classify(header)
    assert info.kind is K.CURSOR_KEY and info.value == key
    assert "Decoded the Basic-auth value to the key inside it" in info.cleaned


def test_nothing_to_clean_means_no_notes() -> None:
    token = make_github_token(rng=random.Random(6))
    assert clean_secret(token) == (token, [])


def test_empty_and_whitespace_only() -> None:
    assert classify("").kind is K.EMPTY
    info = classify("  \n\t ")
    assert info.kind is K.EMPTY and info.value == ""
    verdict = verdict_for("   ", "github")
    assert verdict.level == "empty" and not verdict.ok
    assert verdict.message == "No GitHub token entered."


def test_a_huge_paste_is_not_scanned_and_says_how_long_it_is() -> None:
    token = make_github_token(rng=random.Random(8))
    blob = ("log line without secrets " * 400_000) + token  # ~10 MB
    info = classify(blob)
    assert info.kind is K.UNKNOWN and not info.well_formed
    assert info.problems[0] == (
        f"That's {len(blob):,} characters — far longer than any token (GitHub allows up to 255)."
    )
    # Only the first 4 KiB are looked at: the token at the very end is not "found".
    assert not any("seems to contain" in p for p in info.problems)


def test_a_huge_paste_starting_with_a_token_says_so() -> None:
    token = make_github_token(rng=random.Random(9))
    info = classify(token + "\n" + "x" * 5000)
    assert info.kind is K.UNKNOWN
    assert info.problems[1] == (
        "It seems to contain a GitHub personal access token (classic) among other text — "
        "copy only the token itself."
    )


def test_a_token_inside_a_sentence_is_pointed_out() -> None:
    token = make_github_token(rng=random.Random(10))
    verdict = verdict_for(f"my token is {token} thanks", "github")
    assert verdict.level == "error"
    assert "It seems to contain a GitHub personal access token (classic) among other text" in verdict.message
    assert token not in verdict.message


def test_smart_quote_inside_is_named() -> None:
    token = make_github_token(rng=random.Random(11))
    info = classify(token[:20] + "\u2019" + token[21:])
    assert info.kind is K.GITHUB_CLASSIC and not info.well_formed
    assert info.problems[0].startswith(
        "It contains a non-ASCII character at position 21: a smart quote (Right Single Quotation Mark, U+2019)."
    )
    assert verdict_for(token[:20] + "\u2019" + token[21:], "github").message == info.problems[0]


def test_cyrillic_lookalike_is_named() -> None:
    secret = make_fake_secret(K.ANTHROPIC_ADMIN, random.Random(12))
    info = classify(secret[:30] + "\u0430" + secret[31:])  # Cyrillic small a
    assert info.kind is K.ANTHROPIC_ADMIN and not info.well_formed
    assert "a Cyrillic letter that looks like a Latin one (Cyrillic Small Letter A, U+0430)" in info.problems[0]
    assert verdict_for(secret[:30] + "\u0430" + secret[31:], "anthropic").level == "error"


def test_space_in_the_middle() -> None:
    token = make_github_token(rng=random.Random(13))
    verdict = verdict_for(token[:20] + " " + token[20:], "github")
    assert verdict.level == "error"
    assert verdict.message.startswith("It contains a space in the middle")


def test_truncated_classic_token() -> None:
    token = make_github_token(rng=random.Random(14))
    info = classify(token[:33])
    assert info.kind is K.GITHUB_CLASSIC and not info.well_formed and info.checksum_ok is None
    verdict = verdict_for(token[:33], "github")
    assert verdict.level == "error"
    assert verdict.message == (
        "It's 33 characters long, but a GitHub personal access token (classic) is 40 — "
        "part of it may be missing (was the paste cut off?)."
    )


def test_mistyped_classic_token_fails_the_checksum() -> None:
    token = make_github_token(rng=random.Random(15))
    typo = token[:12] + other_char(token[12]) + token[13:]
    info = classify(typo)
    assert info.well_formed and info.checksum_ok is False
    verdict = verdict_for(typo, "github")
    assert verdict.level == "error" and not verdict.ok
    assert verdict.message == CHECKSUM_MISMATCH == (
        "The last 6 characters don't match the token's checksum: "
        "a character was mistyped or the paste was cut off."
    )


def test_documentation_example_tokens_fail_the_checksum() -> None:
    # GitHub's docs show this made-up OAuth token; only real tokens carry a valid checksum.
    info = classify("gho_16C7e42F292c6912E7710c838347Ae178B4a")
    assert info.kind is K.GITHUB_OAUTH and info.checksum_ok is False


def test_fine_grained_structure() -> None:
    token = make_fake_secret(K.GITHUB_FINE_GRAINED, random.Random(16))
    assert classify(token).well_formed
    short = classify(token[:80])
    assert short.kind is K.GITHUB_FINE_GRAINED and not short.well_formed
    assert "but a GitHub fine-grained personal access token is 93" in short.problems[0]
    misplaced = classify(token[:33] + token[34] + "_" + token[35:])
    assert not misplaced.well_formed
    assert misplaced.problems == (
        "It doesn't have the shape of a fine-grained token "
        "(github_pat_, 22 letters or digits, an underscore, 59 letters or digits).",
    )


def test_installation_tokens_are_never_length_or_checksum_checked() -> None:
    rng = random.Random(17)
    stateless = "ghs_1234567_" + ".".join("".join(rng.choice(GITHUB_B62 + "-_") for _ in range(n)) for n in (36, 300, 342))
    old = "ghs_" + random_body(rng, 36)
    for token in (stateless, old):
        info = classify(token)
        assert info.kind is K.GITHUB_APP_INSTALLATION
        assert info.well_formed and info.checksum_ok is None and info.problems == ()


def test_app_user_token_in_a_longer_future_format_is_accepted_without_checksum() -> None:
    token = "ghu_" + random_body(random.Random(18), 80)
    info = classify(token)
    assert info.kind is K.GITHUB_APP_USER and info.well_formed and info.checksum_ok is None


def test_legacy_hex_token() -> None:
    value = "".join(random.Random(19).choice("0123456789abcdef") for _ in range(40))
    info = classify(value)
    assert info.kind is K.GITHUB_LEGACY_HEX and info.provider == "github"
    assert verdict_for(value, "github").level == "warn"


def test_key_prefix_alone_is_not_a_cursor_key() -> None:
    """`key_` is a common word prefix (the CLI refuses secrets on the command line)."""
    assert classify("key_value").kind is K.UNKNOWN
    assert classify("key_something_not_hex_at_all").kind is K.UNKNOWN
    info = classify("key_" + "z" * 64)
    assert info.kind is K.UNKNOWN
    assert "those are followed by 64 hexadecimal characters" in info.problems[0]


def test_short_cursor_crsr_key_is_a_warning_not_a_failure() -> None:
    """crsr_ lengths aren't firmly documented, so a mismatch must not lock anyone out."""
    key = make_fake_secret(K.CURSOR_CRSR, random.Random(20))[:50]
    verdict = verdict_for(key, "cursor")
    assert verdict.level == "warn" and verdict.ok
    assert verdict.message == (
        "Cursor API key — it's 50 characters long, but a Cursor API key is usually 69 — "
        "part of it may be missing (was the paste cut off?)."
    )


def test_anthropic_key_with_an_undocumented_prefix_is_usable_not_refused() -> None:
    """The Admin API also accepts personal and service-account keys whose prefix Anthropic
    doesn't document: such a key is sent, not refused offline, and still masked."""
    key = "sk-ant-foo02-" + "a" * 60
    verdict = verdict_for(key, "anthropic")
    assert verdict.info.kind is K.ANTHROPIC_OTHER and verdict.level == "warn" and verdict.ok
    assert "personal and service-account keys" in verdict.message
    assert mask(key) == "sk-ant-…aaaa"
    assert verdict_for("sk-ant-foo", "anthropic").level == "error"  # far too short to be a key


def test_claude_code_refresh_token_is_the_subscription_login_kind() -> None:
    info = classify("sk-ant-ort01-" + "A1b2" * 20)
    assert info.kind is K.ANTHROPIC_OAUTH
    assert mask("sk-ant-ort01-" + "A1b2" * 20) == "sk-ant-ort01-…A1b2"


# --------------------------------------------------------------------------- verdicts

VERDICTS = [
    (K.GITHUB_CLASSIC, "github", "ok", "GitHub personal access token (classic) — checksum OK"),
    (K.GITHUB_FINE_GRAINED, "github", "warn", "fine-grained tokens can't read enterprise-level reports"),
    (K.GITHUB_OAUTH, "github", "ok", "its scopes are read from GitHub (X-OAuth-Scopes)"),
    (K.GITHUB_APP_USER, "github", "ok", "within the App's permissions ('Copilot metrics' read is needed)"),
    (K.GITHUB_APP_INSTALLATION, "github", "ok", "it acts as the App, which needs the 'Copilot metrics' permission"),
    (K.GITHUB_APP_REFRESH, "github", "error", "use a classic PAT or fine-grained PAT"),
    (K.CURSOR_KEY, "cursor", "ok", "Cursor admin API key (key_…) — format OK"),
    (K.CURSOR_CRSR, "cursor", "ok", "Cursor API key (crsr_…) — format OK"),
    (K.ANTHROPIC_ADMIN, "anthropic", "ok", "Anthropic Admin API key — format OK"),
    (K.ANTHROPIC_API, "anthropic", "error", "This is an ordinary API key, not an Admin key (sk-ant-admin01-…)"),
    (K.ANTHROPIC_ENTERPRISE_ANALYTICS, "anthropic", "warn", "Claude Enterprise Analytics checks will be used"),
    (K.ANTHROPIC_OAUTH, "anthropic", "warn", "an OAuth token with the org:admin scope can, so it is sent"),
    (K.CURSOR_KEY, "github", "error", "This looks like a Cursor admin API key, not a GitHub token."),
    (K.GITHUB_CLASSIC, "anthropic", "error", "This looks like a GitHub personal access token (classic), not an Anthropic Admin API key."),
    (K.ANTHROPIC_ADMIN, "cursor", "error", "This looks like an Anthropic Admin API key, not a Cursor API key."),
    (K.ANTHROPIC_OAUTH, "github", "error", "This looks like a Claude Code subscription login token (Claude.ai), not a GitHub token."),
    (K.UNKNOWN, "github", "error", "This doesn't look like a GitHub token (classic tokens start with ghp_, fine-grained ones with github_pat_)."),
    (K.UNKNOWN, "cursor", "error", "This doesn't look like a Cursor API key (Cursor API keys start with crsr_ or key_)."),
]


@pytest.mark.parametrize(("kind", "provider", "level", "text"), VERDICTS)
def test_field_verdicts(kind: TokenKind, provider, level: str, text: str) -> None:
    secret = make_fake_secret(kind, random.Random(str(kind)))
    verdict = verdict_for(secret, provider)
    assert verdict.level == level
    assert text in verdict.message
    assert verdict.ok is (level in ("ok", "warn"))
    assert verdict.info.kind is kind
    assert secret not in verdict.message


@given(kind=st.sampled_from(REAL_KINDS), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_a_secret_in_another_providers_field_is_always_an_error_naming_it(kind: TokenKind, seed: int) -> None:
    secret = make_fake_secret(kind, random.Random(seed))
    for provider in ("github", "cursor", "anthropic"):
        if provider == KIND_PROVIDER[kind]:
            continue
        verdict = verdict_for(secret, provider)
        assert verdict.level == "error"
        assert KIND_LABEL[kind] in verdict.message


def test_verdict_rejects_an_unknown_field() -> None:
    with pytest.raises(ValueError):
        verdict_for("x", "gitlab")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- masking & repr


def test_mask_keeps_prefix_and_last_four() -> None:
    token = make_github_token(rng=random.Random(21))
    assert mask(token) == "ghp_…" + token[-4:]
    admin = make_fake_secret(K.ANTHROPIC_ADMIN, random.Random(22))
    assert mask(admin) == "sk-ant-admin01-…" + admin[-4:]
    assert mask("abcdefghijklmnop") == "…mnop"
    assert mask("abcdefghijk") == "…"
    assert mask("ghp_short") == "ghp_…"
    assert mask("") == ""


@pytest.mark.parametrize("kind", REAL_KINDS)
def test_repr_never_shows_the_secret(kind: TokenKind) -> None:
    secret = make_fake_secret(kind, random.Random(23))
    verdict = verdict_for(secret, "github")
    assert secret not in repr(verdict.info)
    assert secret not in repr(verdict)
    assert secret[-12:] not in repr(verdict)
    assert verdict.info.masked == mask(secret)
    assert verdict.info.label == KIND_LABEL[kind]


# --------------------------------------------------------------------------- scanning text


def test_find_tokens_in_text() -> None:
    rng = random.Random(24)
    token = make_github_token(rng=rng)
    admin = make_fake_secret(K.ANTHROPIC_ADMIN, rng)
    text = f"first{token}, then 'x-api-key: {admin}' and a key_value and ghs_short."
    found = find_tokens(text)
    assert [(text[s:e], k) for s, e, k in found] == [(token, K.GITHUB_CLASSIC), (admin, K.ANTHROPIC_ADMIN)]


@pytest.mark.parametrize(("kind", "field", "env"), [
    (TokenKind.CURSOR_KEY, "github", "AIUSAGE_CURSOR_API_KEY"),
    (TokenKind.GITHUB_CLASSIC, "anthropic", "AIUSAGE_GITHUB_TOKEN"),
    (TokenKind.ANTHROPIC_ADMIN, "cursor", "AIUSAGE_ANTHROPIC_ADMIN_KEY"),
])
def test_a_secret_in_another_providers_field_says_where_it_belongs(kind, field, env):
    from aiusage_doctor.core.tokens import format_findings, verdict_for

    details, _ = format_findings(verdict_for(make_fake_secret(kind), field))
    assert any(env in d and "belongs in" in d for d in details)
    own, _ = format_findings(verdict_for(make_fake_secret(kind), KIND_PROVIDER[kind]))
    assert not any("belongs in" in d for d in own)
