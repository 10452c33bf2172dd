"""Groups of flowables that decide where pages break: whole blocks, packed as full as they fit."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import overload

from reportlab.platypus import Flowable, KeepTogether, Spacer

Block = tuple[str, list[Flowable]]  # (a key naming the block in errors, its flowables)
# A block goes with a short last block to the next page only when the page it leaves is
# still at least this full: else the short block ends the group alone.
WIDOW_FILL = 0.5


Metric = tuple[float, float, float]  # a flowable's space before, height and space after (pt)
Known = tuple[float, list[Metric], list[list[Metric]]]  # a width; the lead's, each block's
Taken = tuple[int, list[Flowable], list[Metric]]  # a block's index, the layout used, its metrics


class Later(Sequence[list[Flowable]]):
    """Layouts (lists of flowables) made by `make` the first time they are asked for, then
    kept: a block's smaller layouts cost nothing when no page tries them."""

    def __init__(self, make: Callable[[], Sequence[list[Flowable]]]) -> None:
        self._make: Callable[[], Sequence[list[Flowable]]] | None = make
        self._made: list[list[Flowable]] = []

    def _layouts(self) -> list[list[Flowable]]:
        if self._make is not None:
            self._made, self._make = [list(v) for v in self._make()], None
        return self._made

    @overload
    def __getitem__(self, index: int) -> list[Flowable]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[list[Flowable]]: ...

    def __getitem__(self, index: int | slice) -> list[Flowable] | Sequence[list[Flowable]]:
        return self._layouts()[index]

    def __len__(self) -> int:
        return len(self._layouts())

    def __iter__(self) -> Iterator[list[Flowable]]:
        return iter(self._layouts())


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


def trimmed(flowables: Sequence[Flowable]) -> list[Flowable]:
    """The flowables without the spacers at their end (space a page foot does not need)."""
    out = list(flowables)
    while out and isinstance(out[-1], Spacer):
        out.pop()
    return out


def _then(first: list[Flowable],
          rest: Sequence[list[Flowable]]) -> Iterator[list[Flowable]]:
    """`first`, then each of `rest` (looked at only when the caller asks for more)."""
    yield first
    yield from rest


