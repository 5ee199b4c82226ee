"""Writing files the way a ledger's owner would want: private and all at once."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


@contextmanager
def file_lock(path: Path, timeout: float, busy: Callable[[], Exception]) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created 0600), waiting up to ``timeout``
    seconds; then raise ``busy()``. The lock dies with the process, so a
    killed foitrack never leaves it stuck.

    The file is removed when the lock is given up, so no ``.lock`` is left
    beside the ledger. It is removed while still held, and a process that gets
    the lock checks that the file it locked is still the one at ``path`` (not
    one a holder has since removed), else it starts again: two processes can
    never both hold it.
    """
    import fcntl

    deadline = time.monotonic() + timeout
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            while True:
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise busy() from None
                    time.sleep(0.02)
            try:
                current = os.stat(path).st_ino
            except FileNotFoundError:
                current = None
        except BaseException:
            os.close(descriptor)
            raise
        if current == os.fstat(descriptor).st_ino:
            break
        os.close(descriptor)  # a holder removed this one: lock the file there now
    try:
        yield
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        finally:
            os.close(descriptor)  # closing releases the lock
