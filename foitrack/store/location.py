"""Where a ledger is: a file today (SQLite or TOML), a server's URL next.

Only a ledger that is a file has a folder beside it (the documents kept with
it, the lock files); code that needs one asks :meth:`Location.file_for`, and
a ledger on a server says plainly that it has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from foitrack.core.errors import LedgerError

#: The URL schemes a ledger on a server will have (none is supported yet).
SERVER_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True, slots=True)
class Location:
    """A ledger's place: ``file`` for a ledger on disk, else ``url``."""

    file: Path | None = None
    url: str | None = None

    @classmethod
    def of(cls, value: Location | Path | str) -> Location:
        if isinstance(value, Location):
            return value
        text = str(value)
        if isinstance(value, str) and text.lower().startswith(SERVER_SCHEMES):
            return cls(url=text)
        return cls(file=Path(value))

    @property
    def backend(self) -> str:
        """``sqlite``, ``toml`` or (not yet supported) ``postgresql``."""
        if self.file is None:
            return "postgresql"
        return "toml" if self.file.suffix.lower() == ".toml" else "sqlite"

    def file_for(self, purpose: str) -> Path:
        """The ledger's file, for ``purpose`` (which needs a folder beside it)."""
        if self.file is None:
            raise LedgerError(f"{purpose} needs a ledger that is a file, and {self} is not")
        return self.file

    def __str__(self) -> str:
        # A URL is shown without its password: messages and logs repeat it.
        if self.file is not None:
            return str(self.file)
        assert self.url is not None
        scheme, _, rest = self.url.partition("://")
        credentials, at, host = rest.rpartition("@")
        if at and ":" in credentials:
            return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
        return self.url