def _trailing_spacers(flowables: Sequence[Flowable]) -> int:
    """How many spacers end the flowables (what `trimmed` leaves out)."""
    return len(flowables) - len(trimmed(flowables))


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
    pt does not go alone to a new page when the block before it can go with it (and the page
    it leaves stays WIDOW_FILL full). `limit` is
    the frame height in pt: a block taller than that raises BlockTooTall.
    """

    def __init__(self, blocks: Sequence[Block], limit: float, continued: Sequence[Flowable] = (),
                 reorder: bool = False, widow: float = 0.0, lead: Sequence[Flowable] = (),
                 variants: Mapping[str, Sequence[list[Flowable]]] | None = None,
                 movable: Collection[str] | None = None,
                 known: Known | None = None, follow: float = 0.0) -> None:
        super().__init__()
        self.blocks = [(key, list(flowables)) for key, flowables in blocks]
        self.limit = limit
        self.continued = list(continued)
        self.reorder = reorder
        self.widow = widow
        self.lead = list(lead)
        # Kept as given (a `Later` stays unmade until a page tries a smaller layout).
        self.variants: dict[str, Sequence[list[Flowable]]] = dict(variants or {})
        self.movable = None if movable is None else set(movable)
        self._heights: list[float] = []
        # The lead's and each block's metrics at one width, measured once (`known`: handed
        # on by a split); a variant's only when it is tried, once per width.
        self._known = known
        self._variant_known: dict[tuple[str, int], list[Metric]] = {}
        # The pt the next group needs to start under this one (see `wrap`), and the smaller
        # layouts of the blocks taken to leave it that room where the group ends.
        self.follow = follow
        self._shrunk: tuple[list[list[Flowable]], list[list[Metric]]] | None = None

    def __repr__(self) -> str:
        keys = [key for key, _ in self.blocks]
        return f"Packed({keys!r}, limit={self.limit:.0f}, reorder={self.reorder})"

    @property
    def keys(self) -> list[str]:
        """The blocks' keys, in the order they print."""
        return [key for key, _ in self.blocks]

    def flowables(self) -> list[Flowable]:
        blocks = self._shrunk[0] if self._shrunk else [block for _, block in self.blocks]
        return [*self.lead, *(f for block in blocks for f in block)]

    def start_height(self, width: float) -> float:
        """The least height in pt this group needs to start on a page: its lead over the
        smallest layout of its first block, without the spacers at their end."""
        if not self.blocks:
            return 0.0
        key, block = self.blocks[0]
        smallest = (self.variants.get(key) or [block])[-1]
        return height_of(trimmed([*self.lead, *smallest]), width)

    def _metrics(self, width: float) -> tuple[list[Metric], list[list[Metric]]]:
        """The lead's and every block's metrics at `width`, each flowable wrapped once per
        width."""
        if self._known is None or self._known[0] != width:
            self._known = (width, metrics(self.lead, width),
                           [metrics(block, width) for _, block in self.blocks])
            self._variant_known = {}
        return self._known[1], self._known[2]

    def _variant(self, key: str, n: int, option: list[Flowable]) -> list[Metric]:
        """The metrics of variant `n` of block `key` at the width last wrapped to."""
        if (key, n) not in self._variant_known:
            self._variant_known[key, n] = metrics(option, self.width)
        return self._variant_known[key, n]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The whole group's height; where it fits `avail_height` but leaves less than
        `follow` pt under it (the next step's heading and first exercise), its blocks take
        their smaller layouts (smaller pictures), the last first, when that leaves room."""
        self.width = avail_width
        lead, known = self._metrics(avail_width)
        self._heights = [stacked(block) for block in known]
        self.height = stacked([*lead, *(m for block in known for m in block)])
        self._shrunk = None
        if self.follow and self.height <= avail_height < self.height + self.follow:
            self._shrink(avail_height - self.follow)
        return self.width, self.height

    def _shrink(self, most: float) -> None:
        """Smaller layouts of the blocks, from the last, until the group is at most `most`
        pt tall; nothing changes when even the smallest of all are taller."""
        lead, known = self._metrics(self.width)
        blocks = [list(block) for _, block in self.blocks]
        sizes = [list(m) for m in known]
        for i in reversed(range(len(blocks))):
            key = self.blocks[i][0]
            for n, option in enumerate(self.variants.get(key, [])):
                blocks[i], sizes[i] = option, self._variant(key, n, option)
                high = stacked([*lead, *(m for block in sizes for m in block)])
                if high <= most:
                    self._shrunk, self.height = (blocks, sizes), high
                    return

    def getSpaceAfter(self) -> float:
        every = self.flowables()
        return float(every[-1].getSpaceAfter()) if every else 0.0

    def _may_move(self, key: str) -> bool:
        return self.reorder and (self.movable is None or key in self.movable)

    def _choose(self, avail_height: float, lead: bool = True) -> list[Taken]:
        """The blocks that go on this page, in the order they print: (index, the layout
        used, its metrics), under the lead when `lead`."""
        lead_metrics, known = self._metrics(self.width)
        top = self.lead if lead else []
        taken: list[Taken] = []
        here: list[Flowable] = list(top)
        here_metrics: list[Metric] = list(lead_metrics) if lead else []
        for i, (key, block) in enumerate(self.blocks):
            done = {j for j, _, _ in taken}
            waiting = [j for j in range(i) if j not in done]
            moves = not waiting or (self._may_move(key) and (taken or top) and all(
                self._may_move(self.blocks[j][0]) for j in waiting))
            if not moves:
                if not self.reorder:
                    break
                continue
            for n, option in enumerate(_then(block, self.variants.get(key, ()))):
                option_metrics = known[i] if n == 0 else self._variant(key, n - 1, option)
                every = [*here_metrics, *option_metrics]
                cut = _trailing_spacers([*here, *option])
                if stacked(every[:len(every) - cut]) <= avail_height:
                    taken.append((i, option, option_metrics))
                    here += option
                    here_metrics = every
                    break
            else:
                if not self.reorder:
                    break
        indexes = [i for i, _, _ in taken]
        rest = [i for i in range(len(self.blocks)) if i not in indexes]
        last = len(self.blocks) - 1
        fresh = avail_height >= self.limit - 1  # at the top of a page: something must go
        kept = [*(lead_metrics if lead else []), *(m for _, _, ms in taken[:-1] for m in ms)]
        if (rest == [last] and taken and indexes[-1] == last - 1
                and (len(taken) >= 2 or not fresh)
                and self._heights[last] < self.widow
                and self._heights[last - 1] + self._heights[last] <= self.limit
                and self.limit - avail_height + stacked(kept) >= self.limit * WIDOW_FILL):
            taken.pop()
        return taken

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        taken = self._choose(avail_height)
        blocks = list(self.blocks)
        lead, known = self._metrics(avail_width)
        fresh = avail_height >= self.limit - 1  # a fresh page
        if not taken:
            if not fresh:
                return []  # nothing here: ask again at the top of the next page
            if self.lead and self._choose(avail_height, lead=False):
                # No block fits a page under the lead: the lead goes alone.
                alone = Packed([("lead", self.lead)], self.limit)
                return [alone, self._like(blocks, (), known)]
            raise BlockTooTall(self.blocks[0][0], self._heights[0], self.limit)
        indexes = [i for i, _, _ in taken]
        first_key = blocks[indexes[0]][0]
        chosen = [(blocks[i][0], flowables) for i, flowables, _ in taken]
        chosen[0] = (first_key, [*self.lead, *chosen[0][1]])
        chosen_metrics = [list(m) for _, _, m in taken]
        chosen_metrics[0] = [*lead, *chosen_metrics[0]]
        cut = _trailing_spacers(chosen[-1][1])
        chosen[-1] = (chosen[-1][0], trimmed(chosen[-1][1]))  # no space at the page foot
        chosen_metrics[-1] = chosen_metrics[-1][:len(chosen_metrics[-1]) - cut]
        # What goes here stays one flowable: a heading in it (keepWithNext) must not pull
        # the rest along, as the document would do with loose flowables.
        here = Packed(chosen, self.limit, known=(avail_width, [], chosen_metrics))
        rest = [i for i in range(len(blocks)) if i not in indexes]
        if not rest:
            return [here]
        return [here, self._like([blocks[i] for i in rest], self.continued,
                                 [known[i] for i in rest])]

    def _like(self, blocks: list[Block], lead: Sequence[Flowable],
              known: list[list[Metric]]) -> Packed:
        """These blocks (with their metrics at the width last wrapped to) under `lead`,
        packed as this group packs."""
        return Packed(blocks, self.limit, self.continued, self.reorder, self.widow, lead,
                      self.variants, self.movable,
                      known=(self.width, metrics(lead, self.width), known), follow=self.follow)

    def outlines(self) -> list[tuple[str, float]]:
        """(bookmark title, pt from the group's top) of each outlined flowable, once wrapped."""
        out: list[tuple[str, float]] = []
        every = self.flowables()
        lead, blocks = self._metrics(self.width)
        if self._shrunk:
            blocks = self._shrunk[1]
        known = [*lead, *(m for block in blocks for m in block)]
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
