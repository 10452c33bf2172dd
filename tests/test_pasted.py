"""Text pasted from word processors, e-mail and chat: what is safe is tidied, the rest refused."""

from __future__ import annotations

import pytest

from kneepdf.errors import OptionError
from kneepdf.select.options import clean_text


@pytest.mark.parametrize(("typed", "kept"), [
    ("Ana\u00a0Silva", "Ana Silva"),  # a no-break space from Word
    ("Ana\u202fSilva", "Ana Silva"),  # a narrow no-break space (French typography)
    ("\ufeffAna Silva", "Ana Silva"),  # a byte order mark from a copied file
    ("Ana Sil\u00adva", "Ana Silva"),  # a soft hyphen
    ("Ana\u200b Silva\u2060", "Ana Silva"),  # zero-width space and word joiner from chat
    ("Ana Silva\r\n", "Ana Silva"),  # a name copied with its line end
    ("Ana\tSilva", "Ana Silva"),
    ("Seán O\u2019Brien", "Seán O\u2019Brien"),  # smart quotes are kept
])
def test_pasted_names_are_tidied(typed: str, kept: str) -> None:
    # Once: each of these was refused as a control character, or printed as a gap.
    assert clean_text("--patient", typed) == kept


def test_pasted_notes_keep_their_lines_from_any_system() -> None:
    typed = "Ice after.\r\nRest\rWalk\u2028Again\u2029\u201cGently\u201d"
    assert clean_text("--notes", typed, 600, lines=True) == \
        "Ice after.\nRest\nWalk\nAgain\n\u201cGently\u201d"


def test_a_direction_mark_is_refused_with_a_clear_line() -> None:
    with pytest.raises(OptionError) as info:
        clean_text("--patient", "Ana \u202eavliS")
    assert str(info.value) == ("holds the invisible character U+202E (right-to-left "
                               "override), which changes the order text prints in; type it "
                               "again as plain text")
