"""Run the command line as `python -m kneepdf`."""

from __future__ import annotations

from kneepdf.cli import cli

cli(prog_name="kneepdf")
