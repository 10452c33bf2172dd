"""Carry a stage's shared line breaks, drawings and pages to the next run, never a patient's."""

from __future__ import annotations

import itertools
import os
from typing import Any

from reportlab.pdfbase import pdfmetrics

from kneepdf import cache, replay, story, tail
from kneepdf.flowables import Para
from kneepdf.fonts import FontSet
from kneepdf.markup import make_styles
from kneepdf.styles import Theme

KIND = "layout"
# The keys of each family's entries in the process's caches: those read for it or made
# while drawing one of its handouts.
_own: dict[str, tuple[set[Any], ...]] = {}


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


def _caches() -> tuple[dict[Any, Any], ...]:
    return story._PARSED, Para._lines, replay._DRAWN, tail._TAILS


def recall(digest: str, theme: Theme, fonts: FontSet) -> tuple[int, ...]:
    """Add what an earlier run kept for this family to the process's caches (once).

    Returns the caches' sizes, for `remember` to tell what this handout added.
    """
    if digest not in _own:
        own = _own[digest] = tuple(set() for _ in _caches())
        for style in make_styles(theme, fonts):
            story.style_key(style)  # so a kept paragraph finds its live style by key
        kept = cache.read(KIND, digest)
        if isinstance(kept, tuple) and len(kept) == len(own):
            _merge(kept, own)
    return tuple(len(c) for c in _caches())


def _merge(kept: tuple[dict[Any, Any], ...], own: tuple[set[Any], ...]) -> None:
    parsed, lines, drawn, tails = kept
    for key, (frags, bullet) in parsed.items():
        style = story.STYLES.get(key[2])
        if style is not None:
            story._PARSED.setdefault(key, (style, frags, bullet))
            own[0].add(key)
    for (cache_dict, keys), got in zip(zip(_caches()[1:], own[1:], strict=True),
                                       (lines, drawn, tails), strict=True):
        for key, value in got.items():
            cache_dict.setdefault(key, value)
            keys.add(key)


def remember(digest: str, sizes: tuple[int, ...]) -> None:
    """Note what this handout added to the caches, and write the family's shared entries
    for the next run if it added any (a batch of other stages adds to its own files)."""
    own = _own[digest]
    for cache_dict, keys, size in zip(_caches(), own, sizes, strict=True):
        added = len(cache_dict) - size
        new = cache_dict if added < 0 else itertools.islice(reversed(cache_dict), added)
        keys.update(new)  # a cache cleared meanwhile: all it holds is new
    fresh, replay.FRESH[0] = replay.FRESH[0], 0
    if fresh == 0:
        return
    parsed_all, lines_all, drawn_all, tails_all = _caches()
    # In the caches' own order, so the same work gives the same file.
    parsed = {k: entry[1:] for k, entry in parsed_all.items()
              if k in own[0] and k[0] != replay.PERSONAL and story.STYLES.get(k[2]) is entry[0]}
    lines = {k: v for k, v in lines_all.items() if k in own[1] and k[0][0] != replay.PERSONAL}
    drawn = {k: v for k, v in drawn_all.items() if k in own[2] and not replay.personal(k)}
    # Tails never hold the details: they start after page 1 and end before the footers.
    tails = {k: v for k, v in tails_all.items() if k in own[3]}
    cache.write(KIND, digest, (parsed, lines, drawn, tails))
