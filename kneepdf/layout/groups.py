"""Groups of flowables that decide where pages break: whole blocks, packed as full as they fit."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether

Block = tuple[str, list[Flowable]]  # (a key naming the block in errors, its flowables)


def height_of(flowables: Sequence[Flowable], width: float) -> float:
    """The height in pt the flowables take stacked in a frame: the first one's space before,
    then between two flowables the larger of the space after and the space before (a frame
    overlaps them), and not the last one's space after."""
    height = 0.0
    after: float | None = None
    for f in flowables:
        before = float(f.getSpaceBefore())
        height += (before if after is None else max(before, after)) + float(f.wrap(width, 1e6)[1])
        after = float(f.getSpaceAfter())
    return height


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
                 reorder: bool = False, widow: float = 0.0) -> None:
        super().__init__()
        self.blocks = [(key, list(flowables)) for key, flowables in blocks]
        self.limit = limit
        self.continued = list(continued)
        self.reorder = reorder
        self.widow = widow
        self._heights: list[float] = []

    def __repr__(self) -> str:
        keys = [key for key, _ in self.blocks]
        return f"Packed({keys!r}, limit={self.limit:.0f}, reorder={self.reorder})"

    @property
    def keys(self) -> list[str]:
        """The blocks' keys, in the order they print."""
        return [key for key, _ in self.blocks]

    def flowables(self) -> list[Flowable]:
        return [f for _, block in self.blocks for f in block]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._heights = [height_of(block, avail_width) for _, block in self.blocks]
        self.height = height_of(self.flowables(), avail_width)
        return self.width, self.height

    def getSpaceAfter(self) -> float:
        every = self.flowables()
        return float(every[-1].getSpaceAfter()) if every else 0.0

    def _choose(self, avail_height: float) -> list[int]:
        """The indexes of the blocks that go on this page, in the order they print."""
        taken: list[int] = []
        for i in range(len(self.blocks)):
            here = [f for j in [*taken, i] for f in self.blocks[j][1]]
            fits = height_of(here, self.width) <= avail_height
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
        rest = [blocks[i] for i in range(len(blocks)) if i not in taken]
        # What goes here stays one flowable: a heading in it (keepWithNext) must not pull
        # the rest along, as the document would do with loose flowables.
        here = Packed([blocks[i] for i in taken], self.limit)
        if not rest:
            return [here]
        first_key, first = rest[0]
        rest[0] = (first_key, [*self.continued, *first])
        return [here, Packed(rest, self.limit, self.continued, self.reorder, self.widow)]

    def outlines(self) -> list[tuple[str, float]]:
        """(bookmark title, pt from the group's top) of each outlined flowable, once wrapped."""
        out: list[tuple[str, float]] = []
        every = self.flowables()
        for i, f in enumerate(every):
            title = getattr(f, "outline", None)
            if title:
                out.append((title, height_of(every[:i + 1], self.width)
                            - float(f.wrap(self.width, 1e6)[1])))
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
            f.drawOn(canvas, 0, y)
            after = float(f.getSpaceAfter())
        canvas.restoreState()
