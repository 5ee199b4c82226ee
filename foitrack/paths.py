"""Where foitrack keeps things, following the XDG base directory spec."""

from __future__ import annotations

import os
from pathlib import Path


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable)
    # The spec says relative values are invalid and must be ignored.
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / "foitrack"


def config_dir() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config") / "foitrack"


def cache_dir() -> Path:
    return _xdg("XDG_CACHE_HOME", ".cache") / "foitrack"


def default_ledger() -> Path:
    return data_dir() / "ledger.db"


def config_file() -> Path:
    """``FOITRACK_CONFIG``, else ``$XDG_CONFIG_HOME/foitrack/config.toml``."""
    value = os.environ.get("FOITRACK_CONFIG")
    return Path(value).expanduser() if value else config_dir() / "config.toml"
