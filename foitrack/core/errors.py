"""The exceptions foitrack raises for bad input.

Each is one line a user can act on; the command line turns every one of them
into a single stderr line and exit status 2 (see ``foitrack.cli.errors``).
"""

from collections.abc import Iterator
from contextlib import contextmanager


class FoitrackError(Exception):
    """Something the user can fix: the message says what and how."""


class BadDate(FoitrackError):
    """A date that cannot be read or is outside the supported years."""


class UnknownRegime(FoitrackError):
    """A regime name that is not foia, eir, foisa or eisr."""


class BadEvent(FoitrackError):
    """An event that is malformed or out of order."""


class UnknownAuthority(FoitrackError):
    """No authority with that name."""


class LedgerError(FoitrackError):
    """The ledger cannot be read or written as asked."""


#: What a value no foitrack wrote raises when it is read: the file is damaged.
DAMAGE = (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError)


def damaged(where: str, error: Exception) -> LedgerError:
    """The one message for a ledger that holds a value foitrack cannot read."""
    return LedgerError(
        f"{where} holds a damaged value ({type(error).__name__}: {error}); run "
        "'foitrack doctor', and restore the ledger from a backup"
    )


@contextmanager
def reading(where: str) -> Iterator[None]:
    """Around code that reads a ledger's stored values: a value of the wrong
    type or shape (no foitrack wrote it) is reported as damage in ``where``."""
    try:
        yield
    except DAMAGE as error:
        raise damaged(where, error) from None


class ConfigError(FoitrackError):
    """The configuration file has a bad or missing value."""


class Problems(FoitrackError):
    """Several things are wrong; each is one line in ``lines``."""

    def __init__(self, summary: str, lines: list[str]) -> None:
        super().__init__(summary)
        self.lines = lines


class OperationFailed(Exception):
    """A failure outside the user's control (exit 1): a mail server, a disk."""
