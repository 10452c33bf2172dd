"""The only YAML reader: safe, strict, and every value knows its file, line and column."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from kneepdf.errors import ContentError, Place
from kneepdf.load.files import MAX_YAML, FileProblem, read_limited
from kneepdf.load.urls import ID_ROOM

T = TypeVar("T")

_INT = re.compile(r"[+]?(0|[1-9][0-9]*)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_STR_TAG = "tag:yaml.org,2002:str"


MAX_DEPTH = 32  # levels of nesting; the shipped files use at most 6


class _Strict:
    """Composes nodes like PyYAML's safe loader, but refuses anchors, aliases, and nesting
    deeper than MAX_DEPTH (which would exhaust Python's stack)."""

    _depth = 0

    def compose_node(self: Any, parent: Node | None, index: int) -> Node | None:
        if self._depth >= MAX_DEPTH and self.check_event(
                yaml.SequenceStartEvent, yaml.MappingStartEvent):
            raise yaml.MarkedYAMLError(
                None, None, f"the lists and mappings are nested more than {MAX_DEPTH} levels "
                "deep; a content, style or preset file needs a few", self.peek_event().start_mark)
        self._depth += 1
        try:
            node: Node | None = self._compose(parent, index)
            return node
        finally:
            self._depth -= 1

    def _compose(self: Any, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, f"aliases (*{event.anchor}) are not allowed; write the value out",
                event.start_mark,
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.MarkedYAMLError(
                None, None, f"anchors (&{anchor}) are not allowed; write the value out",
                event.start_mark,
            )
        node: Node | None = Composer.compose_node(self, parent, index)
        return node


def _depth_bound(text: str) -> int:
    """An upper bound on how deeply `text`'s lists and mappings can nest: a block level needs
    more indentation, a compact `- ` or a `key: ` on its line (a list under a key may share
    its key's column, hence twice), and a flow level needs a `[` or `{`. Text within the
    bound is composed by libyaml without the strict loader's depth check."""
    deepest = 0
    for line in text.splitlines():
        body = line.lstrip(" ")
        if body and not body.startswith("#"):
            deepest = max(deepest, len(line) - len(body) + body.count("- ") + body.count(": "))
    return 2 * (deepest + 1) + text.count("[") + text.count("{")


try:  # libyaml's parser when PyYAML was built with it: ten times faster than pure Python
    from yaml._yaml import CParser

    class _StrictLoader(_Strict, CParser, Composer, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        def get_single_node(self) -> Node | None:
            node: Node | None = Composer.get_single_node(self)
            return node

    class _FastLoader(CParser, SafeConstructor, Resolver):
        """libyaml's own composer, for text that cannot hold an anchor or an alias."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    def _loader(text: str) -> Any:
        """The composer for `text`: libyaml's, twice as fast, unless the text has a & or a *
        anywhere (an anchor or an alias, or only a letter in a value), when the strict one
        reads it and refuses anchors and aliases at their line and column."""
        if "&" in text or "*" in text or _depth_bound(text) > MAX_DEPTH:
            return _StrictLoader(text)
        return _FastLoader(text)

except ImportError:  # pragma: no cover - PyYAML without libyaml

    class _StrictLoader(_Strict, yaml.SafeLoader):  # type: ignore[no-redef]
        pass

    def _loader(text: str) -> Any:
        return _StrictLoader(text)

ID_LENGTH = ID_ROOM  # an id is part of file names and video addresses


def place_of(path: str, node: Node) -> Place:
    return Place(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise ContentError(
            Place(path, line, col),
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        ) from None


def load(file: Path, path: str) -> MappingNode:
    """Read one YAML file whose top level is a mapping; `path` is how errors name it."""
    try:
        data = read_limited(file, MAX_YAML)
    except FileProblem as exc:
        raise ContentError(Place(path, 1, 1), str(exc)) from None
    text = _decode(path, data)
    if not text.strip():
        raise ContentError(Place(path, 1, 1), "the file is empty; expected a mapping of keys")
    try:
        loader = _loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "not valid YAML"
        if "expected a single document" in (exc.context or ""):
            problem = "the file holds more than one YAML document (---); keep one"
        raise ContentError(Place(path, line, col), problem) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1
        raise ContentError(Place(path, line, col), f"the character U+{exc.character:04X} is not "
                           "allowed in YAML; delete it") from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks all parse errors
        raise ContentError(Place(path, 1, 1), f"not valid YAML: {exc}") from None
    if node is None:
        raise ContentError(Place(path, 1, 1), "the file is empty; expected a mapping of keys")
    if not isinstance(node, MappingNode):  # a whole file's text is never echoed
        got = "plain text" if isinstance(node, ScalarNode) else _kind(node)
        raise ContentError(place_of(path, node), f"expected a mapping of keys, got {got}")
    return node


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    assert isinstance(node, ScalarNode)
    if not node.value:
        return "nothing"
    if "\n" in node.value or len(node.value) > 60:  # a whole file of text is never echoed
        return f"a block of text ({len(node.value)} characters)"
    return f"'{node.value}'"


@dataclass
class Reader:
    """Reads typed values out of one file's nodes, collecting every error instead of stopping."""

    path: str
    errors: list[ContentError]

    def error(self, node: Node, message: str) -> None:
        self.errors.append(ContentError(place_of(self.path, node), message))

    def place(self, node: Node) -> Place:
        return place_of(self.path, node)

    def fields(
        self, node: Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        """A mapping's values by key; reports duplicate, unknown and missing keys."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of keys, got {_kind(node)}")
            return None
        out: dict[str, Node] = {}
        allowed = required + optional
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != _STR_TAG:
                self.error(key_node, f"{what}: keys must be plain words")
                continue
            if key in out:
                first = self.place(out[key])
                self.error(key_node, f"duplicate key '{key}' (first given at line {first.line})")
                continue
            if key not in allowed:
                self.error(key_node, f"unknown key '{key}' in {what}; expected one of: "
                           + ", ".join(allowed))
                continue
            out[key] = value
        for key in required:
            if key not in out:
                self.error(node, f"{what} is missing the key '{key}'")
        return out

    def text(self, node: Node, what: str, *, allow_empty: bool = False) -> str:
        """A string in composed form (NFC); a plain scalar that YAML 1.1 reads as something
        else must be quoted."""
        if not isinstance(node, ScalarNode):
            self.error(node, f"{what} must be text, got {_kind(node)}")
            return ""
        if node.tag != _STR_TAG and not (not node.style and node.value == "" and allow_empty):
            self.error(node, f"{what} must be text, got '{node.value}', which YAML reads as "
                       f"{_tag_name(node.tag)}; put it in quotes")
            return ""
        # Python's printable excludes every Other and Separator category but the space: a
        # printable line holds none of the invisible characters, and is not looked through.
        plain = node.value.replace("\n", "").replace("\t", "").isprintable()
        for offset, ch in enumerate("" if plain else node.value):
            if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and ch not in "\n\t":
                self.error(node, f"{what} holds the invisible character U+{ord(ch):04X} "
                           f"(character {offset + 1}); delete it")
                return ""
        folded = node.style in (None, "", ">")
        raw = unicodedata.normalize("NFC", node.value)  # one character per accented letter
        value = " ".join(raw.split()) if folded else raw.strip()
        if not value and not allow_empty:
            self.error(node, f"{what} must not be empty")
        return value

    def texts(self, node: Node, what: str) -> tuple[str, ...]:
        """A list of strings."""
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list, got {_kind(node)}")
            return ()
        return tuple(self.text(child, f"{what} item") for child in node.value)

    def whole(self, node: Node, what: str, low: int = 0, high: int = 10_000) -> int | None:
        """A whole number written plainly (no leading zeros, no decimals, no times)."""
        if (
            not isinstance(node, ScalarNode)
            or node.style
            or not _INT.fullmatch(node.value)
        ):
            got = node.value if isinstance(node, ScalarNode) else _kind(node)
            self.error(node, f"{what} must be a whole number, got '{got}'")
            return None
        number = int(node.value)
        if not low <= number <= high:
            self.error(node, f"{what} must be from {low} to {high}, got {number}")
            return None
        return number

    def flag(self, node: Node, what: str) -> bool:
        """`true` or `false`, nothing else."""
        if isinstance(node, ScalarNode) and not node.style and node.value in ("true", "false"):
            return bool(node.value == "true")
        got = node.value if isinstance(node, ScalarNode) else _kind(node)
        self.error(node, f"{what} must be true or false, got '{got}'")
        return False

    def date(self, node: Node, what: str) -> dt.date | None:
        """A calendar date written YYYY-MM-DD (quoted or not)."""
        value = node.value if isinstance(node, ScalarNode) else None
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        got = value if isinstance(value, str) else _kind(node)
        self.error(node, f"{what} must be a date written YYYY-MM-DD, got '{got}'")
        return None

    def choice(self, node: Node, what: str, options: tuple[str, ...]) -> str | None:
        value = self.text(node, what)
        if value and value not in options:
            self.error(node, f"{what} must be one of {', '.join(options)}, got '{value}'")
            return None
        return value or None

    def ident(self, node: Node, what: str) -> str:
        value = self.text(node, what)
        if value and not _ID.fullmatch(value):
            self.error(node, f"{what} must be lowercase letters, digits and hyphens, got '{value}'")
        elif len(value) > ID_LENGTH:
            self.error(node, f"{what} must be at most {ID_LENGTH} characters, got {len(value)}")
        return value

    def items(self, node: Node, what: str, read: Callable[[Node], T | None]) -> list[T]:
        """Each item of a list through `read`, skipping the ones that failed."""
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list, got {_kind(node)}")
            return []
        out = [read(child) for child in node.value]
        return [x for x in out if x is not None]


def _tag_name(tag: str) -> str:
    return {
        "tag:yaml.org,2002:bool": "true/false",
        "tag:yaml.org,2002:int": "a number",
        "tag:yaml.org,2002:float": "a decimal number",
        "tag:yaml.org,2002:null": "nothing (null)",
        "tag:yaml.org,2002:timestamp": "a date",
    }.get(tag, "something other than text")
