"""Floors: what the libraries the app is built on cost on their own, used minimally.

bench_startup.py starts these beside the app and its references, so each start-up row
can say how much of its ratio the libraries themselves take (measured in the same run)
and how much the app adds above them. None of this is the app's code:

  wizard     the bare 6-page QWizard of bare_wizard.py, plus the two things the app's
             window needs from Qt before its first paint: the modern wizard style (the
             header with the logo) and the `Qt` namespace (any alignment, text format
             or colour constant: PySide builds its 93 enum types on first use).
             Prints `first-paint <unix time>` like the app.
  offline    argparse, asyncio and pydantic: one model, validated and dumped as JSON,
             inside asyncio.run(): the least a `check` that reports through pydantic
             models from an asyncio runner can do.
  request    the same, plus httpx with the OS trust store (truststore): one GET to URL
             from an AsyncClient, as the app's first request is sent.

    python benchmarks/floors.py wizard | offline | request URL
"""

from __future__ import annotations

import sys


def wizard() -> int:
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    from bare_wizard import BareWizard
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QWizard

    app = QApplication([sys.argv[0]])
    window = BareWizard()
    window.setWizardStyle(QWizard.WizardStyle.ModernStyle)
    window.setTitleFormat(Qt.TextFormat.RichText)
    window.show()
    return app.exec()


def offline(url: str | None = None) -> int:
    import argparse
    import asyncio

    from pydantic import BaseModel

    parser = argparse.ArgumentParser()
    parser.add_argument("url", nargs="?")
    parser.parse_args([] if url is None else [url])

    class Result(BaseModel):
        check: str
        status: str
        summary: str

    async def run() -> str:
        if url is not None:
            import ssl

            import httpx
            import truststore

            context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            async with httpx.AsyncClient(verify=context) as client:
                await client.get(url)
        return Result(check="github.token.format", status="fail", summary="too short").model_dump_json()

    print(asyncio.run(run()))
    return 0


def main(argv: list[str]) -> int:
    what = argv[0] if argv else ""
    if what == "wizard":
        return wizard()
    if what == "offline":
        return offline()
    if what == "request" and len(argv) == 2:
        return offline(argv[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
