"""Where outside bytes enter: the HTTP adapter's answers, base URLs, links, files we write."""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import stat
import sys
import zlib
from pathlib import Path

import httpx
import pytest

from aiusage_doctor.cli import EXIT_USAGE, main
from aiusage_doctor.core.http import BadBaseUrl, FailureKind, HttpClient, HttpFailure, normalize_base_url
from aiusage_doctor.core.links import openable_url, shown_address
from aiusage_doctor.core.untrusted import MAX_FIELD_CHARS, clean_text, has_unsafe

from .server import ESCAPES, HostileServer

POSIX = os.name == "posix"


def get(url: str, **kw) -> httpx.Response:
    async def go():
        async with HttpClient() as client:
            return await client.get(url, **kw)
    return asyncio.run(go())


# ------------------------------------------------------------------ answers


def test_clean_text_removes_every_escape_and_cuts_long_strings() -> None:
    cleaned = clean_text(ESCAPES)
    assert not has_unsafe(cleaned) and "\x1b" not in cleaned and "\r" not in cleaned
    assert "All checks passed" in cleaned
    assert len(clean_text("x" * 100_000)) == MAX_FIELD_CHARS


def test_a_gzip_bomb_is_stopped_at_the_size_cap_once_unpacked() -> None:
    with HostileServer("gzip_bomb") as server, pytest.raises(HttpFailure) as failure:
        get(server.url + "/user")
    assert failure.value.kind is FailureKind.TOO_LARGE
    assert "once unpacked" in failure.value.cause


def test_a_probe_keeps_the_start_of_a_bomb_without_failing() -> None:
    with HostileServer("gzip_bomb") as server:
        resp = get(server.url + "/file", max_body_bytes=4096, body_limit_is_probe=True, expect_json=False)
    assert len(resp.body) == 4096 and resp.body.strip() == b""


def test_a_stacked_encoding_is_refused_unread() -> None:
    with HostileServer("stacked_gzip") as server, pytest.raises(HttpFailure) as failure:
        get(server.url + "/user")
    assert "gzip, gzip" in failure.value.cause


def test_ordinary_gzip_and_deflate_answers_still_work() -> None:
    payload = json.dumps({"login": "octocat"}).encode()
    for coding, body in (("gzip", gzip.compress(payload)), ("deflate", zlib.compress(payload)),
                         ("deflate", zlib.compress(payload)[2:-4])):  # raw deflate, as some servers send
        server = HostileServer("nested")
        server.attack = lambda h, body=body, coding=coding: (200, {"content-encoding": coding}, body)
        with server:
            assert get(server.url + "/user").json() == {"login": "octocat"}


def test_nested_json_is_an_invalid_answer() -> None:
    with HostileServer("nested") as server, pytest.raises(HttpFailure) as failure:
        get(server.url + "/user").json()
    assert failure.value.kind is FailureKind.INVALID_JSON
    assert "nested more than 64 levels" in failure.value.cause


def test_strings_in_an_answer_are_cleaned_where_they_enter() -> None:
    with HostileServer("escapes") as server:
        resp = get(server.url + "/user", expect_json=True)
    message = resp.json()["message"]
    assert "All checks passed" in message and not has_unsafe(message)
    evidence = resp.evidence("x-request-id")
    assert not has_unsafe(json.dumps(evidence, ensure_ascii=False))
    assert not has_unsafe(resp.text)


# ------------------------------------------------------------ plain http


@pytest.mark.parametrize("url", ["http://api.localhost:8080", "http://127.0.0.2:9", "http://localhost.:9",
                                 "http://0.0.0.0:9"])
def test_plain_http_is_refused_where_a_proxy_could_carry_it(url) -> None:
    with pytest.raises(BadBaseUrl):
        normalize_base_url(url)

    async def go():
        async with HttpClient() as client:
            await client.get(url + "/user", headers={"Authorization": "Bearer x"})
    with pytest.raises(HttpFailure) as failure:
        asyncio.run(go())
    assert failure.value.kind is FailureKind.INSECURE_URL


@pytest.mark.parametrize("url", ["http://localhost:8080", "http://127.0.0.1:9", "http://[::1]:9"])
def test_plain_http_is_allowed_to_this_computer(url) -> None:
    assert normalize_base_url(url) == url


def test_plain_http_to_this_computer_never_goes_through_a_proxy(monkeypatch) -> None:
    with HostileServer("nested") as proxy, HostileServer("nested") as target:
        target.attack = lambda h: (200, {"content-type": "application/json"}, b'{"ok": true}')
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("ALL_PROXY", proxy.url)
        assert get(f"http://localhost:{target.port}/user").json() == {"ok": True}
        assert proxy.requests == 0 and target.requests == 1


# ------------------------------------------------------------------ links


@pytest.mark.parametrize("url", [
    "https://docs.github.com/en/rest", "https://github.com/settings/tokens", "https://octocorp.ghe.com/x",
    "https://cursor.com/dashboard", "https://docs.anthropic.com/x", "mailto:support@acme.com",
])
def test_links_to_known_sites_open(url) -> None:
    assert openable_url(url) == url


@pytest.mark.parametrize("url", [
    "http://docs.github.com/", "https://evil.example/", "https://github.com.evil.example/",
    "https://user:pw@github.com/", "https://github.com:8443/", "file:///etc/passwd",
    "javascript:alert(1)", "smb://host/share", "mailto:a@b.com?attach=/home/u/.ssh/id_rsa",
    "mailto:a@b.com?body=hi", "mailto:a@b.com,c@d.com", "https://github.com/\u202eevil",
])
def test_other_links_are_refused(url) -> None:
    assert openable_url(url) is None


