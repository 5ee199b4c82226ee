"""Ledger storage: the records (:mod:`foitrack.store.base`), the index over
them (:mod:`foitrack.store.index`), three backends.

A ledger's :class:`Location` is a file or a URL: a ``postgresql://`` URL is a
PostgreSQL ledger, a file ending in ``.toml`` a TOML ledger, any other file
SQLite. The SQL the two SQL backends share is :mod:`foitrack.store.sql`.
"""

from __future__ import annotations

from pathlib import Path

from foitrack.store.base import Deriver, Query, Request, UnknownRequest
from foitrack.store.index import Store
from foitrack.store.location import Location

__all__ = [
    "Deriver",
    "Location",
    "Query",
    "Request",
    "Store",
    "UnknownRequest",
    "is_toml",
    "open_store",
]


def is_toml(path: Path) -> bool:
    return Location.of(path).backend == "toml"


def open_store(where: Location | Path | str, deriver: Deriver, *, create: bool = False) -> Store:
    """Open the ledger at ``where``; with ``create``, start one if there is none."""
    from foitrack.core.errors import LedgerError

    location = Location.of(where)
    if location.file is None:
        from foitrack.store.postgresql import PostgresStore

        return PostgresStore(location, deriver, create=create)
    if location.file.is_dir():
        raise LedgerError(
            f"{location} is a folder: name a ledger file such as {location.file / 'ledger.db'}"
        )
    if location.backend == "toml":
        from foitrack.store.toml import TomlStore

        return TomlStore(location, deriver, create=create)
    from foitrack.store.sqlite import SqliteStore

    return SqliteStore(location, deriver, create=create)
