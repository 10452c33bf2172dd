"""Groups of flowables that decide where pages break: whole blocks, packed as full as they fit."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Spacer

Block = tuple[str, list[Flowable]]  # (a key naming the block in errors, its flowables)


Metric = tuple[float, float, float]  # a flowable's space before, height and space after (pt)


def metrics(flowables: Sequence[Flowable], width: float) -> list[Metric]:
    """Each flowable wrapped once at `width`: (space before, height, space after) in pt."""
    return [(float(f.getSpaceBefore()), float(f.wrap(width, 1e6)[1]), float(f.getSpaceAfter()))
            for f in flowables]


def stacked(items: Sequence[Metric]) -> float:
    """The height in pt of flowables with these metrics stacked in a frame: the first one's
    space before, then between two flowables the larger of the space after and the space
    before (a frame overlaps them), and not the last one's space after."""
    height = 0.0
    after: float | None = None
    for before, high, space in items:
        height += (before if after is None else max(before, after)) + high
        after = space
    return height


def height_of(flowables: Sequence[Flowable], width: float) -> float:
    """The height in pt the flowables take stacked in a frame (see `stacked`)."""
    return stacked(metrics(flowables, width))


class BlockTooTall(Exception):
    """A block is taller than a whole frame; `key` says which block."""

    def __init__(self, key: str, needed: float, limit: float) -> None:
        super().__init__(f"{key}: needs {needed:.0f} pt, a page holds {limit:.0f} pt")
        self.key, self.needed, self.limit = key, needed, limit


class Unbreakable(KeepTogether):  # type: ignore[misc]
    """KeepTogether that refuses to split: a block taller than `limit` raises BlockTooTall."""

    def __init__(self, flowables: Sequence[Flowable], limit: float, key: str) -> None:
        super().__init__(list(flowables))
        self.limit, self.key = limit, key

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (avail_width, avail_height):
            self.wrap(avail_width, avail_height)
        if self.limit < self._H:
            raise BlockTooTall(self.key, self._H, self.limit)
        result: list[Flowable] = super().split(avail_width, avail_height)
        return result


class Packed(Flowable):  # type: ignore[misc]
    """Blocks kept whole and in order, as many to a page as fit; splits only between blocks.

    The part on each later page opens with `continued` (e.g. "3. Balance (continued)").
    With `reorder`, a later block that fits the space left moves up to fill the page (never
    before the first block). A last block under `widow` pt does not go alone to a new page
    when the block before it can go with it. `limit` is the frame height in pt: a block
    taller than that raises BlockTooTall.
    """

    def __init__(self, blocks: Sequence[Block], limit: float, continued: Sequence[Flowable] = (),
                 reorder: bool = False, widow: float = 0.0,
                 known: tuple[float, list[list[Metric]]] | None = None) -> None:
        super().__init__()
        self.blocks = [(key, list(flowables)) for key, flowables in blocks]
        self.limit = limit
        self.continued = list(continued)
        self.reorder = reorder
        self.widow = widow
        self._heights: list[float] = []
        # Each block's metrics at one width, measured once (`known`: handed on by a split).
        self._known = known

    def __repr__(self) -> str:
        keys = [key for key, _ in self.blocks]
        return f"Packed({keys!r}, limit={self.limit:.0f}, reorder={self.reorder})"

    def flowables(self) -> list[Flowable]:
        return [f for _, block in self.blocks for f in block]

    def _metrics(self, width: float) -> list[list[Metric]]:
        """Every block's metrics at `width`, each flowable wrapped once per width."""
        if self._known is None or self._known[0] != width:
            self._known = (width, [metrics(block, width) for _, block in self.blocks])
        return self._known[1]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        known = self._metrics(avail_width)
        self._heights = [stacked(block) for block in known]
        self.height = stacked([m for block in known for m in block])
        return self.width, self.height

    def getSpaceAfter(self) -> float:
        every = self.flowables()
        return float(every[-1].getSpaceAfter()) if every else 0.0

    def _choose(self, avail_height: float) -> list[int]:
        """The indexes of the blocks that go on this page, in the order they print."""
        known = self._metrics(self.width)
        taken: list[int] = []
        for i in range(len(self.blocks)):
            here = [m for j in [*taken, i] for m in known[j]]
            fits = stacked(here) <= avail_height
            if fits and (i == len(taken) or (self.reorder and taken)):
                taken.append(i)
            elif not self.reorder:
                break
        rest = [i for i in range(len(self.blocks)) if i not in taken]
        last = len(self.blocks) - 1
        fresh = avail_height >= self.limit - 1  # at the top of a page: something must go
        if (rest == [last] and taken and taken[-1] == last - 1
                and (len(taken) >= 2 or not fresh)
                and self._heights[last] < self.widow
                and self._heights[last - 1] + self._heights[last] <= self.limit):
            taken.pop()
        return taken

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        taken = self._choose(avail_height)
        blocks = list(self.blocks)
        if not taken:
            if avail_height >= self.limit - 1:  # a fresh page, and still nothing fits
                raise BlockTooTall(self.blocks[0][0], self._heights[0], self.limit)
            return []  # nothing here: ask again at the top of the next page
        known = self._metrics(avail_width)
        rest = [i for i in range(len(blocks)) if i not in taken]
        # What goes here stays one flowable: a heading in it (keepWithNext) must not pull
        # the rest along, as the document would do with loose flowables.
        here = Packed([(blocks[taken[0]][0], [f for i in taken for f in blocks[i][1]])],
                      self.limit, known=(avail_width, [[m for i in taken for m in known[i]]]))
        if not rest:
            return [here]
        first_key, first = blocks[rest[0]]
        later = [(first_key, [*self.continued, *first])] + [blocks[i] for i in rest[1:]]
        opening = metrics(self.continued, avail_width) + known[rest[0]]
        later_known = [opening] + [known[i] for i in rest[1:]]
        return [here, Packed(later, self.limit, self.continued, self.reorder, self.widow,
                             known=(avail_width, later_known))]

    def outlines(self) -> list[tuple[str, float]]:
        """(bookmark title, pt from the group's top) of each outlined flowable, once wrapped."""
        out: list[tuple[str, float]] = []
        every = self.flowables()
        known = [m for block in self._metrics(self.width) for m in block]
        for i, f in enumerate(every):
            title = getattr(f, "outline", None)
            if title:
                out.append((title, stacked(known[:i + 1]) - known[i][1]))
        return out

    def draw(self) -> None:
        """All blocks stacked from the top, as the frame would set them one by one."""
        canvas = self.canv
        canvas.saveState()
        y = self.height
        after: float | None = None
        for f in self.flowables():
            before = float(f.getSpaceBefore())
            _, h = f.wrap(self.width, 1e6)
            y -= (before if after is None else max(before, after)) + h
            if not isinstance(f, Spacer):  # a spacer only takes room: nothing to draw
                f.drawOn(canvas, 0, y)
            after = float(f.getSpaceAfter())
        canvas.restoreState()