def test_a_link_shows_its_real_address() -> None:
    assert shown_address("https://evil.example/phish?sig=1") == "evil.example/phish"
    assert shown_address("mailto:a@b.com?attach=x") == "a@b.com"


# ------------------------------------------------------------------ --output


def _check(tmp_path: Path, output: str, capsys, monkeypatch) -> tuple[int, str]:
    for var in ("AIUSAGE_GITHUB_TOKEN", "AIUSAGE_CURSOR_API_KEY", "AIUSAGE_ANTHROPIC_ADMIN_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "home" / "state"))
    code = main(["check", "--demo", "healthy", "--provider", "cursor", "--format", "json", "--output", output])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", ["directory", "missing folder", "folder is a file", "unwritable"])
def test_a_bad_output_path_is_refused_before_the_run(case, tmp_path, capsys, monkeypatch) -> None:
    if case == "unwritable" and (not POSIX or os.geteuid() == 0):
        pytest.skip("needs POSIX permissions and a non-root user")
    target = {"directory": tmp_path, "missing folder": tmp_path / "nope" / "r.json",
              "folder is a file": tmp_path / "file.txt" / "r.json", "unwritable": tmp_path / "ro" / "r.json"}[case]
    (tmp_path / "file.txt").write_text("x")
    if case == "unwritable":
        (tmp_path / "ro").mkdir()
        (tmp_path / "ro").chmod(0o500)
    started = []
    monkeypatch.setattr("aiusage_doctor.core.runner.Runner.run", lambda self: started.append(1))
    code, err = _check(tmp_path, str(target), capsys, monkeypatch)
    assert code == EXIT_USAGE and not started
    assert err.count("\n") == 1 and err.startswith("aiusage-doctor: error: --output:")


@pytest.mark.skipif(not POSIX, reason="symlinks and modes need POSIX")
def test_output_replaces_a_symlink_instead_of_following_it(tmp_path, capsys, monkeypatch) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "report.json"
    link.symlink_to(victim)
    code, _ = _check(tmp_path, str(link), capsys, monkeypatch)
    assert code == 0
    assert victim.read_text() == "keep me"
    assert not link.is_symlink() and json.loads(link.read_text())["checks"]
    assert stat.S_IMODE(link.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# ------------------------------------------------------------------ permissions


@pytest.mark.skipif(not POSIX, reason="modes need POSIX")
def test_log_and_crash_folders_are_private(tmp_path, monkeypatch) -> None:
    import logging

    from aiusage_doctor.core import crash, logs

    monkeypatch.setattr(logs, "log_dir", lambda: tmp_path / "log")
    monkeypatch.setattr(crash, "log_dir", lambda: tmp_path / "log")
    root = logging.getLogger("aiusage_doctor")
    saved = list(root.handlers)
    try:
        path = logs.setup_logging()
        logging.getLogger("aiusage_doctor.test").warning("hello")
        try:
            raise ValueError("boom")
        except ValueError as exc:
            report = crash.write_crash_report(type(exc), exc, exc.__traceback__)
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved:
            root.addHandler(handler)
    assert path is not None and report is not None
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(tmp_path / "log") == 0o700 and mode(report.parent) == 0o700
    assert mode(path) == 0o600 and mode(report) == 0o600


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip("POSIX-only server behaviour")


@pytest.mark.skipif(not POSIX, reason="devices need POSIX")
def test_output_to_a_device_writes_into_it_and_never_replaces_it(tmp_path, capsys, monkeypatch) -> None:
    before = os.stat(os.devnull)
    code, err = _check(tmp_path, os.devnull, capsys, monkeypatch)
    after = os.stat(os.devnull)
    assert code == 0, err
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.skipif(not POSIX, reason="symlinks need POSIX")
def test_a_planted_symlink_to_a_device_is_replaced_not_written_through(tmp_path) -> None:
    from aiusage_doctor.core.private_files import write_private

    link = tmp_path / "report.json"
    link.symlink_to(os.devnull)
    write_private(link, "{}")
    assert not link.is_symlink() and link.read_text() == "{}"
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.one_of(st.text(alphabet=st.sampled_from(list("ab[]{}\"\\/ \n\t\r\x1b\x85\u202e\u200b\u00e9")), max_size=30),
                  st.integers(0, 30).map(lambda n: "x" * n))
_VALUES = st.recursive(st.one_of(st.none(), st.integers(), _TEXT),
                       lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
                       max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(value=_VALUES, indent=st.sampled_from([None, 2]), ascii_only=st.booleans(), limit=st.sampled_from([10, 4096]))
def test_parsing_an_answer_cleans_it_exactly_as_walking_it_would(value, indent, ascii_only, limit) -> None:
    """The shortcut for answers that are already clean gives the same result as cleaning
    every string (and refuses the same nesting)."""
    from aiusage_doctor.core.untrusted import TooDeep, clean_tree, parse_json

    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    try:
        expected = clean_tree(json.loads(text), limit)
    except TooDeep:
        with pytest.raises(TooDeep):
            parse_json(text, limit)
        return
    assert parse_json(text, limit) == expected
    assert parse_json(text.encode(), limit) == expected
