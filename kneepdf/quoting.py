"""What a message may quote of what was typed in a spreadsheet row or a preset: never a
patient's details."""

from __future__ import annotations

import re


def unquote(message: str, typed: tuple[str, ...], known: frozenset[str] = frozenset(),
            instead: str = "the cell") -> str:
    """`message` without any quoted text taken from what was `typed` (a row's cells, a
    preset's values): `'Zelda' is not left or right` becomes `the cell is not left or
    right`, because columns may be shifted and any cell or value may hold a patient's name
    or notes. `known` words stay (the content's ids and names: see
    `commands.known_words`), and so does a value without a letter (`'15/01/2026' is not a
    date`).
    """
    def hide(m: re.Match[str]) -> str:
        quoted = m.group(1)
        if (quoted.strip() in known or not re.search(r"[^\W\d_]", quoted)
                or not any(quoted in text for text in typed)):
            return m.group(0)
        return instead

    return re.sub(r"'([^']+)'", hide, message)
