"""A tick box: a square drawn on the page and, in a fillable handout, a PDF form checkbox on it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.rl_accel import fp_str

from kneepdf.layout.tagging import artifact, field


def _n(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _place(canvas: Any, x: float, y: float, size: float, stroke: str, width: float,
           count: int) -> None:
    """Place the form of `count` boxes in a row at (x, y); the form is made in this document
    the first time it is used."""
    name = f"tick-{_n(size)}-{stroke.lstrip('#').lower()}-{_n(width)}-{count}".replace(".", "_")
    if not canvas.hasForm(name):
        colour = HexColor(stroke)
        squares = " ".join(f"{_n(n * size)} 0 {_n(size)} {_n(size)} re" for n in range(count))
        half = width / 2
        canvas.beginForm(name, -half, -half, count * size + half, size + half)
        canvas.addLiteral(f"{_n(colour.red)} {_n(colour.green)} {_n(colour.blue)} RG "
                          f"{_n(width)} w 0 J 0 j [] 0 d {squares} S")
        canvas.endForm()
    with artifact(canvas):
        canvas.addLiteral(f"q 1 0 0 1 {fp_str(x, y)} cm")
        canvas.doForm(name)
        canvas.addLiteral("Q")


def tick_row(canvas: Any, x: float, y: float, size: float, count: int, stroke: str,
             width: float = 1.2, names: Sequence[str | None] | None = None,
             labels: Sequence[str] | None = None,
             cell: Callable[[int], AbstractContextManager[Any]] | None = None) -> None:
    """`count` tick boxes side by side, touching, the first with its lower left corner at
    (x, y), as one placement of a shared form; `names` gives each a form checkbox (see
    `tick_box`), or None, `labels` what each is called; each checkbox is made inside
    `cell(n)` when given (a table cell of a tagged page)."""
    _place(canvas, x, y, size, stroke, width, count)
    for n, name in enumerate(names or ()):
        if name is not None:
            label = labels[n] if labels else None
            with cell(n) if cell else nullcontext():
                _checkbox(canvas, x + n * size, y, size, stroke, width, name, label)


def field_name(*parts: str | int) -> str:
    """A form field name from its parts, e.g. ("w2", "wed", "step-up") -> "w2-wed-step-up".

    Letters are lower-cased and reduced to ASCII; anything else becomes "-". Names carry
    only where the box is, never what a patient typed.
    """
    text = "-".join(str(p) for p in parts)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def tick_box(canvas: Any, x: float, y: float, size: float, stroke: str, width: float = 1.2,
             name: str | None = None, label: str | None = None) -> None:
    """Draw a `size` pt square with its lower left corner at (x, y) in the current frame,
    its border `width` pt wide centred on the edge.

    Every box of one size, colour and border is one form, drawn once per document and placed
    at each box. With a `name`, a form checkbox of that name lies on the square (not
    required, unticked), so a PDF viewer can tick it; the drawn square still prints when it
    is left empty. `label` is what a screen reader calls the checkbox (its name's words
    when None).
    """
    _place(canvas, x, y, size, stroke, width, 1)
    if name is not None:
        _checkbox(canvas, x, y, size, stroke, width, name, label)


def _checkbox(canvas: Any, x: float, y: float, size: float, stroke: str, width: float,
              name: str, label: str | None = None) -> None:
    inset = width
    field(canvas, name)
    canvas.acroForm.checkbox(
        tooltip=label or name.replace("-", " ").capitalize(),
        name=name, x=x + inset, y=y + inset, size=size - 2 * inset, relative=True,
        buttonStyle="check", borderWidth=0, borderColor=None,
        fillColor=Color(1, 1, 1, alpha=0), textColor=HexColor(stroke),
        fieldFlags="", annotationFlags="print", checked=False,
    )
