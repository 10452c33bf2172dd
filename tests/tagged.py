"""Reading a tagged PDF as a screen reader does: the structure tree in order, each element
with the text of its marked content (decoded through the fonts' ToUnicode maps), a
figure by its alternative text, a form field by its spoken name (/TU)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

import pikepdf

BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


class Element(NamedTuple):
    role: str
    depth: int
    text: str  # its own marked content's text, its /Alt, or a field's /TU
    alt: str | None


def _unicode_map(font: Any) -> dict[int, str]:
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    out = {}
    for section in BFCHAR.findall(cmap.read_bytes()):
        for code, uni in PAIR.findall(section):
            out[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    return out


def _decode(raw: bytes, cmap: dict[int, str]) -> str:
    if not cmap:
        return raw.decode("latin-1")
    return "".join(cmap.get(b, "\ufffd") for b in raw)


def marked_text(page: pikepdf.Page) -> dict[int, str]:
    """The text shown inside each marked-content sequence with an MCID on `page`
    (an /ActualText on it stands for its text); text outside any MCID is under -1."""
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    maps = {str(name): _unicode_map(font) for name, font in fonts.items()}
    out: dict[int, list[str]] = {}
    stack: list[tuple[int, str | None]] = []
    cmap: dict[int, str] = {}
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name == "BDC":
            props = operands[1]
            mcid = int(props.get("/MCID", -1)) if isinstance(props, pikepdf.Dictionary) else -1
            actual = props.get("/ActualText") if isinstance(props, pikepdf.Dictionary) else None
            stack.append((mcid, str(actual) if actual is not None else None))
            if actual is not None:
                out.setdefault(mcid, []).append(str(actual))
        elif name == "BMC":
            stack.append((-2, None))  # an artifact: not read
        elif name == "EMC":
            stack.pop()
        elif name == "Tf":
            cmap = maps.get(str(operands[0]), {})
        elif name in ("Tj", "'", '"', "TJ"):
            mcid, actual = stack[-1] if stack else (-1, None)
            if actual is not None or mcid == -2:
                continue
            parts = operands[-1] if name == "TJ" else [operands[-1]]
            text = "".join(_decode(bytes(p), cmap) for p in parts
                           if isinstance(p, pikepdf.String))
            out.setdefault(mcid, []).append(text)
    return {k: "".join(v) for k, v in out.items()}


def read(path: Path) -> list[Element]:
    """The structure tree of the PDF at `path`, element by element in reading order."""
    pdf = pikepdf.open(path)
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    texts = [marked_text(page) for page in pdf.pages]
    out: list[Element] = []

    def walk(elem: Any, depth: int, page: Any) -> None:
        role = str(elem.get("/S"))[1:]
        page = elem.get("/Pg", page)
        alt = str(elem.Alt) if "/Alt" in elem else None
        kids = elem.get("/K", [])
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        parts: list[str] = []
        nested = []
        for kid in kids:
            if isinstance(kid, int):
                parts.append(texts[pages[page.objgen]].get(kid, ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                parts.append(texts[pages[kid.Pg.objgen]].get(int(kid.MCID), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                parts.append(str(kid.Obj.get("/TU", "")))
            else:
                nested.append(kid)
        out.append(Element(role, depth, alt if alt is not None else "".join(parts), alt))
        for kid in nested:
            walk(kid, depth + 1, page)

    walk(pdf.Root.StructTreeRoot.K, 0, None)
    return out


def spoken(elements: list[Element]) -> str:
    """What a screen reader says, element after element, whitespace squashed."""
    return " ".join(" ".join(e.text.split()) for e in elements if e.text.strip())
