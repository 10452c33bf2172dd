"""What a message may quote of what was typed in a spreadsheet row or a preset: never a
patient's details."""

from __future__ import annotations

import re
import unicodedata


def unquote(message: str, typed: tuple[str, ...], known: frozenset[str] = frozenset(),
            instead: str = "the cell") -> str:
    """`message` without any quoted text taken from what was `typed` (a row's cells, a
    preset's values): `'Zelda' is not left or right` becomes `the cell is not left or
    right`, because columns may be shifted and any cell or value may hold a patient's name
    or notes. A quoted text goes when it is part of something typed, or when something
    typed with a letter is a whole word or words of it (`'step-up=sets:Ana'` from a
    preset's dose); typed text is compared as the message writes it (NFC), apostrophes
    and all (`'O'Brien'`). `known` words stay (the content's ids and names: see
    `commands.known_words`), and so does a value without a letter (`'15/01/2026' is not
    a date`).
    """
    texts = [unicodedata.normalize("NFC", text) for text in typed]
    lettered = sorted({t.strip() for t in texts if _LETTER.search(t) and t.strip() not in known},
                      key=len, reverse=True)
    for text in lettered:  # quoted whole first: an apostrophe inside cannot split it
        message = message.replace(f"'{text}'", instead)

    def hide(m: re.Match[str]) -> str:
        quoted = m.group(1)
        if quoted.strip() in known or not _LETTER.search(quoted):
            return m.group(0)
        if any(quoted in text for text in texts) or any(
                re.search(rf"(?<!\w){re.escape(text)}(?!\w)", quoted) for text in lettered):
            return instead
        return m.group(0)

    return re.sub(r"'([^']+)'", hide, message)


_LETTER = re.compile(r"[^\W\d_]")
