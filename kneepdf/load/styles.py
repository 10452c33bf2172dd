"""Read styles/*.yaml into a Theme: page, fonts, sizes, colours and spacing."""

from __future__ import annotations

import re
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kneepdf.errors import ContentError, Place, StyleError
from kneepdf.theme import (
    BOX_FIELDS,
    BOX_NAMES,
    CM,
    FAMILIES,
    INCH,
    LIMITS,
    MM,
    PAPER,
    Box,
    Theme,
    expand,
)

if TYPE_CHECKING:  # PyYAML is imported only when a style file is read
    from yaml.nodes import Node

    from kneepdf.load.yamlio import Reader

_LENGTH = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(pt|mm|cm|in|%)")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def parse_length(text: str, percent_of: float | None = None) -> float:
    """`4mm`, `12pt`, `0.5in`, `150%` (of `percent_of`) in points; ValueError if not one."""
    match = _LENGTH.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"expected a length such as 12pt, 4mm or 150%, got '{text}'")
    number, unit = float(match.group(1)), match.group(2)
    if unit == "%":
        if percent_of is None:
            raise ValueError(f"a percentage is not allowed here, got '{text}'")
        return number * percent_of / 100
    return number * {"pt": 1.0, "mm": MM, "cm": CM, "in": INCH}[unit]


# Which keys each section holds, and how each value is read.
_SECTIONS: dict[str, dict[str, str]] = {
    "page": {"paper": "paper", "margin": "length"},
    "fonts": {"font": "family"},
    "sizes": {
        "body": "length", "leading": "leading", "title": "length", "heading": "length",
        "subheading": "length", "small": "length", "gap": "length", "tick": "length",
        "tracker": "length", "picture": "length", "thumb": "length",
        "logo_width": "length", "logo_height": "length", "rule": "length",
    },
    "colours": {
        "text": "colour", "accent": "colour", "muted": "colour", "warning": "colour",
        "warning_fill": "colour", "caution_fill": "colour", "dose_fill": "colour",
        "green": "colour", "amber": "colour", "red": "colour",
    },
    "clinic": {"name": "text", "logo": "image", "contact": "text", "videos": "videos",
               "urgent": "call", "emergency": "call"},
}
CALL_MOST = 30  # the longest clinic.urgent or clinic.emergency, in characters


def default_styles_dir() -> Path:
    """The styles shipped with kneepdf."""
    packaged = Path(str(resources.files("kneepdf"))) / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "styles"


def style_names() -> list[str]:
    return sorted(p.stem for p in default_styles_dir().glob("*.yaml"))


def is_style_file(name_or_file: str) -> bool:
    """True when `--style` names a file (it ends in .yaml or .yml, or holds a folder)."""
    return name_or_file.endswith((".yaml", ".yml")) or "/" in name_or_file or (
        "\\" in name_or_file)


def unknown_style(name_or_file: str) -> str | None:
    """None for a shipped style's name or a file path; else what to say about the name."""
    if is_style_file(name_or_file) or name_or_file in style_names():
        return None
    return (f"'{name_or_file}' is not a shipped style; choose one of: "
            + ", ".join(style_names()) + ", or give a style .yaml file")


def load_theme(name_or_file: str = "default") -> Theme:
    """A shipped style by name, or a style file by path; raises StyleError with every problem."""
    if is_style_file(name_or_file):
        file, shown = Path(name_or_file), name_or_file
    else:
        file, shown = default_styles_dir() / f"{name_or_file}.yaml", f"styles/{name_or_file}.yaml"
        if not file.is_file():
            raise StyleError([ContentError(Place(name_or_file, 1, 1), "no such style; choose one "
                                           "of " + ", ".join(style_names()) + " or a .yaml file")])
    errors: list[ContentError] = []
    values = _read(file, shown, errors, depth=0)
    optional = {"clinic_name", "logo", "contact", "logo_data", "tracker", "picture", "videos",
                "thumb", "logo_width", "logo_height", "rule", "boxes", "urgent", "emergency"}
    boxes = _gather_boxes(values)
    missing = [f.name for f in fields(Theme) if f.name not in values and f.name not in optional]
    if isinstance(boxes, str):
        missing.append(boxes)
    else:
        values["boxes"] = boxes
    if not errors and missing:
        errors.append(ContentError(Place(shown, 1, 1), "the style leaves out "
                                   + ", ".join(missing) + "; set them or give a parent"))
    if not errors:
        from kneepdf.load.contrast import contrast_errors

        places = values.pop("places", {})
        assert isinstance(places, dict)
        errors += contrast_errors(values, places, shown)
    if errors:
        raise StyleError(errors)
    values.pop("places", None)
    body = values["body"]
    assert isinstance(body, float)
    leading = values["leading"]
    values["leading"] = body * float(leading[:-1]) / 100 if isinstance(leading, str) else leading
    return Theme(**values)  # type: ignore[arg-type]


