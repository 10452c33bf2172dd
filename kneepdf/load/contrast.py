"""Check that a style's colours can be read: text against the backgrounds it is printed on."""

from __future__ import annotations

from collections.abc import Mapping

from kneepdf.errors import ContentError, Place

# (foreground, background, the least contrast ratio): WCAG 2 AA, 4.5:1 for body text, 3:1
# for large bold text (headings, the red-flag title) and the boxes' borders.
PAIRS: tuple[tuple[str, str, float], ...] = (
    ("text", "white", 4.5), ("text", "dose_fill", 4.5), ("text", "warning_fill", 4.5),
    ("text", "caution_fill", 4.5), ("muted", "white", 4.5), ("accent", "white", 3.0),
    ("warning", "white", 3.0), ("warning", "warning_fill", 3.0),
    # the pain traffic light's labels print in white on its bands (black-and-white printers
    # print the bands as greys, so the words carry the meaning and must read on each)
    ("white", "green", 4.5), ("white", "amber", 4.5), ("white", "red", 4.5),
)


def luminance(colour: str) -> float:
    """The relative luminance of '#rrggbb' (WCAG 2): 0 for black, 1 for white."""
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    """The contrast ratio of two '#rrggbb' colours, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def contrast_errors(colours: Mapping[str, object], places: Mapping[str, Place],
                    shown: str) -> list[ContentError]:
    """Each pair of PAIRS whose colours are too alike, at the foreground's place."""
    errors = []
    known = {**{k: v for k, v in colours.items() if isinstance(v, str)}, "white": "#ffffff"}
    for fore, back, least in PAIRS:
        if fore not in known or back not in known:
            continue
        got = ratio(known[fore], known[back])
        if got < least:
            where = places.get(fore) or places.get(back) or Place(shown, 1, 1)
            if fore == "white":
                errors.append(ContentError(where, (
                    f"colours.{back} {known[back]}: the white label printed on it has a "
                    f"contrast of {got:.1f}:1; it needs at least {least:g}:1 to be read (WCAG "
                    "AA); choose a darker colour")))
                continue
            errors.append(ContentError(where, (
                f"colours.{fore} {known[fore]} on {back.replace('white', 'the white page')} "
                f"{known[back] if back != 'white' else ''}".rstrip() + f" has a contrast of "
                f"{got:.1f}:1; it needs at least {least:g}:1 to be read (WCAG AA)")))
    return errors
