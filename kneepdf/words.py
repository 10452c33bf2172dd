"""The words the code prints, per language: a catalogue with CLDR plurals and dates (Babel)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from kneepdf.catalogue import CATALOGUES, Entry

if TYPE_CHECKING:
    from babel import Locale

DEFAULT = "en"
Amount = tuple[int, int]


def languages() -> tuple[str, ...]:
    """The shipped languages' codes, English first."""
    return tuple(CATALOGUES)


TAG = re.compile(r"[a-z]{2,8}(-[a-z0-9]{1,8})*")  # a BCP 47 tag's shape (`_` read as `-`)


def language_of(tag: str) -> str | None:
    """The shipped language a BCP 47 tag asks for (`es-US` is `es`), or None."""
    text = tag.strip().replace("_", "-").lower()
    if not TAG.fullmatch(text):
        return None
    while text:
        if text in CATALOGUES:
            return text
        text = text.rpartition("-")[0]
    return None


def _locale(lang: str) -> Locale:
    """Babel's locale (its CLDR data is read once by Babel itself)."""
    from babel import Locale

    return Locale.parse(lang)


def plural_forms(lang: str) -> tuple[str, ...]:
    """The CLDR plural categories of `lang` ("one", "other"; Polish adds "few", "many")."""
    return tuple(sorted(_locale(lang).plural_form.tags | {"other"}))


class Words:
    """The catalogue of one language: `w("key", name=...)` for a phrase, `w.count("set",
    amount)` for one that agrees with a number, `w.date(day)`, `w.weekdays`."""

    def __init__(self, lang: str = DEFAULT, table: dict[str, Entry] | None = None, *,
                 eager: bool = False) -> None:
        self.lang = lang
        self.table = CATALOGUES[lang] if table is None else table  # a table: a new language
        # `eager`: Babel's locale read now and kept (a handout's layout asks it often);
        # otherwise on each use, so that a shared instance (ENGLISH) never changes.
        self._cldr = _locale(lang) if eager else None
        self._forms: dict[int, str] = {}  # plural forms by number (an eager instance's)
        self._days: tuple[str, ...] = ()

    @property
    def locale(self) -> Locale:
        return self._cldr if self._cldr is not None else _locale(self.lang)

    def __repr__(self) -> str:
        return f"Words({self.lang!r})"

    def __call__(self, key: str, **values: object) -> str:
        text = self.table[key]
        assert isinstance(text, str), key
        return text.format(**values) if values else text

    def amount(self, amount: Amount) -> str:
        """`(3, 5)` as "3 to 5", `(20, 20)` as "20"."""
        low, high = amount
        return str(low) if low == high else self("range", low=low, high=high)

    def count(self, key: str, amount: Amount | int, **values: object) -> str:
        """The phrase `key` in the plural form CLDR gives for the amount (its upper end),
        with the amount in it as `{n}`: count("set", (2, 3)) is "2 to 3 sets"."""
        if isinstance(amount, int):
            amount = (amount, amount)
        forms = self.table[key]
        assert isinstance(forms, dict), key
        form = self._forms.get(amount[1]) or str(self.locale.plural_form(amount[1]))
        if self._cldr is not None:
            self._forms[amount[1]] = form
        text = forms.get(form, forms["other"])
        return text.format(n=self.amount(amount), **values)

    def date(self, day: dt.date) -> str:
        """A date as the language writes it on a form ("5 Dec 2026", "5 dic 2026")."""
        from babel.dates import format_date

        return str(format_date(day, self("date_format"), locale=self.locale))

    @property
    def weekdays(self) -> tuple[str, ...]:
        """The days' letters from Monday, as the language's calendars print them."""
        if self._days:
            return self._days
        from babel.dates import get_day_names

        names = get_day_names("narrow", locale=self.locale)
        days = tuple(str(names[n]) for n in range(7))
        if self._cldr is not None:
            self._days = days
        return days

    @property
    def day_names(self) -> tuple[str, ...]:
        """The days' whole names from Monday ("Monday", "lunes"), for what a screen
        reader says."""
        from babel.dates import get_day_names

        names = get_day_names("wide", locale=self.locale)
        return tuple(str(names[n]) for n in range(7))

    def join(self, parts: list[str] | tuple[str, ...]) -> str:
        """"2, 3 and 4" in the language's words."""
        if len(parts) < 2:
            return "".join(parts)
        return ", ".join(parts[:-1]) + self("and") + parts[-1]


ENGLISH = Words()
