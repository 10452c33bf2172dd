"""Tags while drawing: marked content on the page, recorded against a logical tree.

A `Tagger` belongs to one build (the canvas carries it as `tagger`). Each leaf drawn is
wrapped in marked content (`/P <</MCID n>> BDC ... EMC`, written with `canvas.addLiteral`)
and recorded against a node of the tree, in the order it is drawn, which is the reading
order; containers open elements (a section, a list, a table) around their children; page
furniture (footer, rules, box borders) is an artifact. `kneepdf.write.structure` turns the
tree into the PDF's structure tree once the file is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# A paragraph's role by its style's name; any other style is a paragraph (P).
ROLES = {"title": "H1", "heading": "H2", "warning_title": "H2", "flag_title": "H2",
         "subheading": "H3"}


class Node:
    """An element of the logical tree: its role (H1, P, Table...), its children in reading
    order (nodes, marked content as (page, MCID), or form fields as ("field", page, name)),
    its alternative text and attributes."""

    __slots__ = ("alt", "attrs", "key", "kids", "role")

    def __init__(self, role: str, alt: str | None = None, key: object = None,
                 attrs: dict[str, str | int] | None = None) -> None:
        self.role = role
        self.alt = alt
        self.key = key  # containers that continue (a table across pages) carry a key
        self.attrs = attrs or {}  # table attributes: Scope, ColSpan, RowSpan
        self.kids: list[Node | tuple[int, int] | tuple[str, int, str]] = []

    def __repr__(self) -> str:
        return f"Node({self.role}, {len(self.kids)} kids)"


def pdf_text(value: str) -> str:
    """`value` as a PDF text string: a literal string where it is printable ASCII (a
    quarter of the bytes), else UTF-16BE in hex."""
    if value.isascii() and value.isprintable():
        return "(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


class Tagger:
    """The logical tree of one document while it is drawn, and each page's marked content."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self._stack = [self.root]
        self.page = 0  # the page being drawn, from 0
        self._mcids: list[int] = [0]
        self._artifact = 0  # how deep inside artifacts the drawing is: no tags there
        self._label: Node | None = None  # a list item whose label is being drawn
        self._wholes: dict[int, Node] = {}  # a split paragraph's element, by id(whole)
        self._whole: object = None  # the whole of the list item being drawn

    @property
    def current(self) -> Node:
        return self._stack[-1]

    def next_page(self) -> None:
        self.page += 1
        self._mcids.append(0)

    @property
    def pages(self) -> int:
        return len(self._mcids)

    def mcids(self, page: int) -> int:
        """How many marked-content sequences page `page` has."""
        return self._mcids[page] if page < len(self._mcids) else 0

    def _mcid(self) -> tuple[int, int]:
        n = self._mcids[self.page]
        self._mcids[self.page] = n + 1
        return self.page, n

    def _child(self, role: str, alt: str | None = None, key: object = None,
               attrs: dict[str, str | int] | None = None) -> Node:
        node = Node(role, alt, key, attrs)
        self.current.kids.append(node)
        return node

    def _list_item(self) -> Node:
        """A new LI, in the list (L) the last child of the current element is, else a new
        one: bullets drawn one after another are one list."""
        kids = self.current.kids
        last = kids[-1] if kids else None
        lst = last if isinstance(last, Node) and last.role == "L" else self._child("L")
        item = Node("LI")
        lst.kids.append(item)
        return item

    @contextmanager
    def leaf(self, canvas: Any, role: str, alt: str | None = None,
             label: str | None = None, whole: object = None) -> Iterator[None]:
        """Marked content for what is drawn inside, as an element of `role` (its text, or
        with `alt` a Figure's words). Role "LI" makes a list item of the current list: with
        `label` (a bullet or a number) it opens with the label, read with a space after
        it, until `body` starts its body. The parts of one `whole` (a paragraph split
        across pages) are one element."""
        if self._artifact:
            yield
            return
        known = None if whole is None else self._wholes.get(id(whole))
        if known is not None:
            role = known.role
            node = known
        elif role == "LI":
            item = self._list_item()
            if label is not None:
                lbl = Node("Lbl")
                item.kids.append(lbl)
                page, mcid = self._mcid()
                lbl.kids.append((page, mcid))
                canvas.addLiteral(f"/Lbl <</MCID {mcid} /ActualText {pdf_text(label + ' ')}>> BDC")
                self._label = item
                self._whole = whole
                try:
                    yield
                finally:
                    if self._label is item:  # nothing but the label was drawn
                        self._label = None
                    canvas.addLiteral("EMC")
                return
            node = Node("LBody")
            item.kids.append(node)
        else:
            node = self._child(role, alt)
        if whole is not None:
            self._wholes[id(whole)] = node
        page, mcid = self._mcid()
        node.kids.append((page, mcid))
        canvas.addLiteral(f"/{role} <</MCID {mcid}>> BDC")
        try:
            yield
        finally:
            canvas.addLiteral("EMC")

    def body(self, canvas: Any) -> None:
        """The list item's label is drawn: what follows is its body (LBody)."""
        item, self._label = self._label, None
        if item is None or self._artifact:
            return
        node = Node("LBody")
        item.kids.append(node)
        if self._whole is not None:
            self._wholes[id(self._whole)] = node
        page, mcid = self._mcid()
        node.kids.append((page, mcid))
        canvas.addLiteral(f"EMC /LBody <</MCID {mcid}>> BDC")

    @contextmanager
    def element(self, role: str, key: object = None,
                attrs: dict[str, str | int] | None = None) -> Iterator[Node | None]:
        """An element of `role` around what is drawn inside (which tags itself). With a
        `key`, the element continues the last child of the current element when that has
        the same role and key (a table that goes on to the next page)."""
        if self._artifact:
            yield None
            return
        kids = self.current.kids
        last = kids[-1] if kids else None
        if (key is not None and isinstance(last, Node) and last.role == role
                and last.key == key):
            node = last
        else:
            node = self._child(role, key=key, attrs=attrs)
        self._stack.append(node)
        try:
            yield node
        finally:
            self._stack.pop()

    @contextmanager
    def artifact(self, canvas: Any) -> Iterator[None]:
        """Page furniture: nothing drawn inside is read."""
        if not self._artifact:
            canvas.addLiteral("/Artifact BMC")
        self._artifact += 1
        try:
            yield
        finally:
            self._artifact -= 1
            if not self._artifact:
                canvas.addLiteral("EMC")

    def field(self, name: str) -> None:
        """A form field of this name on the current page, as a Form element."""
        if self._artifact:
            return
        self._child("Form").kids.append(("field", self.page, name))


