"""Groups of flowables that decide where pages break: whole blocks, packed as full as they fit."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from reportlab.platypus import Flowable, KeepTogether, Spacer

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


def trimmed(flowables: Sequence[Flowable]) -> list[Flowable]:
    """The flowables without the spacers at their end (space a page foot does not need)."""
    out = list(flowables)
    while out and isinstance(out[-1], Spacer):
        out.pop()
    return out


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

    `lead` (a step's opening) goes on top of whichever block prints first, so it never ends
    a page without one under it (unless no block fits a page under it). The part on each
    later page opens with `continued` (e.g. "3. Balance (continued)"), the lead of that
    part. With `reorder`, a later block that fits the space left moves up to fill the page,
    past blocks that may move too (`movable` keys; None: every block), never past one that
    may not. `variants[key]` are smaller layouts of block `key` (smaller pictures), tried in
    turn only when the block does not fit what is left of a page. A last block under `widow`
    pt does not go alone to a new page when the block before it can go with it. `limit` is
    the frame height in pt: a block taller than that raises BlockTooTall.
    """

    def __init__(self, blocks: Sequence[Block], limit: float, continued: Sequence[Flowable] = (),
                 reorder: bool = False, widow: float = 0.0, lead: Sequence[Flowable] = (),
                 variants: Mapping[str, Sequence[list[Flowable]]] | None = None,
                 movable: Collection[str] | None = None) -> None:
        super().__init__()
        self.blocks = [(key, list(flowables)) for key, flowables in blocks]
        self.limit = limit
        self.continued = list(continued)
        self.reorder = reorder
        self.widow = widow
        self.lead = list(lead)
        self.variants = {k: [list(v) for v in vs] for k, vs in (variants or {}).items()}
        self.movable = None if movable is None else set(movable)
        self._heights: list[float] = []

    def __repr__(self) -> str:
        keys = [key for key, _ in self.blocks]
        return f"Packed({keys!r}, limit={self.limit:.0f}, reorder={self.reorder})"

    @property
    def keys(self) -> list[str]:
        """The blocks' keys, in the order they print."""
        return [key for key, _ in self.blocks]

    def flowables(self) -> list[Flowable]:
        return [*self.lead, *(f for _, block in self.blocks for f in block)]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._heights = [height_of(block, avail_width) for _, block in self.blocks]
        self.height = height_of(self.flowables(), avail_width)
        return self.width, self.height

    def getSpaceAfter(self) -> float:
        every = self.flowables()
        return float(every[-1].getSpaceAfter()) if every else 0.0

    def _may_move(self, key: str) -> bool:
        return self.reorder and (self.movable is None or key in self.movable)

    def _choose(self, avail_height: float, lead: bool = True) -> list[tuple[int, list[Flowable]]]:
        """The blocks that go on this page, in the order they print: (index, the layout
        used), under the lead when `lead`."""
        top = self.lead if lead else []
        taken: list[tuple[int, list[Flowable]]] = []
        for i, (key, block) in enumerate(self.blocks):
            done = {j for j, _ in taken}
            waiting = [j for j in range(i) if j not in done]
            moves = not waiting or (self._may_move(key) and (taken or top) and all(
                self._may_move(self.blocks[j][0]) for j in waiting))
            if not moves:
                if not self.reorder:
                    break
                continue
            here = [*top, *(f for _, flowables in taken for f in flowables)]
            for option in [block, *self.variants.get(key, [])]:
                if height_of(trimmed([*here, *option]), self.width) <= avail_height:
                    taken.append((i, option))
                    break
            else:
                if not self.reorder:
                    break
        indexes = [i for i, _ in taken]
        rest = [i for i in range(len(self.blocks)) if i not in indexes]
        last = len(self.blocks) - 1
        fresh = avail_height >= self.limit - 1  # at the top of a page: something must go
        if (rest == [last] and taken and indexes[-1] == last - 1
                and (len(taken) >= 2 or not fresh)
                and self._heights[last] < self.widow
                and self._heights[last - 1] + self._heights[last] <= self.limit):
            taken.pop()
        return taken

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        taken = self._choose(avail_height)
        blocks = list(self.blocks)
        fresh = avail_height >= self.limit - 1  # a fresh page
        if not taken:
            if not fresh:
                return []  # nothing here: ask again at the top of the next page
            if self.lead and self._choose(avail_height, lead=False):
                # No block fits a page under the lead: the lead goes alone.
                alone = Packed([("lead", self.lead)], self.limit)
                return [alone, self._like(blocks, lead=())]
            raise BlockTooTall(self.blocks[0][0], self._heights[0], self.limit)
        indexes = [i for i, _ in taken]
        first_key = blocks[indexes[0]][0]
        chosen = [(blocks[i][0], flowables) for i, flowables in taken]
        chosen[0] = (first_key, [*self.lead, *chosen[0][1]])
        chosen[-1] = (chosen[-1][0], trimmed(chosen[-1][1]))  # no space at the page foot
        # What goes here stays one flowable: a heading in it (keepWithNext) must not pull
        # the rest along, as the document would do with loose flowables.
        here = Packed(chosen, self.limit)
        rest = [blocks[i] for i in range(len(blocks)) if i not in indexes]
        if not rest:
            return [here]
        return [here, self._like(rest, lead=self.continued)]

    def _like(self, blocks: list[Block], lead: Sequence[Flowable]) -> Packed:
        return Packed(blocks, self.limit, self.continued, self.reorder, self.widow, lead,
                      self.variants, self.movable)

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
