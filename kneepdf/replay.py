"""Record what a flowable draws and replay it in later documents that would draw it the same."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Spacer

# Drawn PDF operators by (flowable key, position, canvas state, font setup).
_DRAWN: dict[tuple[object, ...], list[str]] = {}
CACHE_LIMIT = 20_000  # drawings kept per process
PERSONAL = "\x00personal"  # in a key, marks the patient's details: never kept between runs
FRESH = [0]  # entries that a later run may reuse, made since the cache was last written
# The canvas's graphics state when a flowable starts drawing (all but the ExtGState).
_STATE = (
    "_fontname", "_fontsize", "_textMode", "_leading", "_currentMatrix", "_fillMode",
    "_charSpace", "_wordSpace", "_horizScale", "_textRenderMode", "_rise", "_lineCap",
    "_lineJoin", "_lineDash", "_lineWidth", "_mitreLimit", "_fillColorObj", "_strokeColorObj",
)


class Replay:
    """One document's drawing cache: fonts set up in a fixed order, then draws recorded or replayed.

    A TrueType font's glyph codes and PDF names are given out in order of first use, so the
    same paragraph is written with other bytes when a patient's name has drawn new letters
    first. Every font gets its codes up front: first the letters of the handout's shared
    text (`letters`, the same for every patient), then the patient's own (`personal`). A
    drawing is recorded when it gave out no new code, name or graphics state and names
    none of the patient's letters, and it is replayed byte for byte wherever the key, the
    position, the canvas state and the shared set-up are the same.
    """

    def __init__(self, canvas: Any, fonts: Sequence[str], letters: str, personal: str) -> None:
        self.canvas = canvas
        doc = canvas._doc
        self.fonts = [pdfmetrics.getFont(name) for name in dict.fromkeys(fonts)]
        for font in self.fonts:
            font.splitString(letters, doc)
            font.getSubsetInternalName(0, doc)
        for font in self.fonts:
            font.splitString(personal, doc)
        self.personal = personal
        self.setup = (tuple(f.fontName for f in self.fonts), letters)
        self.start = self.doc_state()

    def added(self) -> tuple[int, ...]:
        """What the document has given out since the set-up: codes, names, states, objects.

        Unlike the state itself, this is the same whatever letters the patient's name has.
        """
        return tuple(a - b for a, b in zip(self.doc_state(), self.start, strict=True))

    def doc_state(self) -> tuple[int, ...]:
        """Each font's next glyph code, and the counts of font names, graphics states,
        annotations and PDF objects."""
        canvas = self.canvas
        doc = canvas._doc
        return (*[f.state[doc].nextCode for f in self.fonts], len(doc.fontMapping),
                len(canvas._extgstate._c), canvas._annotationCount, len(doc.idToObject))

    def draw(self, key: object, x: float, y: float, sw: float,
             draw: Callable[[Any, float, float, float], None]) -> None:
        canvas = self.canvas
        d = canvas.__dict__
        full = (key, x, y, sw, self.setup, *[d[a] for a in _STATE])
        try:
            code = _DRAWN.get(full)
        except TypeError:  # an unhashable state value, such as a dash list: draw afresh
            draw(canvas, x, y, sw)
            return
        if code is not None:
            canvas._code.extend(code)
            return
        # Codes, font names and graphics states given out before shape a drawing's bytes;
        # objects added before (the pages already written, at the footers) do not.
        before = self.doc_state()
        shaping = len(self.fonts) + 2
        clean = before[:shaping] == self.start[:shaping]
        mark = len(canvas._code)
        draw(canvas, x, y, sw)
        if clean and self.doc_state() == before and not _mentions(key, self.personal):
            if len(_DRAWN) >= CACHE_LIMIT:
                _DRAWN.clear()
            _DRAWN[full] = canvas._code[mark:]
            if not personal(key):
                FRESH[0] += 1


def _mentions(key: object, letters: str) -> bool:
    """Whether any text in `key` has one of `letters`."""
    if isinstance(key, str):
        return any(ch in key for ch in letters)
    if isinstance(key, tuple):
        return any(_mentions(part, letters) for part in key)
    return False


def personal(key: object) -> bool:
    """Whether `key` names any of the patient's details."""
    if isinstance(key, tuple):
        return any(part == PERSONAL or personal(part) for part in key)
    return False


def drawing_key(flowable: Any) -> object | None:
    """What fixes how a laid-out flowable draws, or None when it cannot be told."""
    if isinstance(flowable, Spacer):
        return None  # draws nothing; a container with one is keyed by its height alone
    key = getattr(flowable, "replay_key", None)
    return key() if key is not None else None


def keys_of(flowables: Sequence[Any]) -> tuple[object, ...] | None:
    """The drawing keys of a container's flowables, or None if any has none."""
    out: list[object] = []
    for f in flowables:
        if isinstance(f, Spacer):
            out.append(("spacer", f.width, f.height))
            continue
        key = drawing_key(f)
        if key is None:
            return None
        out.append(key)
    return tuple(out)


class Replayable:
    """A flowable mixin: draw through the canvas's Replay when the flowable has a key."""

    def replay_key(self) -> object | None:
        return None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        replay: Replay | None = getattr(canvas, "replay", None)
        key = self.replay_key() if replay is not None else None
        if replay is None or key is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        else:
            replay.draw(key, x, y, _sW, super().drawOn)  # type: ignore[misc]
