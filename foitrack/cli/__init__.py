"""The ``foitrack`` command line: a thin layer over the services.

``app`` (the typer application, with every command registered) is built on
first use, so the typer-free modules here (``daily``, ``errors``) can be
imported by the daily check's fast lane without paying for typer.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ExitCode", "app", "main"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from foitrack.cli import commands

        return getattr(commands, name)
    raise AttributeError(name)
