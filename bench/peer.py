"""The peer: a textbook ReportLab platypus script that prints the same handout, without kneepdf.

It reads the same content YAML with plain `yaml.safe_load`, registers the same embedded
TrueType fonts (Atkinson Hyperlegible), and lays out every string of the stage's steps, the
safety text and a four-week tracker with stock flowables (Paragraph, Table, KeepTogether).
It is what a competent developer would write in an afternoon, and it is the yardstick for
kneepdf's first build in a fresh process.

    python bench/peer.py --stage subacute -o peer.pdf
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

import fontpkg_atkinson_hyperlegible as atkinson
import yaml
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

CONTENT = Path(__file__).resolve().parent.parent / "content"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def strings(node: Any) -> list[str]:
    """Every string in a YAML tree, in document order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return []


def register_fonts() -> None:
    """The same embedded faces as kneepdf, registered once per process."""
    if "Atk" in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(atkinson.ROOT) / "files"
    pdfmetrics.registerFont(TTFont("Atk", str(folder / "AtkinsonHyperlegible-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Atk-Bold", str(folder / "AtkinsonHyperlegible-Bold.ttf")))


def build(stage_id: str, out: str | BinaryIO, weeks: int = 4) -> None:
    """The stage's handout (`all` for every step) as a PDF written to `out`."""
    register_fonts()
    body = ParagraphStyle("body", fontName="Atk", fontSize=13, leading=18, spaceAfter=4)
    head = ParagraphStyle("head", parent=body, fontName="Atk-Bold", fontSize=17, leading=22,
                          spaceBefore=8)
    sub = ParagraphStyle("sub", parent=body, fontName="Atk-Bold", fontSize=14)

    stages = yaml.safe_load((CONTENT / "stages.yaml").read_text(encoding="utf-8"))["stages"]
    steps = {}
    for path in sorted((CONTENT / "steps").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        steps[data["id"]] = data
    if stage_id == "all":
        wanted = list(steps)
    else:
        stage = next(s for s in stages if s["id"] == stage_id)
        wanted = [s["step"] for s in stage["steps"]]

    story: list[Any] = [Paragraph("Exercises for pain on the inside of your knee", head)]
    safety = yaml.safe_load((CONTENT / "safety.yaml").read_text(encoding="utf-8"))
    box = Table([[Paragraph(escape(s), body)] for s in strings(safety)[:12]])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 2, colors.red)]))
    story += [box, Spacer(1, 6 * mm)]
    for number, step_id in enumerate(wanted, 1):
        step = steps[step_id]
        story.append(Paragraph(f"{number}. {escape(step['title'])}", head))
        for item in step.get("items", []):
            block = [Paragraph(escape(item.get("name", "")), sub)]
            block += [Paragraph(escape(s), body)
                      for key, value in item.items() if key not in ("id", "type", "name")
                      for s in strings(value)]
            story.append(KeepTogether(block))
    grid = [["Week 1", *DAYS]] + [[f"Exercise {i}", *[""] * 7] for i in range(1, 9)]
    for week in range(1, weeks + 1):
        grid[0][0] = f"Week {week}"
        table = Table([list(row) for row in grid], colWidths=[60 * mm] + [14 * mm] * 7)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                                   ("FONTNAME", (0, 0), (-1, -1), "Atk")]))
        story += [table, Spacer(1, 4 * mm)]
    story.append(Paragraph(escape(" ".join(strings(safety)[-2:])), body))
    SimpleDocTemplate(out, pagesize=A4, invariant=1, title="Knee handout").build(story)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stage", default="subacute")
    parser.add_argument("-o", "--out", default="peer.pdf")
    parser.add_argument("--weeks", type=int, default=4)
    args = parser.parse_args()
    build(args.stage, args.out, args.weeks)


if __name__ == "__main__":
    main()