def tagger_of(canvas: Any) -> Tagger | None:
    """The canvas's Tagger, or None (a canvas that does not tag)."""
    tagger: Tagger | None = getattr(canvas, "tagger", None)
    return tagger


@contextmanager
def leaf(canvas: Any, role: str, alt: str | None = None) -> Iterator[None]:
    """`Tagger.leaf` on a canvas that tags; nothing on one that does not."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    with tagger.leaf(canvas, role, alt):
        yield


@contextmanager
def element(canvas: Any, role: str, key: object = None,
            attrs: dict[str, str | int] | None = None) -> Iterator[None]:
    """`Tagger.element` on a canvas that tags; nothing on one that does not."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    with tagger.element(role, key, attrs):
        yield


@contextmanager
def artifact(canvas: Any) -> Iterator[None]:
    """`Tagger.artifact` on a canvas that tags; nothing on one that does not."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    with tagger.artifact(canvas):
        yield


def field(canvas: Any, name: str) -> None:
    tagger = tagger_of(canvas)
    if tagger is not None:
        tagger.field(name)


class TableTags:
    """A Table's `renderCB`: the table as Table, TR, TH and TD elements, its backgrounds and
    lines as artifacts. `header(row, col)` says which cells are headers (TH); tables with
    the same `key` drawn one after another are one table (one Table per row that splits
    between rows)."""

    def __init__(self, header: Callable[[int, int], str | None] | None = None,
                 key: object = None, layout: bool = False,
                 spans: dict[tuple[int, int], int] | None = None) -> None:
        """`header(row, col)` is "Column" or "Row" for a header cell (its scope), else
        None; `spans[row, col]` how many columns a cell spans, when more than one. A
        `layout` table only places things (a title beside a logo): no table elements, its
        cells' contents tag themselves, its lines are artifacts."""
        self.spans = spans or {}
        self.header = header
        self.key = key
        self.layout = layout
        self._open: list[Any] = []

    def __call__(self, table: Any, kind: str, *args: Any) -> None:
        canvas = table.canv
        tagger = tagger_of(canvas)
        if tagger is None:
            return
        if kind in ("startBG", "startLines"):
            self._enter(tagger.artifact(canvas))
        elif kind in ("endBG", "endLines"):
            self._exit()
        elif self.layout:
            return
        elif kind == "startTable":
            self._enter(tagger.element("Table", key=self.key))
        elif kind == "startRow":
            self._enter(tagger.element("TR"))
        elif kind == "startCell":
            row, col, value = args[0], args[1], args[2]
            scope = self.header(row, col) if self.header else None
            attrs: dict[str, str | int] = {"Scope": scope} if scope else {}
            if (row, col) in self.spans:
                attrs["ColSpan"] = self.spans[row, col]
            self._enter(tagger.element("TH" if scope else "TD", attrs=attrs))
            if isinstance(value, str) and value.strip():
                self._enter(tagger.leaf(canvas, "P"))
            else:
                self._open.append(None)
        elif kind == "endCell":
            self._exit()
            self._exit()
        elif kind in ("endRow", "endTable"):
            self._exit()

    def _enter(self, manager: Any) -> None:
        manager.__enter__()
        self._open.append(manager)

    def _exit(self) -> None:
        manager = self._open.pop()
        if manager is not None:
            manager.__exit__(None, None, None)


def first_row(row: int, col: int) -> str | None:
    """Header cells of a table whose first row holds the column headings."""
    return "Column" if row == 0 else None
