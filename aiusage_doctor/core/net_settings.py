"""Checks for the two network settings a locked-down network needs: a proxy URL and an
extra CA file. Shared by the wizard's Advanced section (and usable by the CLI).

Both answer with a plain sentence (or None when the value can be used), so the field
can say what is wrong while the admin types.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from urllib.parse import urlsplit

CA_FILE_LIMIT = 4 * 1024 * 1024
"""A CA bundle larger than this is not a certificate file (the Mozilla bundle is ~220 KB)."""


def proxy_problem(text: str) -> str | None:
    """Why `text` can't be used as the proxy URL; None if it can ("" = no explicit proxy)."""
    text = text.strip()
    if not text:
        return None
    if "://" not in text:
        return "Start the proxy address with http:// or https:// (for example http://proxy:8080)."
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return "The proxy port must be a number between 1 and 65535."
    if parts.scheme.lower() not in ("http", "https"):
        return f"“{parts.scheme}” proxies are not supported; use an http:// or https:// proxy address."
    if parts.username or parts.password:
        return ("Leave the user name and password out: they would be saved in plain text. "
                "Set HTTPS_PROXY in the environment for a proxy that needs a login.")
    if not parts.hostname:
        return "The proxy address needs a host name, for example http://proxy:8080."
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return "A proxy address is only a host and a port, for example http://proxy:8080."
    if port == 0:
        return "The proxy port must be a number between 1 and 65535."
    return None


def ca_file_problem(path: str) -> str | None:
    """Why `path` can't be used as an extra CA file; None if it can ("" = none)."""
    path = path.strip()
    if not path:
        return None
    file = Path(path).expanduser()
    if not file.is_file():
        return "No such file. Choose the PEM file with your proxy's or company's root certificate."
    try:
        if file.stat().st_size > CA_FILE_LIMIT:
            return "This file is too large to be a certificate file."
        text = file.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        return f"The file could not be read: {exc.strerror or exc}."
    if "-----BEGIN CERTIFICATE-----" not in text:
        return "This is not a PEM certificate file (it has no “BEGIN CERTIFICATE” block)."
    try:
        ssl.create_default_context().load_verify_locations(cafile=str(file))
    except (ssl.SSLError, ValueError, OSError):
        return "The certificates in this file could not be read; export the CA as PEM (Base-64) again."
    return None
