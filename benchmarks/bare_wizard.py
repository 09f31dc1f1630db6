"""The start-up reference: a bare 6-page QWizard, nothing else.

bench_startup.py starts it exactly as it starts the app (same interpreter and venv,
same QT_QPA_PLATFORM, a fresh process) and compares the app's first paint with this
one's. It prints `first-paint <unix time>` on stderr at its first paint and quits, as the
app does with AIUSAGE_EXIT_AFTER_FIRST_PAINT=1, so the two differ only in what the app
itself adds: its own modules, pages, icons and theme.

    python benchmarks/bare_wizard.py
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

PAGES = 6


class BareWizard(QWizard):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Bare wizard")
        self._painted = False
        for n in range(1, PAGES + 1):
            page = QWizardPage()
            page.setTitle(f"Step {n}")
            layout = QVBoxLayout(page)
            layout.addWidget(QLabel(f"Page {n} of {PAGES}"))
            self.addPage(page)

    def event(self, event: QEvent) -> bool:
        result = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            print(f"first-paint {time.time():.6f}", file=sys.stderr, flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return result


def main() -> int:
    app = QApplication([sys.argv[0]])
    wizard = BareWizard()
    wizard.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
