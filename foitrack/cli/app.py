"""The typer application and the one place errors become exit codes.

Every command module registers on :data:`app`. Command bodies import what
they need (services, storage, rich) inside the function, so starting
foitrack costs only typer and the command that runs.
"""

from __future__ import annotations

import os
import sys
from enum import IntEnum
from typing import Any

import typer
from typer.core import TyperGroup

from foitrack.core.errors import FoitrackError, OperationFailed, Problems

#: How many problems to list before "... and N more".
_MOST_PROBLEMS = 20


class ExitCode(IntEnum):
    OK = 0
    #: Something failed that was not the user's input: a mail server, a disk.
    FAILURE = 1
    #: Bad input: a wrong date, an unknown authority, a malformed file.
    BAD_INPUT = 2
    INTERRUPTED = 130


def report(message: str) -> None:
    """One line on stderr, prefixed so it stands out in cron mail."""
    sys.stderr.write(f"foitrack: {message}\n")
    sys.stderr.flush()


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

    def _run(self, args: Any, prog_name: str, complete_var: str | None, extra: Any) -> int:
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except Problems as error:
            for line in error.lines[:_MOST_PROBLEMS]:
                report(f"error: {line}")
            if len(error.lines) > _MOST_PROBLEMS:
                report(f"error: ... and {len(error.lines) - _MOST_PROBLEMS} more")
            report(f"error: {error}")
            return ExitCode.BAD_INPUT
        except FoitrackError as error:
            report(f"error: {error}")
            return ExitCode.BAD_INPUT
        except OperationFailed as error:
            report(f"failed: {error}")
            return ExitCode.FAILURE
        except (KeyboardInterrupt, typer.Abort):
            report("interrupted")
            return ExitCode.INTERRUPTED
        except BrokenPipeError:
            # `foitrack list | head`: the reader left; that is not an error.
            _silence_stdout()
            return ExitCode.OK
        except Exception as error:
            usage = getattr(error, "format_message", None)
            if usage is not None:  # click's UsageError, BadParameter, ...
                report(f"error: {usage()}{_help_hint(error)}")
                return int(getattr(error, "exit_code", ExitCode.BAD_INPUT))
            if os.environ.get("FOITRACK_DEBUG"):
                raise
            report(
                f"internal error: {type(error).__name__}: {error} "
                "(set FOITRACK_DEBUG=1 for the traceback, and please report it)"
            )
            return ExitCode.FAILURE
        return result if isinstance(result, int) else ExitCode.OK


def _help_hint(error: Exception) -> str:
    ctx = getattr(error, "ctx", None)
    path = getattr(ctx, "command_path", None)
    return f" (see '{path} --help')" if path else ""


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