def _read(file: Path, shown: str, errors: list[ContentError], depth: int) -> dict[str, object]:
    from kneepdf.load.yamlio import Reader, load

    try:
        node = load(file, shown)
    except ContentError as exc:
        errors.append(exc)
        return {}
    r = Reader(shown, errors)
    f = r.fields(node, "a style", ("name",), ("parent", *_SECTIONS, "boxes"))
    if f is None:
        return {}
    values: dict[str, object] = {}
    places: dict[str, Place] = {}  # where each colour was set, for the contrast check
    if "parent" in f:
        parent = r.text(f["parent"], "parent")
        if depth > 4:
            r.error(f["parent"], "too many parent styles in a row (at most 5)")
        elif parent:
            pfile = (file.parent / parent) if parent.endswith(".yaml") else (
                default_styles_dir() / f"{parent}.yaml")
            pshown = str(pfile) if parent.endswith(".yaml") else f"styles/{parent}.yaml"
            if not pfile.is_file():
                r.error(f["parent"], f"no such parent style '{parent}'")
            else:
                inherited = _read(pfile, pshown, errors, depth + 1)
                parent_places = inherited.pop("places", {})
                assert isinstance(parent_places, dict)
                places.update(parent_places)
                values.update(inherited)
    values["name"] = r.text(f["name"], "name") if "name" in f else ""
    for section, keys in _SECTIONS.items():
        if section in f:
            got = r.fields(f[section], section, (), tuple(keys))
            for key, value in (got or {}).items():
                parsed = _value(r, value, f"{section}.{key}", keys[key], file.parent)
                if section == "colours":
                    places[key] = r.place(value)
                if isinstance(parsed, tuple):  # the logo: its path and its upright image
                    values["logo"], values["logo_data"] = parsed
                elif parsed is not None:
                    values["clinic_name" if section == "clinic" and key == "name" else key] = parsed
    if "boxes" in f:
        _boxes(r, f["boxes"], values, file.parent)
    values["places"] = places
    return values


def _boxes(r: Reader, node: Node, values: dict[str, object], folder: Path) -> None:
    """`boxes:` each named box's border and padding (lengths) and stroke and fill (a colour
    of the style by name, or #rrggbb), as values["box.NAME.FIELD"]; a parent's fields stay
    unless set again."""
    colours = _SECTIONS["colours"]
    for name, box in (r.fields(node, "boxes", (), BOX_NAMES) or {}).items():
        for key, value in (r.fields(box, f"boxes.{name}", (), BOX_FIELDS) or {}).items():
            what = f"boxes.{name}.{key}"
            if key in ("border", "padding"):
                parsed = _value(r, value, what, "length", folder)
            else:
                text = r.text(value, what)
                parsed = text.lower() if _COLOUR.fullmatch(text) else (
                    text if text in colours else None)
                if parsed is None:
                    r.error(value, f"{what} must be one of the style's colours ("
                            + ", ".join(colours) + f") or a colour like '#1f4e79', got '{text}'")
            if parsed is not None:
                values[f"box.{name}.{key}"] = parsed


