"""Response documents kept with their ledger.

A copy of each letter ``respond`` reads is kept in a folder beside the
ledger, ``<ledger>.documents/<request id>/<file name>``, and the event records
the path relative to that folder (``12/response.pdf``). So two ledgers never
share request 12's folder, a TOML ledger committed to git with its folder
carries its letters, and ``export -o FILE`` / ``import FILE`` move them in
``FILE.documents/`` the same way.

Ledgers from before this kept documents in ``$XDG_DATA_HOME/foitrack/documents``
and recorded absolute paths: those are still found where they are, and
``export`` copies them into the exported folder with relative paths, so an
export and import moves an old ledger's letters in with it. The ledger itself
is never rewritten behind the user's back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath

from foitrack.core.errors import FoitrackError
from foitrack.core.request import Request


def folder_for(ledger_file: Path | str) -> Path:
    """The documents folder of the ledger (or ledger file) at ``ledger_file``."""
    path = Path(ledger_file)
    return path.with_name(f"{path.name}.documents")


def resolve(ledger_file: Path | str, stored: str) -> Path:
    """Where the document an event records is: relative paths in the ledger's
    folder, an absolute path (an older ledger's) as it is."""
    path = Path(stored)
    return path if path.is_absolute() else folder_for(ledger_file) / _safe(stored)


def _safe(stored: str) -> Path:
    """A relative path that stays inside the documents folder."""
    parts = PurePosixPath(stored.replace("\\", "/")).parts
    if not parts or any(part in ("..", "") for part in parts):
        raise FoitrackError(
            f"the document path {stored!r} leaves the documents folder: fix it in the ledger"
        )
    return Path(*parts)


def keep_copy(ledger_file: Path | str, source: Path, request_id: int) -> tuple[str, Path]:
    """A private copy of ``source`` for request ``request_id``: the relative path
    to record and the copy's full path (to take back if logging fails)."""
    from foitrack.intake.extract import read_bounded

    data = read_bounded(source)  # the same bounds as reading it: no pipe, no device
    folder = folder_for(ledger_file) / str(request_id)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target, number = folder / source.name, 1
    while not _create_private(target, data):
        number += 1
        target = folder / f"{source.stem}-{number}{source.suffix}"
    return f"{request_id}/{target.name}", target


def keep_message(ledger_file: Path | str, data: bytes, digest: str) -> tuple[str, Path | None]:
    """A raw message kept 0600 in the folder's ``mail/``, named by its digest:
    the relative path to record, and the file made (None when the same bytes
    were kept already, so nothing is to be taken back)."""
    folder = folder_for(ledger_file) / "mail"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"{digest[:24]}.eml"
    return f"mail/{target.name}", target if _create_private(target, data) else None


def _create_private(target: Path, data: bytes) -> bool:
    """Write ``data`` to ``target`` as a new file, private from the start and
    never through a link (O_EXCL, O_NOFOLLOW, 0600); False if it exists."""
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return True


def carry(
    requests: Iterable[Request],
    source_ledger: Path | str,
    target_ledger: Path | str,
    *,
    absolute: bool = True,
) -> tuple[list[Request], list[Path]]:
    """The requests with their documents copied from ``source_ledger``'s folder
    (or their absolute paths) to ``target_ledger``'s, under each request's id
    (its new one, after import --renumber), and recorded relative there. A
    document that cannot be found keeps its path as it was. Returns the
    requests and every file copied (to take back if what follows fails).

    ``absolute=False`` (import) leaves absolute paths alone: a file from
    elsewhere must not pick up whatever file of this machine it names.
    """
    copied: list[Path] = []
    result = []
    for request in requests:
        new_id = request.id
        events = []
        for event in request.events:
            if event.document and event.document.startswith(MAIL_FOLDER):
                # A message (one sent, or a reply recorded): kept by its digest
                # under mail/, where its record in the mail table names it too.
                copied.extend(carry_message(event.document, reader(source_ledger), target_ledger))
            elif event.document and (absolute or not Path(event.document).is_absolute()):
                found = resolve(source_ledger, event.document)
                if found.is_file():
                    target = _place(folder_for(target_ledger) / str(new_id), found)
                    if not target.exists():
                        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                        if not _create_private(target, found.read_bytes()):
                            raise FoitrackError(f"{target} appeared while copying: try again")
                        copied.append(target)
                    event = replace(event, document=f"{new_id}/{target.name}")
            events.append(event)
        result.append(replace(request, events=tuple(events)))
    return result, copied


#: Where raw messages are kept in a documents folder (named by their digest).
MAIL_FOLDER = "mail/"


def reader(ledger_file: Path | str) -> Callable[[str], bytes | None]:
    """What a ledger file's folder holds at a recorded path (None when nothing
    is there): the same question a server ledger answers for itself."""

    def read(stored: str) -> bytes | None:
        found = resolve(ledger_file, stored)
        return found.read_bytes() if found.is_file() else None

    return read


def carry_message(
    stored: str, read: Callable[[str], bytes | None], target_ledger: Path | str
) -> list[Path]:
    """Copy the raw message ``stored`` (``mail/<digest>.eml``), as ``read``
    gives it, into the other ledger's folder, same path (kept 0600); the file
    made, if any. Missing at the source, or already there (the same bytes:
    the name is their digest), nothing is copied."""
    target = resolve(target_ledger, stored)
    if target.exists():
        return []
    data = read(stored)
    if data is None:
        return []
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _create_private(target, data):
        return []  # another foitrack put the same message there a moment ago
    return [target]


def write_out(
    requests: Iterable[Request], read: Callable[[str], bytes | None], target_ledger: Path | str
) -> tuple[list[Request], list[Path]]:
    """As :func:`carry`, from a ledger that keeps its documents itself (a
    server's): ``read`` gives a recorded path's bytes, or None."""
    copied: list[Path] = []
    result = []
    for request in requests:
        events = []
        for event in request.events:
            if event.document and event.document.startswith(MAIL_FOLDER):
                # A message keeps its path (its record in the mail table names it).
                copied.extend(carry_message(event.document, read, target_ledger))
                events.append(event)
                continue
            data = read(event.document) if event.document else None
            if event.document and data is not None:
                folder = folder_for(target_ledger) / str(request.id)
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                name = PurePosixPath(event.document).name
                target, number = folder / _safe(name), 1
                while target.exists() and target.read_bytes() != data:
                    number += 1
                    target = folder / f"{target.stem}-{number}{target.suffix}"
                if not target.exists():
                    if not _create_private(target, data):
                        raise FoitrackError(f"{target} appeared while copying: try again")
                    copied.append(target)
                event = replace(event, document=f"{request.id}/{target.name}")
            events.append(event)
        result.append(replace(request, events=tuple(events)))
    return result, copied


def take_in(
    requests: Iterable[Request], source_ledger: Path | str, keep: Callable[[int, str, bytes], str]
) -> list[Request]:
    """The requests with the documents beside ``source_ledger`` (relative
    paths only) handed to ``keep`` (a server ledger's), recorded as it says."""
    result = []
    for request in requests:
        events = []
        for event in request.events:
            if event.document and event.document.startswith(MAIL_FOLDER):
                pass  # a message: kept with its record in the mail table, same path
            elif event.document and not Path(event.document).is_absolute():
                found = resolve(source_ledger, event.document)
                if found.is_file():
                    kept = keep(request.id, found.name, found.read_bytes())
                    event = replace(event, document=kept)
            events.append(event)
        result.append(replace(request, events=tuple(events)))
    return result


def _place(folder: Path, found: Path) -> Path:
    """Where ``found`` goes in ``folder``: its own name, the same file already
    there, or a free name (``response-2.pdf``) beside a different one."""
    import filecmp

    target, number = folder / found.name, 1
    while target.exists():
        if target.resolve() == found.resolve() or filecmp.cmp(target, found, shallow=False):
            return target
        number += 1
        target = folder / f"{found.stem}-{number}{found.suffix}"
    return target


def take_back(copied: Iterable[Path]) -> None:
    """Remove files :func:`carry` or :func:`keep_copy` made (and folders left empty)."""
    for path in copied:
        path.unlink(missing_ok=True)
        for folder in (path.parent, path.parent.parent):
            try:
                folder.rmdir()
            except OSError:
                break
