"""The one place errors become exit codes and one stderr line (no typer here:
the daily check's fast lane uses it too)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import IntEnum
from typing import Any

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


class ReaderLeft(Exception):
    """stdout's reader closed the pipe (``foitrack list | head``): not an error.
    Raised in place of BrokenPipeError, which click would turn into exit 1."""


def report(message: str) -> None:
    """One line on stderr, prefixed so it stands out in cron mail."""
    sys.stderr.write(f"foitrack: {message}\n")
    sys.stderr.flush()


def guarded(run: Callable[[], Any], *, aborted: tuple[type[BaseException], ...] = ()) -> int:
    """Run a command; whatever it raises becomes one stderr line and an exit code."""
    stopped: tuple[type[BaseException], ...] = (KeyboardInterrupt, *aborted)
    try:
        result = run()
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
    except stopped:
        report("interrupted")
        return ExitCode.INTERRUPTED
    except (BrokenPipeError, ReaderLeft):
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
