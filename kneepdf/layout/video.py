"""A QR code to an exercise's video, with its short address printed under it."""

from __future__ import annotations

import itertools

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from kneepdf.layout.tagging import leaf
from kneepdf.reuse import Reuse
from kneepdf.theme import MM

QUIET = 4  # modules of white space around the code (ISO/IEC 18004)
LEVEL = "M"  # error correction: about 15% of the code can be damaged


class VideoCode(Flowable):  # type: ignore[misc]
    """A QR code (level M, 4-module quiet zone) above the address it encodes.

    `module` is the size of one module in pt (at least 0.5 mm); the code is
    (modules + 8) x `module` pt square. The address wraps under it in `font` at `size` pt.
    """

    def __init__(self, url: str, font: str, size: float, colour: str = "#000000",
                 module: float = 0.5 * MM, reuse: Reuse | None = None, alt: str = "") -> None:
        super().__init__()
        self.url = url
        self.alt = alt or f"QR code to a video: {url}"  # a Figure's words
        self.font, self.size, self.colour = font, size, colour
        self._code = _runs(url) if reuse is None else reuse.qr.get(url, lambda: _runs(url))
        self.modules = self._code[0]
        self.side = (self.modules + 2 * QUIET) * max(module, 0.5 * MM)
        self._lines: list[str] = []

    def __repr__(self) -> str:
        return f"VideoCode({self.url!r}, {self.side / MM:.1f} mm)"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = max(self.side, avail_width)
        self._lines = wrap_address(short(self.url), self.font, self.size, self.width)
        self.height = self.side + len(self._lines) * self.size * 1.2
        return self.width, self.height

    def draw(self) -> None:
        with leaf(self.canv, "Figure", alt=self.alt):
            self._draw()

    def _draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        modules, runs = self._code
        size = self.side / (modules + 2 * QUIET)
        left = (self.width - self.side) / 2 + QUIET * size
        top = self.height - QUIET * size
        path = canvas.beginPath()  # one filled path: every dark run a rectangle
        for row, col, count in runs:
            path.rect(left + col * size, top - (row + 1) * size, count * size, size)
        canvas.setFillColor(HexColor("#000000"))
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFillColor(HexColor(self.colour))
        canvas.setFont(self.font, self.size)
        y = self.height - self.side - self.size
        for line in self._lines:
            canvas.drawCentredString(self.width / 2, y, line)
            y -= self.size * 1.2
        canvas.restoreState()


def _runs(url: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of `url` (level M; `VideoCode` keeps it in a Reuse): its modules across, and
    each run of dark modules as (row, first column, length), rows from the top."""
    from reportlab.graphics.barcode.qr import QrCodeWidget  # only when a handout has videos

    widget = QrCodeWidget(url, barLevel=LEVEL, barBorder=QUIET)
    widget.qr.make()
    runs = []
    for r, row in enumerate(widget.qr.modules):
        c = 0
        for dark, group in itertools.groupby(bool(m) for m in row):
            count = len(list(group))
            if dark:
                runs.append((r, c, count))
            c += count
    return int(widget.qr.getModuleCount()), tuple(runs)


def wrap_address(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` in lines no wider than `width` pt, broken after a "/" where one fits, else
    between any two characters (an address has no spaces to break at)."""
    lines: list[str] = []
    while text:
        cut = len(text)
        while cut > 1 and stringWidth(text[:cut], font, size) > width:
            cut -= 1
        if cut < len(text) and "/" in text[1:cut]:
            cut = text.rindex("/", 1, cut) + 1
        lines.append(text[:cut])
        text = text[cut:]
    return lines or [""]


def short(url: str) -> str:
    """The address as printed under its code: without `https://` and a trailing slash."""
    return url.removeprefix("https://").rstrip("/")
