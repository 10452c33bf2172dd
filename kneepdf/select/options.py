"""Turn option values typed by a clinician (command line, preset, CSV row) into choices."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from kneepdf.dose import Amount, Dose
from kneepdf.errors import MissingOption, OptionError
from kneepdf.model import Choices, Content, PatientDetails, Stage
from kneepdf.options import BY_NAME, MAX_NAME, NO, YES, Option, Options
from kneepdf.select.selection import check_choices, find_stage, stage_names

_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = r"([0-9]{1,4})(?:-([0-9]{1,4}))?"
_PART = re.compile(
    rf"(?:(?P<sets>[0-9]{{1,2}})x(?P<reps>[0-9]{{1,4}})"
    rf"|(?P<key>reps|sets|hold|time|daily|week|days):{_NUMBER}(?P<unit>s|m|min)?"
    rf"|(?P<plain>[0-9]{{1,4}}))"
)
DOSE_SYNTAX = (
    "ID=SPEC, SPEC is one or more of 3x15 (sets x reps), reps:20, sets:3, hold:45s, "
    "time:2m or time:30s, daily:3 (times a day), week:3 (days a week), days:7-10, "
    "joined by commas"
)


def nfc(value: str) -> str:
    """`value` in composed form (NFC): a letter and a separate accent become one character."""
    return unicodedata.normalize("NFC", value)


# What text pasted from word processors, e-mail and chat carries without showing it, and is
# safe to drop: zero-width spaces, word joiners, byte order marks, soft hyphens.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u180e"))
_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


def pasted(value: str, lines: bool = False) -> str:
    """`value` as pasted text is meant: line breaks of every system (CR LF, CR, Unicode line
    and paragraph separators) as one "\\n" (a space when `lines` is False, as in a name
    copied with its line end), tabs as spaces, invisible zero-width characters and soft
    hyphens dropped. No-break and thin spaces become plain spaces later, with the others."""
    value = _BREAKS.sub("\n", value.translate(_INVISIBLE)).replace("\t", " ")
    return value if lines else value.replace("\n", " ")


def clean_text(option: str, value: str, limit: int = MAX_NAME, lines: bool = False) -> str:
    """A name or note as printable NFC text, pasted text tidied (see `pasted`); control,
    direction and undecodable characters refused."""
    value = nfc(pasted(value, lines))
    for ch in value:
        cp = ord(ch)
        if 0xD800 <= cp <= 0xDFFF:
            raise OptionError(option, f"holds bytes that are not valid text (U+{cp:04X})")
        if lines and ch == "\n":
            continue
        if cp in _BIDI:
            raise OptionError(option, f"holds the invisible character U+{cp:04X} "
                              f"({unicodedata.name(ch, 'a direction mark').lower()}), which "
                              "changes the order text prints in; type it again as plain text")
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn"):
            raise OptionError(option, f"holds the control character U+{cp:04X}; "
                                      "type it as plain text")
    _check_accents(option, value)
    if not value.strip():
        raise OptionError(option, "is empty; leave it out to print a line to write on")
    if len(value) > limit:
        raise OptionError(option, f"is {len(value)} characters long; the limit is {limit}")
    if lines:
        return "\n".join(" ".join(line.split()) for line in value.strip().splitlines())
    return " ".join(value.split())


def _check_accents(option: str, value: str) -> None:
    """Refuse an accent left separate after NFC on a Latin, Greek or Cyrillic letter (no
    single character holds both, as in q + U+0308): PDF text cannot place it on the letter,
    so it would print over the next one. Other scripts' marks go on to the font check."""
    for i, ch in enumerate(value):
        before = value[i - 1] if i else " "
        if unicodedata.category(ch).startswith("M") and (
                ord(before) < 0x80 or unicodedata.name(before, "").startswith(
                    ("LATIN", "GREEK", "CYRILLIC"))):
            raise OptionError(option, f"holds an accent (U+{ord(ch):04X}, character {i + 1}) "
                              "that cannot be joined to the letter before it, so it would "
                              "print over the next letter; type the text without it")


YEARS_AWAY = 10  # a handout's date this far from today is a slip of the year
REVIEW_WITHIN = 366  # days: a review later than a year after the handout is a slip


