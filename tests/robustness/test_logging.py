"""The log: in the platform's log directory, rotated, redacted at the handler (whatever
logs through it), and request lines without headers or query strings."""

from __future__ import annotations

import asyncio
import logging
import logging.handlers
import sys

import httpx
import pytest

from aiusage_doctor.core.http import HttpClient, HttpSettings
from aiusage_doctor.core.logs import LOG_NAME, log_dir, setup_logging
from aiusage_doctor.core.redact import REGISTRY
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token

from .conftest import leaks


def _read(path) -> str:
    for handler in logging.getLogger("aiusage_doctor").handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG layout")
def test_the_log_lives_in_the_platform_log_directory(isolated_home):
    path = setup_logging()
    assert path == isolated_home / ".local" / "state" / "aiusage-doctor" / "log" / LOG_NAME
    assert path.parent == log_dir()


def test_the_log_rotates_and_keeps_three_old_files():
    path = setup_logging()
    (handler,) = [h for h in logging.getLogger("aiusage_doctor").handlers
                  if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert (handler.maxBytes, handler.backupCount) == (1_000_000, 3)
    handler.maxBytes = 20_000  # the same rotation, with less writing
    log = logging.getLogger("aiusage_doctor.test")
    for i in range(120):  # about 120 KB: more than four files' worth
        log.info("%d %s", i, "x" * 1000)
    names = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(LOG_NAME))
    assert names == [LOG_NAME, f"{LOG_NAME}.1", f"{LOG_NAME}.2", f"{LOG_NAME}.3"]
    assert all((path.parent / n).stat().st_size <= 20_000 + 2000 for n in names)


def test_every_handler_redacts_whatever_is_logged(capfd):
    registered = make_fake_secret(TokenKind.CURSOR_KEY)
    REGISTRY.add(registered)
    unregistered = make_github_token()
    anthropic = make_fake_secret(TokenKind.ANTHROPIC_ADMIN)
    path = setup_logging(verbose=True)
    log = logging.getLogger("aiusage_doctor.providers.demo")
    log.info("key in a message: %s", registered)
    log.warning("token pasted into a URL: https://api.example.com/?access_token=%s&x=1", unregistered)
    log.debug("header dump {'x-api-key': '%s'}", anthropic)
    log.info("cut short: %s", registered[:30])
    try:
        raise RuntimeError(f"request failed with Authorization: Bearer {unregistered}")
    except RuntimeError:
        log.exception("a crash with a secret in the message")
    text = _read(path) + capfd.readouterr().err
    assert "a crash with a secret" in text and "RuntimeError" in text
    assert not leaks(text, [registered, unregistered, anthropic])


def test_verbose_request_lines_show_no_headers_and_no_query(capfd):
    token = make_github_token()
    path = setup_logging(verbose=True)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"login": "octo"}, headers={"set-cookie": f"session={token}"})

    async def main():
        async with HttpClient(HttpSettings(), transport=httpx.MockTransport(handler)) as http:
            await http.get("https://api.github.com/user", headers={"Authorization": f"Bearer {token}"},
                           params={"signature": "s3cr3t-download-signature"})

    asyncio.run(main())
    text = _read(path) + capfd.readouterr().err
    assert "GET https://api.github.com/user -> 200" in text
    assert "authorization" not in text.lower() and "cookie" not in text.lower()
    assert "s3cr3t" not in text and not leaks(text, [token])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG layout")
def test_an_unwritable_log_directory_is_not_fatal(isolated_home, monkeypatch):
    blocker = isolated_home / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    assert setup_logging() is None
    logging.getLogger("aiusage_doctor.test").warning("still fine")
