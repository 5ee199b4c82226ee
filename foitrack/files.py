"""Writing files the way a ledger's owner would want: private and all at once."""

from __future__ import annotations

import os
from pathlib import Path

from foitrack.core.errors import FoitrackError


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (mode 0600) via a temporary file and a rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise FoitrackError(f"cannot write {path}: {error.strerror}") from None
