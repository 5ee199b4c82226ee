"""Ledger storage: one contract (:mod:`foitrack.store.base`), two backends.

A path ending in ``.toml`` is a TOML ledger; anything else is SQLite.
"""

from __future__ import annotations

from pathlib import Path

from foitrack.store.base import Deriver, Query, Request, Store, UnknownRequest

__all__ = ["Deriver", "Query", "Request", "Store", "UnknownRequest", "is_toml", "open_store"]


def is_toml(path: Path) -> bool:
    return path.suffix.lower() == ".toml"


def open_store(path: Path, deriver: Deriver, *, create: bool = False) -> Store:
    """Open the ledger at ``path``; with ``create``, start one if there is none."""
    if path.is_dir():
        from foitrack.core.errors import LedgerError

        raise LedgerError(f"{path} is a folder: name a ledger file such as {path / 'ledger.db'}")
    if is_toml(path):
        from foitrack.store.toml import TomlStore

        return TomlStore(path, deriver, create=create)
    from foitrack.store.sqlite import SqliteStore

    return SqliteStore(path, deriver, create=create)
