"""Render every wizard page to PNG in demo mode (offscreen), for docs/screenshots/.

    python scripts/screenshots.py                       # light and dark, 100 %
    python scripts/screenshots.py --scale 2             # 200 % (HiDPI) variants
    python scripts/screenshots.py --scenario missing-scope --out /tmp/shots

The wizard runs against the built-in simulator exactly as `aiusage-doctor --demo`
does; each page is captured with `QWidget.grab()`. The run page is captured twice:
while checks are still running (spinners) and when it has finished.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a source checkout without installing
    sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="output folder")
    parser.add_argument("--scenario", default="sso-not-authorized", help="demo scenario (see `aiusage-doctor sim`)")
    parser.add_argument("--run-scenario", default="slow",
                        help="scenario for the mid-run capture (slow answers show the spinners)")
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio, e.g. 2 for 200 %%")
    parser.add_argument("--palette", choices=("light", "dark", "both"), default="both")
    parser.add_argument("--width", type=int, default=1000, help="window width in logical pixels")
    parser.add_argument("--height", type=int, default=680, help="window height in logical pixels")
    return parser.parse_args()


async def wait_signal(signal, timeout: float = 30.0) -> tuple:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[tuple] = loop.create_future()

    def done(*args) -> None:
        if not future.done():
            future.set_result(args)

    signal.connect(done)
    try:
        return await asyncio.wait_for(future, timeout)
    finally:
        signal.disconnect(done)


async def settle(seconds: float = 0.15) -> None:
    """Let layouts, repaints and queued slots happen before a capture. (Only by yielding to
    the loop: processEvents() inside a coroutine would re-enter other tasks.)"""
    await asyncio.sleep(seconds)


async def capture(args: argparse.Namespace, dark: bool, out: Path) -> list[Path]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QWizard

    from aiusage_doctor.gui.pages import PageId
    from aiusage_doctor.gui.theme import apply_theme, dark_palette, light_palette
    from aiusage_doctor.gui.wizard import DoctorWizard

    app = QApplication.instance()
    apply_theme(app)
    app.setPalette(dark_palette() if dark else light_palette())
    suffix = ("-dark" if dark else "") + (f"@{args.scale:g}x" if args.scale != 1 else "")
    written: list[Path] = []
    settings = QSettings(str(out / ".screenshots-settings.ini"), QSettings.Format.IniFormat)

    def grab(widget, name: str) -> None:
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        written.append(path)

    async def demo_wizard(scenario: str) -> DoctorWizard:
        wizard = DoctorWizard(settings=settings, demo_scenario=scenario)
        wizard.resize(args.width, args.height)
        wizard.show()
        ready = asyncio.ensure_future(wait_signal(wizard.demo_ready))
        wizard.start_demo()
        await ready
        await settle()
        return wizard

    wizard = await demo_wizard(args.scenario)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    grab(wizard, "01-welcome")

    wizard.next()
    await settle()
    discovered = asyncio.ensure_future(wait_signal(wizard.discovery.finished))
    failed = asyncio.ensure_future(wait_signal(wizard.discovery.failed))
    wizard.github.discover()
    await asyncio.wait([discovered, failed], timeout=20, return_when=asyncio.FIRST_COMPLETED)
    for pending in (discovered, failed):
        pending.cancel()
    await settle()
    grab(wizard, "02-github")

    wizard.next()
    await settle()
    grab(wizard, "03-cursor")

    wizard.next()
    await settle()
    real_key = wizard.claude.secret.text()
    from aiusage_doctor.core.tokens import TokenKind, make_fake_secret

    wizard.claude.secret.set_text(make_fake_secret(TokenKind.ANTHROPIC_API))  # the live verdict at work
    await settle()
    grab(wizard, "04-claude-wrong-key")
    wizard.claude.secret.set_text(real_key)
    await settle()
    grab(wizard, "04-claude")

    finished = asyncio.ensure_future(wait_signal(wizard.run_finished, 60))
    wizard.next()
    await finished
    await settle(0.3)
    grab(wizard, "06-run-done")

    wizard.next()
    await settle()
    grab(wizard, "07-results")
    wizard.results_page.filter.setCurrentIndex(1)
    await settle()
    grab(wizard, "08-results-problems-only")
    wizard.results_page.filter.setCurrentIndex(0)

    wizard.next()
    await settle()
    grab(wizard, "09-export")
    wizard.export_page.format_buttons["markdown"].setChecked(True)
    await settle()
    grab(wizard, "10-export-markdown")

    from aiusage_doctor.gui.dialogs import ErrorDialog

    dialog = ErrorDialog(
        "The checks could not run",
        "The checks could not be run because of an unexpected problem in AI Usage Doctor. Your settings "
        "were not changed. Copy the details and send them to support.",
        "Traceback (most recent call last):\n  ...\nRuntimeError: example",
        wizard,
    )
    dialog.show()
    await settle()
    grab(dialog, "11-error-dialog")
    dialog.close()
    wizard.shutdown()
    wizard.close()

    await capture_described(demo_wizard, grab)

    # Mid-run: a slow scenario, captured once about half of the checks have finished.
    wizard = await demo_wizard(args.run_scenario)
    for _ in range(4):
        wizard.next()
        await settle(0.05)
    while wizard.currentId() not in (PageId.RUN, -1):  # the scenario skipped a page: keep going to Run
        next_button.click()
        await settle(0.05)
    for _ in range(400):
        done, total = wizard.results.progress()
        if total and done >= max(1, total // 2) and wizard.results.running():
            break
        await asyncio.sleep(0.02)
    grab(wizard, "05-run")
    if wizard.running:
        finished = asyncio.ensure_future(wait_signal(wizard.run_finished, 60))
        wizard.cancel_run()
        await finished
    wizard.shutdown()
    wizard.close()
    await settle()
    return written


async def capture_described(demo_wizard, grab) -> None:
    """The pages built from provider descriptors (OpenAI Codex, Windsurf), with the demo's
    working values and with another product's token pasted in (the live verdict refuses it).
    Their demo runs in the 'healthy' scenario, which includes them."""
    from aiusage_doctor.core.tokens import TokenKind, make_fake_secret
    from aiusage_doctor.gui.provider_pages import page_id

    wrong = {"codex": make_fake_secret(TokenKind.CURSOR_KEY), "windsurf": make_fake_secret(TokenKind.GITHUB_CLASSIC)}
    wizard = await demo_wizard("healthy")
    for provider, page in wizard.described_pages.items():
        while wizard.currentId() not in (page_id(provider), -1):
            wizard.next()
            await settle(0.05)
        await settle()
        grab(wizard, f"04-{provider}")
        secret = next(iter(page.fields.values()))
        real = secret.text()
        secret.edit.setText(wrong[provider])
        await settle()
        grab(wizard, f"04-{provider}-wrong-key")
        secret.edit.setText(real)
    wizard.shutdown()
    wizard.close()
    await settle()


def main() -> int:
    args = parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1:
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    import qasync

    QApplication.setApplicationName("aiusage-doctor-screenshots")
    QApplication.setOrganizationName("aiusage-doctor")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # several wizards open and close in one session
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    from aiusage_doctor.gui.app import install_asyncgen_hooks

    install_asyncgen_hooks(loop)
    palettes = {"light": [False], "dark": [True], "both": [False, True]}[args.palette]
    written: list[Path] = []
    with loop:
        for dark in palettes:
            written += loop.run_until_complete(capture(args, dark, out))
    (out / ".screenshots-settings.ini").unlink(missing_ok=True)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
