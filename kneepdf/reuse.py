"""Carry a stage's shared line breaks, drawings and pages to the next run, never a patient's."""

from __future__ import annotations

import os
from typing import Any

from reportlab.pdfbase import pdfmetrics

from kneepdf import cache, replay, story, tail
from kneepdf.flowables import Para
from kneepdf.fonts import FontSet
from kneepdf.markup import make_styles
from kneepdf.styles import Theme

KIND = "layout"
_loaded: set[str] = set()


def family(theme: Theme, fonts: FontSet, stage: str) -> str:
    """The cache key of one stage's handouts in one theme, with these font files."""
    faces = [fonts.regular, fonts.bold] + ([fonts.fallback] if fonts.fallback else [])
    files = []
    for name in faces:
        path = pdfmetrics.getFont(name).face.filename
        try:
            info = os.stat(path)
            files.append((name, path, info.st_size, info.st_mtime_ns))
        except OSError:
            files.append((name, path, -1, -1))
    return cache.key(KIND, repr(theme), tuple(files), stage)


def recall(digest: str, theme: Theme, fonts: FontSet) -> None:
    """Add what an earlier run kept for this family to the process's caches (once)."""
    if digest in _loaded:
        return
    _loaded.add(digest)
    for style in make_styles(theme, fonts):
        story.style_key(style)  # so a kept paragraph finds its live style by key
    kept = cache.read(KIND, digest)
    if not isinstance(kept, tuple) or len(kept) != 4:
        return
    parsed, lines, drawn, tails = kept
    for key, (frags, bullet) in parsed.items():
        style = story.STYLES.get(key[2])
        if style is not None:
            story._PARSED.setdefault(key, (style, frags, bullet))
    for key, value in lines.items():
        Para._lines.setdefault(key, value)
    for key, value in drawn.items():
        replay._DRAWN.setdefault(key, value)
    for key, value in tails.items():
        tail._TAILS.setdefault(key, value)


def remember(digest: str) -> None:
    """Write the process's shared entries for the next run, if this run made new ones."""
    if replay.FRESH[0] == 0:
        return
    replay.FRESH[0] = 0
    parsed: dict[Any, Any] = {
        key: (frags, bullet) for key, (style, frags, bullet) in story._PARSED.items()
        if key[0] != replay.PERSONAL and story.STYLES.get(key[2]) is style
    }
    lines = {key: value for key, value in Para._lines.items() if key[0][0] != replay.PERSONAL}
    drawn = {key: value for key, value in replay._DRAWN.items() if not replay.personal(key)}
    # Tails never hold the details: they start after page 1 and end before the footers.
    cache.write(KIND, digest, (parsed, lines, drawn, dict(tail._TAILS)))
