"""The HTML report as the export page previews it: the way a browser first shows it
(see `_ReaderView`), from the exact file that will be saved (gui/pages/export.py)."""

from __future__ import annotations

from html.parser import HTMLParser

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})


class _ReaderView(HTMLParser):
    """Re-emits an HTML page the way a browser first shows it: elements marked `hidden` are
    left out, and a closed `<details>` keeps only its `<summary>`. (Qt's rich text shows all
    of it: it knows neither the attribute nor the element.)"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._hiding = 0
        self._frames: list[tuple[str, bool]] = []  # (tag, is a closed <details>)

    def _in_closed_details(self) -> bool:
        return bool(self._frames) and self._frames[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        void = tag in _VOID
        if self._hiding or "hidden" in dict(attrs) or (self._in_closed_details() and tag != "summary"):
            self._hiding += 0 if void else 1
            return
        if tag == "details":
            closed = "open" not in dict(attrs)
            self.out.append("<div>")
            self._frames.append((tag, closed))
            return
        if tag == "summary":
            self.out.append("<div><b>" + ("▸ " if self._in_closed_details() else "▾ "))
            self._frames.append((tag, False))
            return
        self.out.append(self.get_starttag_text() or "")
        if not void:
            self._frames.append((tag, False))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not (self._hiding or "hidden" in dict(attrs) or self._in_closed_details()):
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._hiding:
            self._hiding -= 1
            return
        if self._frames and self._frames[-1][0] == tag:
            self._frames.pop()
        self.out.append({"details": "</div>", "summary": "</b></div>"}.get(tag, f"</{tag}>"))

    def _text(self, text: str) -> None:
        if not self._hiding and not self._in_closed_details():
            self.out.append(text)

    def handle_data(self, data: str) -> None:
        self._text(data)

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def reader_view_html(page: str) -> str:
    """The HTML report as a browser first shows it (see `_ReaderView`), for the preview."""
    parser = _ReaderView()
    parser.feed(page)
    parser.close()
    return "".join(parser.out)
