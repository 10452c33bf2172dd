"""A tick box: a square drawn on the page and, in a fillable handout, a PDF form checkbox on it."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from reportlab.lib.colors import Color, HexColor


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
    """Draw a `size` pt square with its lower left corner at (x, y) in the current frame.

    With a `name`, a form checkbox of that name lies on the square (not required, unticked),
    so a PDF viewer can tick it; the drawn square still prints when it is left empty.
    """
    canvas.saveState()
    canvas.setStrokeColor(HexColor(stroke))
    canvas.setLineWidth(width)
    canvas.rect(x, y, size, size, stroke=1, fill=0)
    canvas.restoreState()
    if name is not None:
        inset = width
        canvas.acroForm.checkbox(
            name=name, x=x + inset, y=y + inset, size=size - 2 * inset, relative=True,
            buttonStyle="check", borderWidth=0, borderColor=None,
            fillColor=Color(1, 1, 1, alpha=0), textColor=HexColor(stroke),
            fieldFlags="", annotationFlags="print", checked=False,
        )