def _gather_boxes(values: dict[str, object]) -> tuple[tuple[str, Box], ...] | str:
    """The boxes from values["box.NAME.FIELD"] (removed), or the first one left out."""
    boxes = []
    for name in BOX_NAMES:
        got = {key: values.pop(f"box.{name}.{key}", None) for key in BOX_FIELDS}
        for key, value in got.items():
            if value is None:
                return f"boxes.{name}.{key}"
        boxes.append((name, Box(**got)))  # type: ignore[arg-type]
    return tuple(boxes)


def _image(r: Reader, node: Node, what: str, path: Path) -> tuple[str, bytes] | None:
    """An image path (relative to the style file) and the upright image's bytes."""
    from kneepdf.load.logo import LogoError, read_logo

    if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        r.error(node, f"{what} must be a .png or .jpg file, got '{path.name}'")
        return None
    try:
        data = read_logo(path)
    except LogoError as exc:
        r.error(node, f"{what}: {path.name}: {exc}")
        return None
    return str(path.resolve()), data


def _videos(r: Reader, node: Node, what: str, pattern: str) -> str | None:
    """A video address pattern: an https address with "{id}" where the exercise id goes."""
    from kneepdf.load.urls import ID_ROOM, url_problem

    if pattern.count("{id}") != 1 or pattern.replace("{id}", "").count("{") or \
            pattern.replace("{id}", "").count("}"):
        r.error(node, f"{what} must hold '{{id}}' once, where the exercise id goes, e.g. "
                "https://clinic.example/knee/{id}")
        return None
    problem = url_problem(expand(pattern, "x" * ID_ROOM))
    if problem is not None:
        r.error(node, f"{what} (with an exercise id of up to {ID_ROOM} letters): {problem}")
        return None
    return pattern


def _call(r: Reader, node: Node, what: str, text: str) -> str | None:
    """What to call for help ("111", "NHS 111", "999"): one line of at most CALL_MOST
    characters, with a digit in it, without braces."""
    if len(text) > CALL_MOST:
        r.error(node, f"{what} must be at most {CALL_MOST} characters, got {len(text)}")
        return None
    if "\n" in text or "{" in text or "}" in text:
        r.error(node, f"{what} must be one line without braces, e.g. '111'")
        return None
    if not any(ch.isdigit() for ch in text):
        r.error(node, f"{what} must hold the number to call, e.g. '111', got '{text}'")
        return None
    return text


def _value(r: Reader, node: Node, what: str, kind: str, folder: Path) -> object | None:
    if getattr(node, "id", None) == "mapping":
        r.error(node, f"{what} must be a single value")
        return None
    if getattr(node, "id", None) == "scalar" and node.tag.endswith((":int", ":float")) and kind in (
            "length", "leading"):
        r.error(node, f"{what} needs a unit: write '{node.value}pt' (or mm, or a percentage)")
        return None
    text = r.text(node, what)
    if not text:
        return None
    if kind == "text":
        if len(text) > 80:
            r.error(node, f"{what} must be at most 80 characters, got {len(text)}")
            return None
        return text
    if kind == "call":
        return _call(r, node, what, text)
    if kind == "image":
        return _image(r, node, what, folder / text)
    if kind == "videos":
        return _videos(r, node, what, text)
    if kind == "paper":
        return r.choice(node, what, tuple(PAPER))
    if kind == "family":
        return r.choice(node, what, FAMILIES)
    if kind == "colour":
        if not _COLOUR.fullmatch(text):
            r.error(node, f"{what} must be a colour like '#1f4e79', got '{text}'")
            return None
        return text.lower()
    if kind == "leading" and text.endswith("%"):
        try:
            percent = parse_length(text, 100.0)
        except ValueError as exc:
            r.error(node, f"{what}: {exc}")
            return None
        if not 110 <= percent <= 250:
            r.error(node, f"{what} must be from 110% to 250% of the body size, got '{text}'")
            return None
        return text
    try:
        length = parse_length(text)
    except ValueError as exc:
        r.error(node, f"{what}: {exc}")
        return None
    key = what.split(".")[-1]
    low, high = LIMITS.get(key, (1.0, 200.0))
    if not low <= length <= high:
        r.error(node, f"{what} must be from {low:.1f}pt to {high:.1f}pt, got '{text}'")
        return None
    return length
