"""Check the video addresses a style or the content gives: https, no credentials, short."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTH = 100  # characters; a QR code of level M stays about 25 mm at 0.5 mm modules
ID_ROOM = 30  # characters an exercise id may take in a style's `videos` pattern


def url_problem(url: str) -> str | None:
    """What is wrong with `url` as a video address, or None when it is fine.

    A video address is an `https` URL with a host, without a user name or password, without
    spaces or control characters, of at most MAX_LENGTH characters.
    """
    if len(url) > MAX_LENGTH:
        return f"a video address must be at most {MAX_LENGTH} characters, got {len(url)}"
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return f"a video address must not contain spaces, got '{url}'"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return f"'{url}' is not a web address"
    del port
    if parts.scheme != "https":
        return f"a video address must start with https://, got '{url}'"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "a video address must not contain a user name or password"
    if not parts.hostname or "." not in parts.hostname:
        return f"a video address needs a host name such as clinic.example, got '{url}'"
    return None
