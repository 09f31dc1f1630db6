"""docs/security.md states every limit the code enforces, as the number the code uses."""

from __future__ import annotations

from pathlib import Path

from aiusage_doctor.core import http, report_file, untrusted
from aiusage_doctor.core.links import KNOWN_DOMAINS

from .conftest import MEMORY_LIMIT_MB

DOC = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text(encoding="utf-8")


def test_every_limit_is_in_the_security_page() -> None:
    stated = {
        "answer size": f"{http.HttpSettings().max_body_bytes // 2**20} MiB",
        "JSON nesting": f"{untrusted.MAX_JSON_DEPTH} levels",
        "string length": f"{untrusted.MAX_FIELD_CHARS:,} characters",
        "header length": f"{http.MAX_HEADER_CHARS} characters",
        "report size": f"{report_file.MAX_REPORT_BYTES // 2**20} MiB",
        "report checks": f"{report_file.MAX_REPORT_CHECKS:,} checks",
        "report items": f"{report_file.MAX_ITEMS} entries",
        "unbroken runs": f"{report_file.MAX_RUN} characters",
        "memory": f"{MEMORY_LIMIT_MB} MB",
    }
    missing = {what: text for what, text in stated.items() if text not in DOC}
    assert missing == {}
    assert all(domain in DOC for domain in KNOWN_DOMAINS)
