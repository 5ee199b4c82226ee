"""The typer application and the one place errors become exit codes.

Every command module registers on :data:`app`. Command bodies import what
they need (services, storage, rich) inside the function, so starting
foitrack costs only typer and the command that runs.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from foitrack.cli.errors import ExitCode, ReaderLeft, guarded, report

__all__ = ["ExitCode", "app", "report"]


class FoitrackGroup(TyperGroup):
    """Runs a command and maps whatever it raises to one stderr line and a code."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = self._run(args, prog_name or "foitrack", complete_var, extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise ReaderLeft from None

    def _run(self, args: Any, prog_name: str, complete_var: str | None, extra: Any) -> int:
        return guarded(
            lambda: super(FoitrackGroup, self).main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            ),
            aborted=(typer.Abort,),
        )


app = typer.Typer(
    cls=FoitrackGroup,
    name="foitrack",
    help=(
        "Track Freedom of Information requests to UK police forces: exact "
        "statutory deadlines, the daily check, reviews and complaints.\n\n"
        "Dates may be written 2025-03-10, 10/03/2025 (day first), 10 March 2025 "
        "or 10th March 2025."
    ),
    no_args_is_help=False,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
