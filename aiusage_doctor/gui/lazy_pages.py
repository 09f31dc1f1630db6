"""Pages built after the first paint, so the window shows sooner.

The wizard builds its first page in its constructor and hands the rest to `LazyPages` as a
generator that builds one page (or a few) per step. After the first paint, one step runs
per turn of the event loop, so the window keeps answering meanwhile; anything that needs a
page sooner (Next, a demo filling every page, `page(id)`, or reading an attribute named in
`later_pages`) builds all the remaining ones at once. Either way every page exists before
the user can reach it, so the wizard behaves as if they had been built up front.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QTimer


class LazyPages:
    """Mixin for a QWizard: `start_lazy_pages(steps, names)` in the constructor, then call
    `build_pages_in_turns()` once the window has painted."""

    def start_lazy_pages(self, steps: Iterator[None], later_pages: frozenset[str]) -> None:
        self._page_steps: Iterator[None] | None = steps
        self._later_pages = later_pages
        self._building_page = False

    @property
    def pages_built(self) -> bool:
        return self.__dict__.get("_page_steps") is None

    def ensure_pages(self) -> None:
        """Build every page that doesn't exist yet, now."""
        while self._build_next_page():
            pass

    def build_pages_in_turns(self) -> None:
        """Build the remaining pages one step per event-loop turn. The wizard is the timer's
        context object, so a window closed meanwhile cancels the rest."""
        QTimer.singleShot(0, self, self._build_next_page_in_turn)  # type: ignore[call-overload]

    def _build_next_page_in_turn(self) -> None:
        if self._build_next_page():
            self.build_pages_in_turns()

    def _build_next_page(self) -> bool:
        """One step; False once every page exists (or while a step is already running)."""
        steps = self.__dict__.get("_page_steps")
        if steps is None or self._building_page:
            return False
        self._building_page = True
        try:
            more = next(steps, StopIteration) is not StopIteration
        finally:
            self._building_page = False
        if not more:
            self._page_steps = None
        return more

    def page(self, page_id: int) -> Any:
        self.ensure_pages()
        return super().page(page_id)  # type: ignore[misc]

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes that don't exist (yet): a later page asked for early.
        if name in self.__dict__.get("_later_pages", ()) and not self.pages_built:
            self.ensure_pages()
            if name in self.__dict__:
                return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
