"""`kneepdf serve`: a local web page over the same library calls as `kneepdf build`."""

from __future__ import annotations
