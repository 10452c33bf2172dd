"""Read one step file (content/steps/NN-name.yaml): its items and their doses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneepdf import model
from kneepdf.dose import DOSE_FIELDS, SIDES, Amount, Dose
from kneepdf.errors import Place
from kneepdf.load.urls import url_problem

if TYPE_CHECKING:  # PyYAML is imported only when a file is read
    from yaml.nodes import Node

    from kneepdf.load.yamlio import Reader

ITEM_KEYS = (
    "text", "purpose", "details", "equipment", "instructions", "dose", "cautions",
    "progressions", "load", "variant", "addition", "start_test", "video", "table",
)
# Keys an information box cannot have: it is never dosed, numbered or ticked.
NOT_FOR_INFO = ("dose", "instructions", "progressions", "equipment", "start_test", "video",
                "table")
TABLE_COLUMNS = (2, 5)  # a plan table has from 2 to 5 columns
TABLE_ROWS = 13  # a heading row and at most 12 more (a week a row for 12 weeks)
# The largest sensible value of each dose field (a typo such as 300 sets is refused).
DOSE_LIMITS = {"times_per_day": 12, "days_per_week": 7, "sets": 20}


def read_step(r: Reader, node: Node, item_places: dict[str, Place]) -> model.Step | None:
    """One step; `item_places` collects every item id seen so far (duplicates are errors)."""
    f = r.fields(node, "a step", ("step", "id", "title", "items"), ("intro", "points", "note"))
    if f is None or len(f.keys() & {"step", "id", "title", "items"}) < 4:
        return None
    number = r.whole(f["step"], "step", 1, 99)
    items = tuple(r.items(f["items"], "items", lambda n: read_item(r, n, item_places)))
    if not items and isinstance(f["items"].value, list) and not f["items"].value:
        r.error(f["items"], "items must list at least one advice item or exercise")
    if number is None:
        return None
    return model.Step(
        number=number, id=r.ident(f["id"], "id"), title=r.text(f["title"], "title"),
        place=r.place(f["id"]), items=items,
        intro=r.text(f["intro"], "intro") if "intro" in f else "",
        points=r.texts(f["points"], "points") if "points" in f else (),
        note=r.text(f["note"], "note") if "note" in f else "",
    )


def read_item(r: Reader, node: Node, item_places: dict[str, Place]) -> model.Item | None:
    """One advice item, exercise or information box."""
    f = r.fields(node, "an item", ("id", "type", "name"), ITEM_KEYS)
    if f is None or len(f.keys() & {"id", "type", "name"}) < 3:
        return None
    item_id = r.ident(f["id"], "id")
    place = r.place(f["id"])
    if item_id in item_places:
        r.error(f["id"], f"the item id '{item_id}' is used twice "
                f"(first at {item_places[item_id]})")
    item_places.setdefault(item_id, place)
    kind = r.choice(f["type"], "type", model.ITEM_KINDS)
    if kind == "exercise":
        for key in ("purpose", "instructions"):
            if key not in f:
                r.error(node, f"the exercise '{item_id}' is missing the key '{key}'")
    elif kind in ("advice", "info") and "text" not in f:
        r.error(node, f"the {kind} item '{item_id}' is missing the key 'text'")
    if kind == "info":
        for key in NOT_FOR_INFO:
            if key in f:
                r.error(f[key], f"the info item '{item_id}' cannot have '{key}': an "
                        "information box is never dosed or ticked")
    load_level = r.choice(f["load"], "load", ("normal", "high")) if "load" in f else "normal"
    video = r.text(f["video"], "video") if "video" in f else ""
    if video:
        problem = url_problem(video)
        if problem is not None:
            r.error(f["video"], f"video: {problem}")
            video = ""
        elif kind != "exercise":
            r.error(f["video"], f"the {kind} item '{item_id}' cannot have a video; only "
                    "an exercise can")

    def texts(key: str) -> tuple[str, ...]:
        return r.texts(f[key], key) if key in f else ()

    def text(key: str) -> str:
        return r.text(f[key], key) if key in f else ""

    def flag(key: str) -> bool:
        return r.flag(f[key], key) if key in f else False

    return model.Item(
        id=item_id, kind=kind or "advice", name=r.text(f["name"], "name"), place=place,
        text=text("text"), purpose=text("purpose"), details=texts("details"),
        equipment=texts("equipment"), instructions=texts("instructions"),
        dose=read_dose(r, f["dose"]) if "dose" in f else Dose(),
        cautions=texts("cautions"), progressions=texts("progressions"),
        high_load=load_level == "high", variant=flag("variant"), addition=flag("addition"),
        start_test=text("start_test"), video=video,
        table=read_table(r, f["table"]) if "table" in f else (),
    )


def read_table(r: Reader, node: Node) -> tuple[tuple[str, ...], ...]:
    """A plan table: a list of rows, each a list of text cells; the first row holds the
    column headings and every row as many cells as it."""
    rows = [r.texts(child, "table row") for child in getattr(node, "value", ())] \
        if getattr(node, "id", "") == "sequence" else []
    if getattr(node, "id", "") != "sequence":
        r.error(node, "table must be a list of rows, each a list of cells")
        return ()
    if not 2 <= len(rows) <= TABLE_ROWS:
        r.error(node, f"table must have a heading row and 1 to {TABLE_ROWS - 1} more rows, "
                f"got {len(rows)} rows")
        return ()
    low, high = TABLE_COLUMNS
    if not low <= len(rows[0]) <= high:
        r.error(node.value[0], f"table rows must have {low} to {high} cells, got "
                f"{len(rows[0])}")
        return ()
    for child, row in zip(node.value, rows, strict=True):
        if len(row) != len(rows[0]):
            r.error(child, f"every table row must have {len(rows[0])} cells, like the "
                    f"heading row; got {len(row)}")
            return ()
        for cell_node, cell in zip(getattr(child, "value", ()), row, strict=False):
            if not cell.strip():
                r.error(cell_node, "a table cell must not be empty")
                return ()
    return tuple(rows)


def read_dose(r: Reader, node: Node) -> Dose:
    """A dose mapping: every key of DOSE_FIELDS is optional."""
    f = r.fields(node, "dose", (), DOSE_FIELDS)
    if f is None:
        return Dose()
    values: dict[str, Amount | None] = {}
    for key, value in f.items():
        if key != "side":
            values[key] = read_amount(r, value, f"dose.{key}", DOSE_LIMITS.get(key, 10_000))
    side = r.choice(f["side"], "dose.side", SIDES) if "side" in f else None
    v = values.get
    return Dose(
        sets=v("sets"), reps=v("reps"), hold_seconds=v("hold_seconds"), seconds=v("seconds"),
        minutes=v("minutes"), times_per_day=v("times_per_day"),
        days_per_week=v("days_per_week"), days=v("days"), side=side,
    )


def read_amount(r: Reader, node: Node, what: str, high: int = 10_000) -> Amount | None:
    """A whole number from 1 to `high`, or a range [low, high] of two."""
    if getattr(node, "id", None) == "mapping":
        r.error(node, f"{what} must be a number or a range [low, high], got a mapping")
        return None
    if getattr(node, "id", None) == "sequence":
        parts = [r.whole(n, what, 1, high) for n in node.value]
        if len(parts) != 2:
            r.error(node, f"{what} must be a number or a range [low, high], "
                    f"got a list of {len(parts)}")
            return None
        low, top = parts
        if low is None or top is None:
            return None
        if low >= top:
            r.error(node, f"{what} range must go from low to high, got [{low}, {top}]")
            return None
        return (low, top)
    number = r.whole(node, what, 1, high)
    return None if number is None else (number, number)