def parse_date(option: str, value: str) -> dt.date:
    """A `YYYY-MM-DD` date (four-digit year, two-digit month and day); OptionError if not."""
    text = nfc(value).strip()
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise OptionError(option, f"'{value}' is not a date; use YYYY-MM-DD, "
                                  "for example 2026-03-31") from None


def parse_number(spec: Option, value: str | int | None) -> int:
    """A whole number from `spec.low` to `spec.high` (`spec.default` when not given)."""
    if value is None:
        return int(spec.default)
    text = str(value).strip()
    if not text.isdigit() or not spec.low <= int(text) <= spec.high:
        raise OptionError(spec.flag, f"'{value}' is not a number of {spec.name} from "
                          f"{spec.low} to {spec.high}")
    return int(text)


def parse_choice(spec: Option, value: str | None) -> str | None:
    """One of `spec.choices` (in any case), or None when not given."""
    text = (value or "").strip().lower() or None
    values = [v for v, _ in spec.choices]
    if text is not None and text not in values:
        raise OptionError(spec.flag, f"'{value}' is not {' or '.join(values)}")
    return text


def parse_lang(value: str | None) -> str:
    """The shipped language a BCP 47 tag asks for (`es-US` is `es`); "en" when not given."""
    from kneepdf.words import language_of, languages

    if value is None or not value.strip():
        return "en"
    code = language_of(value)
    if code is None:
        raise OptionError("--lang", f"'{value}' is not a language of kneepdf; choose one of: "
                          + ", ".join(languages()))
    return code


