"""The form's fields, from the table of options, and a posted form turned into Options."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple, Protocol

import click

from kneepdf.errors import KneepdfError, MissingOption, OptionError, StyleError
from kneepdf.load.styles import style_names
from kneepdf.model import Choices, Content, Item, Stage
from kneepdf.options import BY_NAME, OPTIONS, Option, Options
from kneepdf.select.options import parse_fillable
from kneepdf.select.selection import chosen_ids, optional_items

Choice = tuple[str, str]  # (value, label)


class Spec(NamedTuple):
    """One `build` option as a form field; `name` is the option's name (`_` for `-`).

    `kind` is text, textarea, date, select, number or checkbox (an on/off flag);
    `choices` lists a select's (value, label) pairs for the loaded content; `low`/`high`
    bound a number.
    """

    name: str
    label: str
    kind: str
    hint: str = ""
    choices: Callable[[Content], list[Choice]] | None = None
    default: str = ""
    low: int = 0
    high: int = 0


def _stages(content: Content) -> list[Choice]:
    return [(s.id, f"Stage {s.number}: {s.name}" if s.number is not None
             else f"All stages: {s.name}") for s in content.stages]


def _conditions(content: Content) -> list[Choice]:
    return [(c.id, c.name) for c in content.conditions]


def _styles(content: Content) -> list[Choice]:
    return [(n, n.replace("-", " ").capitalize()) for n in style_names()]


_LISTED = {"stage": _stages, "id": _conditions, "style": _styles}  # choices by option kind


def spec_of(option: Option) -> Spec:
    """The form field of an option of the table (kneepdf.options.OPTIONS)."""
    choices = None
    if option.form == "select":
        listed = _LISTED.get(option.kind)
        blank = [("", option.blank)] if option.blank else []

        def choices(content: Content) -> list[Choice]:
            return blank + (listed(content) if listed else list(option.choices))
    return Spec(option.name, option.label, option.form, option.hint, choices, option.default,
                option.low, option.high)


# The form offers every option of the table that has a form field (add, drop and dose are
# the item cards); the page places the usual ones and lists any other at the end.
SPECS: tuple[Spec, ...] = tuple(spec_of(o) for o in OPTIONS if o.form)
DOSE_PREFIX = "dose."  # a per-exercise dose box holds SPEC only: dose.ID=SPEC


class Form(Protocol):
    """What a posted form offers (Werkzeug's MultiDict fits)."""

    def get(self, key: str, /) -> str | None: ...
    def getlist(self, key: str) -> list[str]: ...
    def __iter__(self) -> Iterator[str]: ...


class FieldError(KneepdfError):
    """A form value that cannot be used; `field` names the form field it belongs to."""

    def __init__(self, field: str, message: str, line: str, item: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.line = line  # as `kneepdf build` prints it after "Error: " (one or more lines)
        self.item = item  # for add, drop and dose: the item id the message quotes

    def text(self) -> str:
        """The problem exactly as `kneepdf build` prints it: an "Error: " line each."""
        return "".join(f"Error: {line}\n" for line in self.line.splitlines())


class Posted(NamedTuple):
    """A form as typed: the values to show again, and the Options for `resolve`."""

    values: dict[str, str]
    add: list[str]
    drop: list[str]
    doses: dict[str, str]  # item id -> SPEC typed in its dose box
    options: Options


def read_form(form: Form) -> Posted:
    """The posted values; an empty box counts as left out. Raises FieldError for a bad number
    or a checkbox value that is not yes or no (as `batch` reads it)."""
    values = {s.name: (form.get(s.name) or "").replace("\r\n", "\n") for s in SPECS}
    doses = {key[len(DOSE_PREFIX):]: (form.get(key) or "").strip()
             for key in form if key.startswith(DOSE_PREFIX)}
    dose = [d for d in form.getlist("dose") if d.strip()]
    dose += [f"{item}={spec}" for item, spec in doses.items() if spec]
    kwargs: dict[str, object] = {}
    for spec in SPECS:
        value = values[spec.name]
        if spec.kind == "number":
            if not value.strip():
                value = values[spec.name] = spec.default
            kwargs[spec.name] = _number(spec, value)
        elif spec.kind == "checkbox":  # ticked posts "1"; a hand-made post may say yes or no
            try:
                ticked = parse_fillable("--" + spec.name.replace("_", "-"), value)
            except OptionError as exc:
                raise field_error(exc) from None
            values[spec.name] = "1" if ticked else ""
            kwargs[spec.name] = ticked
        else:
            kwargs[spec.name] = value if value.strip() else None
    add = [a for a in form.getlist("add") if a.strip()]
    drop = [d for d in form.getlist("drop") if d.strip()]
    options = Options(**kwargs, add=add, drop=drop, dose=dose)  # type: ignore[arg-type]
    return Posted(values, add, drop, doses, options)


def _number(spec: Spec, value: str) -> int:
    """A whole number in the spec's range, checked with the same words as the command line."""
    option = "--" + spec.name.replace("_", "-")
    try:
        check: click.ParamType[int] = click.IntRange(spec.low, spec.high)
        number: int = check.convert(value.strip(), None, None)
    except click.BadParameter as exc:
        raise FieldError(spec.name, exc.message,
                         f"Invalid value for '{option}': {exc.message}") from None
    return number


def field_error(exc: KneepdfError) -> FieldError:
    """Any error from resolving or building, mapped to the field it concerns ("" for none)
    by the option it carries, never by its words.

    The line matches what `kneepdf build` prints after "Error: ".
    """
    if isinstance(exc, FieldError):
        return exc
    name = exc.option.lstrip("-").replace("-", "_")
    if isinstance(exc, MissingOption):
        return FieldError(name, "Choose a stage.",
                          "Missing option '--stage' (or a preset that sets stage).")
    lines = exc.lines()
    if isinstance(exc, StyleError):
        return FieldError("style", "; ".join(lines), "\n".join(lines))
    if isinstance(exc, OptionError):
        return FieldError(name, str(exc), f"Invalid value for '{exc.option}': {exc}", exc.item)
    return FieldError(name if name in BY_NAME else "", "; ".join(lines), "\n".join(lines))


class Card(NamedTuple):
    """One item of the stage as the form lists it: keep or drop, its dose, its picture."""

    item: Item
    checked: bool  # left out (a stage's own item) or added (an extra item)
    dose: str
    picture: bool


def stage_cards(content: Content, stage: Stage, posted: Posted) -> list[Card]:
    """The stage's own items, in guide order, with what the form says about each."""
    own = set(chosen_ids(content, stage, Choices()))
    items = [i for step in content.steps for i in step.items if i.id in own]
    return [Card(i, i.id in posted.drop, posted.doses.get(i.id, ""), i.pose is not None)
            for i in items]


def optional_cards(content: Content, stage: Stage, posted: Posted) -> list[Card]:
    """The stage's optional exercises, which print only when added."""
    return [Card(i, i.id in posted.add, posted.doses.get(i.id, ""), i.pose is not None)
            for _, i in optional_items(content, stage)]


def extra_cards(content: Content, stage: Stage, posted: Posted) -> list[Card]:
    """Items from other steps that may be added to the stage (high-load work only in its
    stages); the stage's own optional exercises are listed apart (`optional_cards`)."""
    own = set(chosen_ids(content, stage, Choices()))
    own |= {i.id for _, i in optional_items(content, stage)}
    items = [i for step in content.steps for i in step.items
             if i.id not in own and (stage.high_load or not i.high_load)]
    return [Card(i, i.id in posted.add, posted.doses.get(i.id, ""), i.pose is not None)
            for i in items]
