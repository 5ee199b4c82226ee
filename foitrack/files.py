"""Writing files the way a ledger's owner would want: private and all at once.

Every file foitrack writes (a TOML ledger, an ``-o`` output, the calendar
cache) goes through :func:`write_private`: a fresh temporary file made by
``tempfile.mkstemp`` in the target's own folder (``O_CREAT | O_EXCL``, mode
0600, so a link or a file someone else planted at that name is never opened),
flushed to disk, then renamed over the target. Another user sharing the
folder can neither choose where the bytes go nor own the result.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from foitrack.core.errors import FoitrackError


class ReadOnlyFile(FoitrackError):
    """The target exists and its owner made it read-only."""


def target_of(path: Path) -> Path:
    """Where writing ``path`` should land: through a symbolic link (a ledger
    kept in a git checkout) to the file it names, if the link is ours; a link
    someone else planted is refused rather than followed."""
    hops = 0
    while True:
        try:
            info = path.lstat()
        except FileNotFoundError:
            return path
        except OSError as error:
            raise FoitrackError(f"cannot write {path}: {error.strerror}") from None
        if not stat.S_ISLNK(info.st_mode):
            return path
        if info.st_uid not in (os.getuid(), 0):
            raise FoitrackError(
                f"{path} is a link made by another user: foitrack will not write through "
                "it; remove it or write elsewhere"
            )
        hops += 1
        if hops > 40:
            raise FoitrackError(f"cannot write {path}: too many levels of symbolic links")
        path = path.parent / os.readlink(path)


def refuse_read_only(path: Path, info: os.stat_result | None = None) -> None:
    """Raise :class:`ReadOnlyFile` if the owner of ``path`` made it read-only
    (no write permission for anyone): even root's foitrack respects that."""
    try:
        info = info or path.stat()
    except OSError:
        return
    if not info.st_mode & 0o222:
        raise ReadOnlyFile(
            f"{path} is read-only (mode {stat.S_IMODE(info.st_mode):o}): foitrack has not "
            f"changed it; make it writable (chmod u+w {path}) if it should change"
        )


def write_private(
    path: Path,
    data: str | bytes,
    *,
    before_replace: Callable[[], None] | None = None,
    durable: bool = True,
) -> Path:
    """Write ``data`` to ``path`` all at once, readable by its owner alone (0600).

    A symbolic link at ``path`` is written through (see :func:`target_of`); a
    read-only target is refused (:class:`ReadOnlyFile`). ``before_replace``
    runs after the new content is on disk and just before the rename, and may
    raise to keep the old file. Returns the path written.
    """
    target = target_of(path)
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise FoitrackError(f"cannot write {path}: {error.strerror}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise FoitrackError(f"cannot write {path}: it is not a regular file")
    if info is not None:
        refuse_read_only(path, info)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    import tempfile

    try:
        descriptor, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise FoitrackError(f"cannot write {path}: {error.strerror}") from None
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise FoitrackError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@contextmanager
def file_lock(path: Path, timeout: float, busy: Callable[[], Exception]) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created 0600), waiting up to ``timeout``
    seconds; then raise ``busy()``. The lock dies with the process, so a
    killed foitrack never leaves it stuck.

    The file is removed when the lock is given up, so no ``.lock`` is left
    beside the ledger. It is removed while still held, and a process that gets
    the lock checks that the file it locked is still the one at ``path`` (not
    one a holder has since removed), else it starts again: two processes can
    never both hold it. It is never opened through a link: a lock file someone
    else planted is not followed.
    """
    import fcntl

    deadline = time.monotonic() + timeout
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as error:
            raise FoitrackError(f"cannot lock {path}: {error.strerror}") from None
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
                current = os.stat(path, follow_symlinks=False).st_ino
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
