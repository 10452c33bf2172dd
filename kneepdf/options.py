"""Every build option, declared once: its kind, limits, help, form field, column and preset key."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from kneepdf.catalogue import CATALOGUES
from kneepdf.theme import PAPER

MAX_NAME = 80  # characters in a name, a clinic or a contact
MAX_NOTES = 600  # characters in the notes
WEEKS = (1, 12)  # the tracker covers from 1 to 12 weeks
DEFAULT_WEEKS = 4
# A flag typed as a word (a spreadsheet cell, a preset, a web form), in lower case.
YES = ("yes", "true", "1", "y", "on")
NO = ("no", "false", "0", "n", "off")
SIDES = ("left", "right")
PAPERS = tuple(PAPER)
KINDS = ("stage", "text", "lines", "date", "choice", "id", "style", "number", "flag", "list",
         "dose", "lang")
LANGUAGES = tuple((code, str(table["name"])) for code, table in CATALOGUES.items())
FORM_KINDS = ("", "text", "textarea", "date", "select", "number", "checkbox")


@dataclass(frozen=True)
class Option:
    """One `build` option, as every way of giving it sees it.

    `kind` says how its value is read (KINDS: one of a fixed set of `choices`, a whole
    number from `low` to `high`, a flag, a text of at most `limit` characters, a list given
    again and again ...). `help`, `metavar` and `short` make the command-line flag
    `--NAME`; `label`, `form` (FORM_KINDS; "" keeps it off the form's own fields), `hint`
    and `blank` (the label of "not given" in a select) make the web form's field;
    `column` and `preset` say whether a batch spreadsheet column and a preset key of
    the same name set it. `default` is the value used when it is not given, as typed.
    """

    name: str
    kind: str
    help: str
    metavar: str = ""
    short: str = ""
    label: str = ""
    form: str = ""
    hint: str = ""
    blank: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) pairs of a fixed choice
    default: str = ""
    low: int = 0
    high: int = 0
    limit: int = 0
    column: bool = True
    preset: bool = True

    @property
    def flag(self) -> str:
        """The command-line spelling: `--review-date` for `review_date`."""
        return "--" + self.name.replace("_", "-")

    @property
    def repeated(self) -> bool:
        """Given again and again (`--add a --add b`), a list of values."""
        return self.kind in ("list", "dose")


def _option(kind: str, help: str, **spec: Any) -> Any:
    """A field of Options carrying its Option (named after the field by `OPTIONS`)."""
    meta = {"option": (kind, help, spec)}
    if kind in ("list", "dose"):
        return field(default_factory=list, metadata=meta)
    return field(default=None, metadata=meta)


@dataclass
class Options:
    """Option values as typed (command line, preset, spreadsheet row or form); every field
    is optional until resolved. Each field declares its option: see `OPTIONS`."""

    stage: str | None = _option(
        "stage", "acute, subacute, strength, return (or 1-4), or all.  [required]",
        metavar="STAGE", short="-s", label="Stage", form="select")
    patient: str | None = _option(
        "text", "The patient's name (printed only on the page).", limit=MAX_NAME,
        label="Patient's name", form="text", hint="Printed on the handout only.")
    clinician: str | None = _option("text", "Your name.", limit=MAX_NAME, label="Your name",
                                     form="text")
    clinic: str | None = _option("text", "The clinic's name.", limit=MAX_NAME, label="Clinic",
                                 form="text")
    contact: str | None = _option(
        "text", "A phone number or e-mail for questions.", limit=MAX_NAME,
        label="Phone or e-mail for questions", form="text")
    notes: str | None = _option(
        "lines", "Free text for the patient; line breaks are kept.", limit=MAX_NOTES,
        label="Notes for the patient", form="textarea", hint="Line breaks are kept.")
    date: str | None = _option(
        "date", "The handout's date (default: today, or SOURCE_DATE_EPOCH).",
        metavar="YYYY-MM-DD", label="Date", form="date", hint="Leave empty for today.")
    review_date: str | None = _option(
        "date", "When to come back.", metavar="YYYY-MM-DD", label="Review date", form="date",
        hint="Leave empty for a line to write on.")
    side: str | None = _option(
        "choice", "The painful knee; names the leg.", metavar="left|right",
        choices=tuple((s, s.capitalize()) for s in SIDES), label="Painful knee",
        form="select", blank="Not given")
    condition: str | None = _option(
        "id", "The diagnosis: a paragraph on it, and its cautions and gentler exercises: "
        "osteoarthritis, meniscus-tear, mcl-sprain, pes-anserine, adductor-strain.",
        metavar="ID", label="Diagnosis", form="select", blank="None given",
        hint="Adds a paragraph on it, its cautions and gentler exercises.")
    add: list[str] = _option("list", "Add an item (repeatable).", metavar="ID")  # noqa: RUF009
    drop: list[str] = _option(  # noqa: RUF009
        "list", "Leave an item out (repeatable).", metavar="ID")
    dose: list[str] = _option(  # noqa: RUF009
        "dose", "Set an item's dose (repeatable). SPEC: 3x15 (sets x reps), reps:20, sets:3, "
        "hold:45s, time:2m, time:30s, daily:3 (times a day), week:3 (days a week), "
        "days:7-10; join with commas.", metavar="ID=SPEC")
    paper: str | None = _option(
        "choice", "Paper size.  [default: from the style]", metavar="a4|letter",
        choices=(("a4", "A4"), ("letter", "Letter")), label="Paper", form="select",
        blank="From the style")
    weeks: str | int | None = _option(
        "number", f"Weeks in the tracker, {WEEKS[0]} to {WEEKS[1]}.  [default: "
        f"{DEFAULT_WEEKS}]", metavar="N", low=WEEKS[0], high=WEEKS[1],
        default=str(DEFAULT_WEEKS), label="Weeks in the tracker", form="number",
        hint=f"{WEEKS[0]} to {WEEKS[1]}.")
    fillable: str | bool | None = _option(
        "flag", "Every tick box becomes a form checkbox a PDF viewer can tick; the boxes "
        "still print.", label="Tick boxes a patient can tick on a tablet", form="checkbox",
        hint="The boxes still print.")
    style: str | None = _option(
        "style", "A shipped style (default, large-print) or a style .yaml file.  "
        "[default: default]", metavar="NAME|FILE", default="default", label="Style",
        form="select")
    lang: str | None = _option(
        "lang", "The handout's language as a BCP 47 tag: "
        + ", ".join(code for code, _ in LANGUAGES) + " (es-US prints es).  [default: en]",
        metavar="CODE", default="en", label="Language", form="select",
        choices=tuple((code, name.capitalize()) for code, name in LANGUAGES))


OPTIONS: tuple[Option, ...] = tuple(
    Option(f.name, f.metadata["option"][0], f.metadata["option"][1], **f.metadata["option"][2])
    for f in dataclasses.fields(Options))
BY_NAME = {option.name: option for option in OPTIONS}
SINGLE = tuple(o.name for o in OPTIONS if not o.repeated)  # one value each
REPEATED = tuple(o.name for o in OPTIONS if o.repeated)  # lists
