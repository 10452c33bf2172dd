"""A tick box: a square drawn on the page and, in a fillable handout, a PDF form checkbox on it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from reportlab.lib.colors import Color, HexColor


def _n(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _square(canvas: Any, size: float, stroke: str, width: float) -> str:
    """The name of the form that draws one tick box, made in this document when first used."""
    name = f"tick-{_n(size)}-{stroke.lstrip('#').lower()}-{_n(width)}".replace(".", "_")
    if not canvas.hasForm(name):
        half = width / 2
        colour = HexColor(stroke)
        canvas.beginForm(name, -half, -half, size + half, size + half)
        canvas.addLiteral(f"{_n(colour.red)} {_n(colour.green)} {_n(colour.blue)} RG "
                          f"{_n(width)} w 0 J 0 j [] 0 d 0 0 {_n(size)} {_n(size)} re S")
        canvas.endForm()
    return name


def field_name(*parts: str | int) -> str:
    """A form field name from its parts, e.g. ("w2", "wed", "step-up") -> "w2-wed-step-up".

    Letters are lower-cased and reduced to ASCII; anything else becomes "-". Names carry
    only where the box is, never what a patient typed.
    """
    text = "-".join(str(p) for p in parts)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def tick_box(canvas: Any, x: float, y: float, size: float, stroke: str, width: float = 1.2,
             name: str | None = None) -> None:
    """Draw a `size` pt square with its lower left corner at (x, y) in the current frame,
    its border `width` pt wide centred on the edge.

    Every box of one size, colour and border is one form, drawn once per document and placed
    at each box. With a `name`, a form checkbox of that name lies on the square (not
    required, unticked), so a PDF viewer can tick it; the drawn square still prints when it
    is left empty.
    """
    form = _square(canvas, size, stroke, width)
    canvas.addLiteral(f"q 1 0 0 1 {_n(x)} {_n(y)} cm")
    canvas.doForm(form)
    canvas.addLiteral("Q")
    if name is not None:
        inset = width
        canvas.acroForm.checkbox(
            name=name, x=x + inset, y=y + inset, size=size - 2 * inset, relative=True,
            buttonStyle="check", borderWidth=0, borderColor=None,
            fillColor=Color(1, 1, 1, alpha=0), textColor=HexColor(stroke),
            fieldFlags="", annotationFlags="print", checked=False,
        )