def parse_fillable(option: str, value: str | bool | None) -> bool:
    """Whether tick boxes become form checkboxes: a flag, or yes/no, true/false, 1/0 or
    on/off typed (a web form's ticked box posts "on" unless it gives a value)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = value.strip().lower()
    if text == "" or text in NO:
        return False
    if text in YES:
        return True
    raise OptionError(option, f"'{value}' is not yes or no")


def _amount(low: str, high: str | None) -> Amount:
    lo, hi = int(low), int(high) if high else int(low)
    if hi <= lo and high:
        raise ValueError(f"a range must go from low to high, got {low}-{high}")
    return (lo, hi)


def parse_dose(spec: str) -> tuple[str, Dose]:
    """`step-up=3x15` or `single-leg-balance=hold:45s` as (item id, dose)."""
    item_id, eq, body = spec.partition("=")
    item_id = item_id.strip()
    item = item_id if "'" not in item_id else ""
    if not eq or not item_id or not body.strip():
        raise OptionError("--dose", f"'{spec}' is not ID=SPEC; use {DOSE_SYNTAX}", item)
    values: dict[str, Amount] = {}
    for part in body.replace(" ", "").split(","):
        m = _PART.fullmatch(part)
        if m is None:
            raise OptionError("--dose", f"'{spec}': cannot read '{part}'; use {DOSE_SYNTAX}",
                              item)
        got: dict[str, Amount] = {}  # what this part gives
        try:
            if m["sets"]:
                got["sets"], got["reps"] = _amount(m["sets"], None), _amount(m["reps"], None)
            elif m["plain"]:
                got["reps"] = _amount(m["plain"], None)
            else:
                amount = _amount(m.group(4), m.group(5))
                key, unit = m["key"], m["unit"]
                if key == "time":
                    got["seconds" if unit == "s" else "minutes"] = amount
                elif key == "hold":
                    if unit not in (None, "s"):
                        raise ValueError("hold is in seconds, for example hold:45s")
                    got["hold_seconds"] = amount
                else:
                    if unit is not None:
                        raise ValueError(f"{key} takes a plain number")
                    if key == "week" and amount[1] > 7:
                        raise ValueError("week is days a week, from 1 to 7")
                    if key == "daily" and amount[1] > 12:
                        raise ValueError("daily is times a day, from 1 to 12")
                    name = {"daily": "times_per_day", "week": "days_per_week"}.get(key, key)
                    got[name] = amount
        except ValueError as exc:
            raise OptionError("--dose", f"'{spec}': {exc}", item) from None
        again = [name for name in got if name in values]
        if again:  # "3x15,3x10": which one the clinician meant is a guess
            raise OptionError("--dose", f"'{spec}': gives the {DOSE_LIMITS[again[0]][1]} "
                              f"twice ('{part}'); give each once", item)
        values.update(got)
    for name, (low, high) in values.items():
        top, words = DOSE_LIMITS[name]
        if low < 1 or high > top:
            raise OptionError("--dose", f"'{spec}': {words} go from 1 to {top}", item)
    amounts = [name for name in ("reps", "seconds", "minutes") if name in values]
    if len(amounts) > 1:
        raise OptionError("--dose", f"'{spec}': give a number of times or a time, not both",
                          item)
    return item_id, Dose(**values)  # type: ignore[arg-type]


# The most a --dose may ask for, and what the number counts, for the message: beyond these a
# number is far more likely a slip of the keyboard than a dose.
DOSE_LIMITS = {
    "sets": (10, "sets"), "reps": (100, "times"), "hold_seconds": (120, "hold seconds"),
    "seconds": (600, "time seconds"), "minutes": (90, "time minutes"),
    "times_per_day": (12, "times a day"), "days_per_week": (7, "days a week"),
    "days": (90, "days"),
}


@dataclass(frozen=True)
class Resolved:
    """Options checked against the content."""

    stage: Stage
    details: PatientDetails
    choices: Choices
    style: str
    paper: str | None
    lang: str = "en"  # a shipped language's code (see `parse_lang`)


def composed(options: Options) -> Options:
    """A copy of `options` with every text in composed form (NFC)."""
    texts = {k: nfc(v) if isinstance(v, str) else v for k, v in vars(options).items()
             if not isinstance(v, list)}
    return Options(**texts, add=[nfc(x) for x in options.add],
                   drop=[nfc(x) for x in options.drop], dose=[nfc(x) for x in options.dose])


def resolve(options: Options, content: Content, today: dt.date) -> Resolved:
    """Check every value (each first put in composed form, NFC); raise OptionError or
    ChoiceError naming the option. A review date before the handout's date is an error."""
    options = composed(options)
    if not options.stage:
        raise MissingOption("--stage", "is missing; give acute, subacute, strength, return or all")
    try:
        stage = find_stage(content, options.stage)
    except LookupError:
        raise OptionError("--stage", f"'{options.stage}' is not a stage; choose one of: "
                          + ", ".join(stage_names(content))) from None

    def text(name: str) -> str:
        spec, value = BY_NAME[name], getattr(options, name)
        if value is None:
            return ""
        return clean_text(spec.flag, value, spec.limit, lines=spec.kind == "lines")

    side = parse_choice(BY_NAME["side"], options.side)
    paper = parse_choice(BY_NAME["paper"], options.paper)
    details = PatientDetails(
        date=parse_date("--date", options.date) if options.date is not None else today,
        patient=text("patient"), clinician=text("clinician"), clinic=text("clinic"),
        contact=text("contact"), notes=text("notes"),
        review_date=parse_date("--review-date", options.review_date)
        if options.review_date is not None else None,
        side=side,
    )
    # The clock only refuses a slip of the year (1900-01-01, 9999-12-31, 2062 for 2026); the
    # handout's bytes never depend on it.
    clock = dt.date.today()
    if abs((details.date - clock).days) > 366 * YEARS_AWAY:
        raise OptionError("--date", f"{details.date.isoformat()} is more than {YEARS_AWAY} "
                          f"years from today ({clock.isoformat()}); check the year")
    if details.review_date is not None and \
            (details.review_date - details.date).days > REVIEW_WITHIN:
        raise OptionError("--review-date", f"{details.review_date.isoformat()} is more than a "
                          f"year after the handout's date {details.date.isoformat()}; check the "
                          "year")
    if details.review_date is not None and details.review_date < details.date:
        raise OptionError("--review-date", f"{details.review_date.isoformat()} is before the "
                          f"handout's date {details.date.isoformat()}; give a later review date")
    condition = (options.condition or "").strip() or None
    choices = Choices(add=tuple(options.add), drop=tuple(options.drop),
                      doses=tuple(parse_dose(spec) for spec in options.dose),
                      condition=condition, weeks=parse_number(BY_NAME["weeks"], options.weeks),
                      fillable=parse_fillable("--fillable", options.fillable))
    check_choices(content, stage, choices)
    return Resolved(stage, details, choices, options.style or BY_NAME["style"].default, paper,
                    parse_lang(options.lang))
