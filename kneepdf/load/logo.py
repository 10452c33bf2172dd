"""Read a clinic's logo: size checked before decoding, turned the way an image viewer shows it."""

from __future__ import annotations

import io
import re
import struct
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

MAX_SIDE = 6000  # pixels; a logo prints about 45 mm wide, so 1,000 pixels is plenty
PRINT_SIDE = 1000  # a larger logo is scaled down to this many pixels on its longer side
_ORIENTATION = 0x0112  # the EXIF tag a phone camera sets instead of turning the pixels
_PLAIN_MODES = {"PNG": ("1", "L", "LA", "P", "RGB", "RGBA"), "JPEG": ("L", "RGB")}
SMALLER = f"the limit is {MAX_SIDE:,} pixels on each side; save a smaller copy (1,000 pixels " \
          "across is plenty)"


class LogoError(ValueError):
    """Why the logo cannot be used, as words for a message."""


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG header, without decoding; None if `data` is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _check_size(width: int, height: int) -> None:
    if max(width, height) > MAX_SIDE:
        raise LogoError(f"the image is {width:,} by {height:,} pixels; {SMALLER}")


def _redrawn(image: Image.Image) -> bytes:
    """`image` turned upright, at most PRINT_SIDE pixels on its longer side, as JPEG when it
    came as a photo without transparency, else as PNG."""
    from PIL import Image, ImageOps

    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((PRINT_SIDE, PRINT_SIDE), Image.Resampling.LANCZOS)
    alpha = "A" in upright.getbands() or "transparency" in upright.info
    out = io.BytesIO()
    if image.format in ("JPEG", "MPO") and not alpha:
        upright.convert("RGB").save(out, "JPEG", quality=88)
    else:
        upright.convert("RGBA" if alpha else "RGB").save(out, "PNG")
    return out.getvalue()


def read_logo(path: Path) -> bytes:
    """The logo as the bytes to embed: the file itself when it is an upright 8-bit PNG or
    JPEG of at most PRINT_SIDE pixels a side; else the image turned upright (EXIF
    orientation), scaled down to PRINT_SIDE and saved again. The pixel size is checked
    before any decoding (at most MAX_SIDE a side). Raises LogoError saying what is wrong."""
    from kneepdf.load.files import MAX_LOGO, FileProblem, read_limited

    try:
        data = read_limited(path, MAX_LOGO)
    except FileProblem as exc:
        raise LogoError(str(exc)) from None
    size = _png_size(data)
    if size is not None:
        _check_size(*size)
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                _check_size(*image.size)
                orientation = image.getexif().get(_ORIENTATION, 1)
                image.load()
                if (orientation == 1 and max(image.size) <= PRINT_SIDE
                        and image.mode in _PLAIN_MODES.get(image.format or "", ())):
                    return data
                return _redrawn(image)
    except LogoError:
        raise
    except Image.DecompressionBombError:
        raise LogoError(f"the image has more than 178 million pixels; {SMALLER}") from None
    except Exception as exc:  # any file Pillow cannot open or decode: its errors vary by defect
        reason = str(exc).splitlines()[0][:100] if str(exc) else type(exc).__name__
        reason = re.sub(r"\s*<[^>]*object at 0x[0-9a-f]+>", "", reason)  # no Python objects
        raise LogoError(f"the image library cannot open it ({reason}); save it again as a "
                        "PNG or JPEG file") from None
