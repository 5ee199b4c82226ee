"""Where a ledger is: a file (SQLite or TOML) or a PostgreSQL server's URL.

Only a ledger that is a file has a folder beside it (the documents kept with
it, the lock files); code that needs one asks :meth:`Location.file_for`, and
a ledger on a server says plainly that it has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from foitrack.core.errors import LedgerError

#: The URL schemes of a ledger on a server (PostgreSQL).
SERVER_SCHEMES = ("postgresql://", "postgres://")


@dataclass(frozen=True, slots=True)
class Location:
    """A ledger's place: ``file`` for a ledger on disk, else ``url``."""

    file: Path | None = None
    url: str | None = None
    #: For a server: the config's command that prints the password, run only
    #: when the server asks for one that the URL, PGPASSWORD and ~/.pgpass lack.
    password_command: str | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, value: Location | Path | str) -> Location:
        if isinstance(value, Location):
            return value
        text = str(value)
        if isinstance(value, str) and text.lower().startswith(SERVER_SCHEMES):
            return cls(url=text)
        return cls(file=Path(value))

    def exists(self) -> bool:
        """Whether there is a ledger file here (a server is asked when opened)."""
        return self.file.exists() if self.file is not None else True

    @property
    def backend(self) -> str:
        """``sqlite``, ``toml`` or ``postgresql``."""
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
        import re

        url = re.sub(r"([?&]password=)[^&]*", r"\1***", self.url)
        scheme, _, rest = url.partition("://")
        credentials, at, host = rest.rpartition("@")
        if at and ":" in credentials:
            return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
        return url
