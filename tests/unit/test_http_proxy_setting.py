"""An explicit proxy (the wizard's Advanced → Proxy URL) carries the run's requests."""

from __future__ import annotations

import asyncio

import pytest

from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.http import HttpClient, HttpFailure, HttpSettings
from aiusage_doctor.core.net_settings import ca_file_problem, proxy_problem
from aiusage_doctor.core.report import build_environment


async def _through_proxy(settings_proxy: str | None) -> list[str]:
    seen: list[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append((await reader.readline()).decode().strip())
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    proxy = settings_proxy.format(port=port) if settings_proxy else None
    try:
        async with HttpClient(HttpSettings(proxy=proxy, max_retries=0, trust_env=False,
                                           connect_timeout=3, read_timeout=3)) as http:
            with pytest.raises(HttpFailure):
                await http.get("https://api.vendor-under-test.invalid/x")
    finally:
        server.close()
    return seen


def test_an_explicit_proxy_receives_the_requests():
    seen = asyncio.run(_through_proxy("http://127.0.0.1:{port}"))
    assert seen == ["CONNECT api.vendor-under-test.invalid:443 HTTP/1.1"]


def test_the_proxy_setting_marks_the_report_environment():
    assert build_environment(RunConfig(proxy_url="http://proxy.corp.com:8080")).proxy_in_use


@pytest.mark.parametrize(("text", "ok"), [
    ("", True), ("http://proxy:8080", True), ("https://proxy.corp.com:3128/", True),
    ("proxy:8080", False), ("socks5://proxy:1080", False), ("http://user:pw@proxy:8080", False),
    ("http://proxy:99999", False), ("http://proxy:8080/path", False), ("http://:8080", False),
])
def test_proxy_addresses_are_validated(text, ok):
    assert (proxy_problem(text) is None) == ok


def test_ca_files_are_validated(tmp_path):
    import trustme

    ca = trustme.CA()
    good = tmp_path / "corp-root.pem"
    ca.cert_pem.write_to_path(str(good))
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    assert ca_file_problem("") is None
    assert ca_file_problem(str(good)) is None
    assert "No such file" in ca_file_problem(str(tmp_path / "missing.pem"))
    assert "not a PEM" in ca_file_problem(str(bad))
    assert "could not be read" in ca_file_problem(str(broken))
