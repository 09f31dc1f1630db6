"""Random, well-formed fake secrets for tests, the simulator and the demo: no literal
token that passes a vendor's checks is ever committed."""

from __future__ import annotations

import random
import zlib

from aiusage_doctor.core.tokens._rules import _ALNUM, _HEX, _URLSAFE, KIND_PREFIX, TokenKind, _b62_6, _K

def _rng(rng: random.Random | None) -> random.Random:
    return rng if rng is not None else random.Random()


def _rand(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def make_github_token(prefix: str = "ghp_", rng: random.Random | None = None) -> str:
    """A checksum-valid 40-character GitHub token, made at run time.

    Tests and the simulator's demo credentials use this so that no literal token that
    passes GitHub's checksum (and so trips secret scanning) is ever committed."""
    body = _rand(_rng(rng), _ALNUM, 30)
    return prefix + body + _b62_6(zlib.crc32(body.encode("ascii")))


def make_fake_secret(kind: TokenKind, rng: random.Random | None = None) -> str:
    """A random, well-formed secret of `kind` (checksum-valid where the kind has one)."""
    r = _rng(rng)
    kind = TokenKind(kind)
    if kind is _K.EMPTY:
        return ""
    if kind is _K.UNKNOWN:
        return _rand(r, _ALNUM, 32)
    if kind in (_K.GITHUB_CLASSIC, _K.GITHUB_OAUTH, _K.GITHUB_APP_USER, _K.GITHUB_APP_REFRESH):
        return make_github_token(KIND_PREFIX[kind], r)
    if kind is _K.GITHUB_FINE_GRAINED:
        return "github_pat_" + _rand(r, _ALNUM, 22) + "_" + _rand(r, _ALNUM, 59)
    if kind is _K.GITHUB_APP_INSTALLATION:
        if r.random() < 0.5:
            return "ghs_" + _rand(r, _ALNUM, 36)
        # Stateless 2026 form: ghs_<app id>_<JWT>; base64url segments joined by dots.
        segments = [_rand(r, _URLSAFE, n) for n in (36, r.randint(200, 400), 342)]
        return f"ghs_{r.randint(100000, 9999999)}_" + ".".join(segments)
    if kind is _K.GITHUB_LEGACY_HEX:
        return _rand(r, _HEX, 40)
    if kind is _K.CURSOR_KEY:
        return "key_" + _rand(r, _HEX, 64)
    if kind is _K.CURSOR_CRSR:
        return "crsr_" + _rand(r, _ALNUM, 64)
    # Anthropic keys: prefix + 93 url-safe characters + "AA" (observed shape).
    return KIND_PREFIX[kind] + _rand(r, _URLSAFE, 93) + "AA"
