"""Lay out the pages after page 1 once, and reuse them while the rest of the handout is the same."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from typing import Any, NamedTuple

from reportlab.pdfgen.canvas import Canvas, ExtGState
from reportlab.platypus import KeepTogether

from kneepdf.flowables import Checklist
from kneepdf.model import Handout, PatientDetails
from kneepdf.replay import FRESH, keys_of

_TAILS: dict[tuple[object, ...], Tail] = {}
_SHARED: dict[tuple[Handout, tuple[object, ...]], str] = {}  # shared_key, by its input
CACHE_LIMIT = 256  # tails kept per process
# What a page keeps of its own in the canvas (its stream and its graphics state as it
# ended); the rest it shares with page 1.
PAGE_ATTRS = ("_code", "_pageNumber", "_formsinuse", "_annotationrefs", "_formData",
              "_colorsUsed", "_shadingUsed", "_currentPageHasImages", *Canvas.STATE_ATTRIBUTES)


class Tail(NamedTuple):
    """Pages 2 to N as the canvas held them, and the bookmarks that fall on them."""

    pages: tuple[dict[str, Any], ...]
    marks: tuple[tuple[int, str, float], ...]


def shared_key(handout: Handout, *setup: object) -> str:
    """A digest of the handout less the patient's details, and of how it is set.

    Only the side stays: it changes the words on every page. The rest shows on page 1 only.
    """
    details = PatientDetails(date=dt.date.min, side=handout.details.side)
    blank = (handout._replace(details=details), setup)
    known = _SHARED.get(blank)
    if known is None:
        if len(_SHARED) >= CACHE_LIMIT:
            _SHARED.clear()
        known = _SHARED[blank] = hashlib.sha256(repr(blank).encode("utf-8")).hexdigest()
    return known


class Plan:
    """One document's use of the tails: look one up when page 1 ends, or record one.

    The story list is what platypus works through; when page 1 ends it holds what is
    left. If none of that shows the patient's details (the first `personal` flowables
    do) and a tail was recorded for the same shared key, the same leftovers and the same
    document state, its pages are added and the story is emptied.
    """

    def __init__(self, shared: str, story: list[Any], personal: int) -> None:
        self.shared = shared
        self.story = story
        self.original = list(story)
        self.index: dict[int, tuple[int, ...]] = {}
        self.personal = personal
        self.key: tuple[object, ...] | None = None
        self.state: tuple[int, ...] = ()  # the document's state as page 1 ended
        self.spliced = False
        self.pages = 0  # set when the document is saved

    def _add_index(self, flowables: list[Any], path: tuple[int, ...]) -> None:
        """Where each flowable sits in the story, inside the groups that platypus may open."""
        for i, f in enumerate(flowables):
            here = (*path, i)
            self.index[id(f)] = here
            inner = getattr(f, "_content", None)
            if isinstance(inner, list):
                self._add_index(inner, here)

    def _left_key(self, f: Any) -> object | None:
        path = self.index.get(id(f))
        if path is not None:
            return None if path[0] < self.personal else path
        if isinstance(f, Checklist):  # the rest of a checklist split at the page foot
            rows = [keys_of(row) for row in f.rows]
            return None if None in rows else ("checklist", tuple(rows))
        if isinstance(f, KeepTogether):  # a heading held with what follows it
            parts = [self._left_key(g) for g in f._content]
            return None if None in parts else ("together", tuple(parts))
        return None

    def page_one_ended(self, canvas: Any) -> None:
        """Called as page 1 is put aside: add a recorded tail, or get ready to record one."""
        story, original = self.story, self.original
        same = 0  # the leftovers end with the story's own last flowables, untouched
        while (same < len(story) and same < len(original)
               and story[-1 - same] is original[-1 - same]):
            same += 1
        start = len(original) - same
        if not story or start < self.personal:
            return
        self._add_index(original[:start], ())  # the flowables before may be opened or split
        head = [self._left_key(f) for f in story[:len(story) - same]]
        if None in head:
            return
        left = (*head, *((i,) for i in range(start, len(original))))
        key = (self.shared, left, canvas.replay.added())
        tail = _TAILS.get(key)
        if tail is None:
            self.key, self.state = key, canvas.replay.doc_state()
            return
        page_one = canvas._pages[0]
        canvas._pages.extend({**page_one, **_copied(page)} for page in tail.pages)
        canvas.marks.extend(tail.marks)
        del self.story[:]
        self.spliced = True

    def document_ended(self, canvas: Any) -> None:
        """Called before the footers are drawn: keep pages 2 to N if nothing new was set up."""
        if self.key is None or self.spliced or canvas.replay.doc_state() != self.state:
            return
        pages = tuple(_copied({a: page[a] for a in PAGE_ATTRS}) for page in canvas._pages[1:])
        marks = tuple(m for m in canvas.marks if m[0] > 1)
        if len(_TAILS) >= CACHE_LIMIT:
            _TAILS.clear()
        _TAILS[self.key] = Tail(pages, marks)
        FRESH[0] += 1


def _copied(page: dict[str, Any]) -> dict[str, Any]:
    """A page's own state with fresh lists and dicts: drawing the footer adds to them."""
    return {a: copy.copy(v) if isinstance(v, (list, dict, ExtGState)) else v
            for a, v in page.items()}
