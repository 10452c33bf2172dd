"""Read a preset file: a clinic's saved protocol of build options."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kneepdf.errors import ContentError, ContentErrors, Place
from kneepdf.load.yamlio import Reader, load
from kneepdf.options import BY_NAME, NO, OPTIONS, SINGLE, YES, Options
from kneepdf.quoting import unquote

KEYS = tuple(o.name for o in OPTIONS if o.preset)  # a preset's keys are the options' names


@dataclass(frozen=True)
class Preset:
    """The options a preset sets, and where in the file each one is."""

    options: Options
    places: dict[str, Place]
    typed: tuple[str, ...] = ()  # every value as written, so that no message quotes one


def load_preset(file: Path) -> Preset:
    """Read a preset; raise ContentErrors listing every problem in it. A preset may hold a
    patient's details, so no message quotes a value written in it (see `quoting.unquote`)."""
    shown = str(file)
    errors: list[ContentError] = []
    try:
        node = load(file, shown)
    except ContentError as exc:
        raise ContentErrors([exc]) from None
    r = Reader(shown, errors)
    f = r.fields(node, "a preset", (), KEYS) or {}
    options = Options()
    places: dict[str, Place] = {}
    for key, value in f.items():
        places[key] = r.place(value)
        kind = BY_NAME[key].kind
        if kind == "number":
            number = r.whole(value, key, BY_NAME[key].low, BY_NAME[key].high)
            setattr(options, key, None if number is None else str(number))
        elif kind == "flag":  # the words a batch cell and the web form take, true or false too
            word = value.value.strip().lower() if isinstance(value, ScalarNode) else ""
            if word in YES or word in NO:
                setattr(options, key, word in YES)
            else:
                got = value.value if isinstance(value, ScalarNode) else "a list or mapping"
                r.error(value, f"{key} must be yes or no (or true or false), got '{got}'")
        elif kind == "date":  # quoted or not, as a date is usually typed
            day = r.date(value, key)
            setattr(options, key, None if day is None else day.isoformat())
        elif kind == "stage" and isinstance(value, ScalarNode) and value.value.isdigit():
            setattr(options, key, value.value)  # stage: 2, as --stage 2
        elif kind == "list":
            setattr(options, key, list(r.texts(value, key)))
        elif kind != "dose":
            setattr(options, key, r.text(value, key))
        elif isinstance(value, MappingNode):
            doses = r.fields(value, "dose", (), tuple(
                k.value for k, _ in value.value if isinstance(k, ScalarNode)))
            options.dose = [f"{item}={r.text(spec, f'dose.{item}')}"
                            for item, spec in (doses or {}).items()]
        else:
            r.error(value, "dose must be a mapping of item id to dose, e.g. step-up: 3x15")
    typed = tuple(_values(node))
    if errors:
        raise ContentErrors(ContentError(e.place, unquote(e.message, typed, instead="the value"),
                                         e.option) for e in errors)
    return Preset(options, places, typed)


def _values(node: Node) -> Iterator[str]:
    """Every value written in a preset (its keys are the options' names and item ids)."""
    if isinstance(node, ScalarNode):
        yield str(node.value)
    elif isinstance(node, MappingNode):
        for _, value in node.value:
            yield from _values(value)
    elif isinstance(node, SequenceNode):
        for kid in node.value:
            yield from _values(kid)


def merge(preset: Options, given: Options, explicit: set[str]) -> Options:
    """The preset's options with the command line's on top: single values replace, lists add."""
    merged = Options(**{k: getattr(preset, k) for k in SINGLE},
                     add=list(preset.add), drop=list(preset.drop), dose=list(preset.dose))
    for key in SINGLE:
        if key in explicit:
            setattr(merged, key, getattr(given, key))
    merged.add = [i for i in merged.add if i not in given.drop] + list(given.add)
    merged.drop = [i for i in merged.drop if i not in given.add] + list(given.drop)
    overridden = {spec.partition("=")[0] for spec in given.dose}
    merged.dose = [s for s in merged.dose if s.partition("=")[0] not in overridden]
    merged.dose += list(given.dose)
    return merged
