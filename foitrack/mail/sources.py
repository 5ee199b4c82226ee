"""Where messages come from: .eml files, a Maildir, an mbox, an IMAP folder.

Every source is read-only (IMAP folders are opened read-only unless
``mark_seen`` asks otherwise) and yields :class:`Raw` messages, each at most
``MAX_FILE_BYTES`` read; a larger one yields its size and digest only. An
IMAP source also says where it was left (its cursor: UIDVALIDITY and the last
UID), so the next fetch asks only for what is new; an mbox says the byte
offset it read to (with hashes that tell a rewritten file); a Maildir skips
the file names the ledger already took.
"""

from __future__ import annotations

import contextlib
import hashlib
import mailbox
import os
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from foitrack.core.errors import FoitrackError, OperationFailed
from foitrack.intake.extract import MAX_FILE_BYTES


@dataclass(frozen=True, slots=True)
class Raw:
    """One message as it came: its bytes (None when too large to keep)."""

    data: bytes | None
    size: int
    digest: str
    #: Where it was found, for messages and notes ("Maildir new/1700.M1.host").
    label: str


def _read(handle: IO[bytes], label: str) -> Raw:
    """At most MAX_FILE_BYTES kept; the digest covers the whole message."""
    digest = hashlib.sha256()
    kept = bytearray()
    size = 0
    while chunk := handle.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
        if size <= MAX_FILE_BYTES:
            kept.extend(chunk)
    return Raw(bytes(kept) if size <= MAX_FILE_BYTES else None, size, digest.hexdigest(), label)


def of_bytes(data: bytes, label: str) -> Raw:
    if len(data) > MAX_FILE_BYTES:
        return Raw(None, len(data), hashlib.sha256(data).hexdigest(), label)
    return Raw(data, len(data), hashlib.sha256(data).hexdigest(), label)


def eml_files(paths: list[Path]) -> Iterator[Raw]:
    """Every file is checked before the first is read: a missing one among
    them is bad input, and nothing is taken from the others."""
    import stat

    for path in paths:
        try:
            info = os.stat(path)
        except OSError as error:
            raise FoitrackError(f"cannot read {path}: {error.strerror}") from None
        if not stat.S_ISREG(info.st_mode):
            raise FoitrackError(f"{path} is not a regular file (a pipe, a device or a folder)")
    return _read_files(paths)


def _read_files(paths: list[Path]) -> Iterator[Raw]:
    import stat

    for path in paths:
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as error:
            raise FoitrackError(f"cannot read {path}: {error.strerror}") from None
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise FoitrackError(f"{path} is not a regular file (a pipe, a device or a folder)")
            yield _read(handle, str(path))


def maildir(path: Path, taken: Container[str] = frozenset()) -> Iterator[Raw]:
    """Every message of the Maildir but those whose unique names are in
    ``taken`` (a mail client moving a message from new/ to cur/, or changing
    its flags, keeps its unique name)."""
    if not (path / "cur").is_dir() or not (path / "new").is_dir():
        raise FoitrackError(f"{path} is not a Maildir (it has no cur/ and new/ folders)")
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in sorted(box.keys()):
        if key in taken:
            continue
        try:
            with box.get_file(key) as handle:
                yield _read(handle, f"{path.name}/{key}")  # type: ignore[arg-type]
        except FileNotFoundError:
            continue  # moved or deleted by the mail client meanwhile


#: How much of an mbox the cursor's hashes cover, at its start and before
#: the offset read to: a file rewritten (a message deleted, compacted) differs.
_SAMPLE = 4096


class Mbox(Iterable[Raw]):
    """An mbox's messages from where the last fetch left it.

    Mail clients append to an mbox, so the cursor is the byte offset read to,
    with a hash of the file's first bytes and of the bytes before the offset.
    When the file is shorter than the offset or either hash differs (it was
    rewritten), it is read from the start again: the digests then keep any
    message from being taken twice. A message's bytes are those
    :class:`mailbox.mbox` gives (the ``From`` line left out, the blank line
    before the next one too), so its digest is the same however it was read.
    After the messages are read, :attr:`cursor` says where to start next time.
    """

    def __init__(self, path: Path, cursor: str | None = None) -> None:
        if not path.is_file():
            raise FoitrackError(f"no mbox file {path}")
        self.path = path
        self.start = self._resume(cursor)
        self.cursor: str | None = None

    def _resume(self, cursor: str | None) -> int:
        if not cursor:
            return 0
        offset_text, _, hashes = cursor.partition(":")
        try:
            offset = int(offset_text)
        except ValueError:
            return 0
        try:
            with open(self.path, "rb") as handle:
                if offset <= 0 or offset > os.fstat(handle.fileno()).st_size:
                    return 0
                return offset if self._hashes(handle, offset) == hashes else 0
        except OSError:
            return 0

    @staticmethod
    def _hashes(handle: IO[bytes], offset: int) -> str:
        handle.seek(0)
        head = handle.read(min(offset, _SAMPLE))
        handle.seek(max(0, offset - _SAMPLE))
        tail = handle.read(min(offset, _SAMPLE))
        return f"{hashlib.sha256(head).hexdigest()[:24]}:{hashlib.sha256(tail).hexdigest()[:24]}"

    def __iter__(self) -> Iterator[Raw]:
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 (closed below, after the cursor)
        except OSError as error:
            raise FoitrackError(f"cannot read {self.path}: {error.strerror}") from None
        with handle:
            yield from self._messages(handle)
            end = handle.tell()
            if end > 0:
                self.cursor = f"{end}:{self._hashes(handle, end)}"

    def _messages(self, handle: IO[bytes]) -> Iterator[Raw]:
        # mailbox.mbox's table of contents, line by line from self.start.
        handle.seek(self.start)
        position = self.start
        message: _Message | None = None
        for line in iter(handle.readline, b""):
            if line.startswith(b"From "):
                if message is not None:
                    yield message.raw()
                message = _Message(f"{self.path.name} at byte {position}")
            elif message is not None:
                message.add(line)
            position += len(line)
        if message is not None:
            yield message.raw()


class _Message:
    """One mbox message being read: its digest over every byte, its bytes
    kept up to MAX_FILE_BYTES; a blank line is held back, since the blank
    line before the next ``From`` line is not the message's."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.digest = hashlib.sha256()
        self.kept = bytearray()
        self.size = 0
        self.held: bytes | None = None

    def add(self, line: bytes) -> None:
        if self.held is not None:
            self._take(self.held)
            self.held = None
        if line == b"\n":
            self.held = line
        else:
            self._take(line)

    def _take(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        if self.size <= MAX_FILE_BYTES:
            self.kept.extend(data)

    def raw(self) -> Raw:
        data = bytes(self.kept) if self.size <= MAX_FILE_BYTES else None
        return Raw(data, self.size, self.digest.hexdigest(), self.label)


def mbox(path: Path, cursor: str | None = None) -> Mbox:
    return Mbox(path, cursor)


@dataclass(frozen=True, slots=True)
class ImapSettings:
    """The ``[inbox]`` table's IMAP keys."""

    host: str
    port: int
    security: str
    user: str
    folder: str
    password_command: str | None
    mark_seen: bool
    timeout: float

    @property
    def name(self) -> str:
        """The source's name in the ledger's cursors (no secret in it)."""
        return f"imap://{self.user}@{self.host}:{self.port}/{self.folder}"


PASSWORD_VARIABLE = "FOITRACK_IMAP_PASSWORD"


def imap_password(settings: ImapSettings) -> str:
    from foitrack.config import secret_from_command

    value = os.environ.get(PASSWORD_VARIABLE)
    if value:
        return value
    if settings.password_command is None:
        raise FoitrackError(
            f"no IMAP password: set {PASSWORD_VARIABLE} or inbox.password_command in config.toml"
        )
    return secret_from_command(settings.password_command, "inbox.password_command")


def imap(settings: ImapSettings, cursor: str | None) -> tuple[list[tuple[Raw, int]], str]:
    """New messages (each with its UID) since ``cursor``, and the new cursor.

    Everything is fetched before anything is recorded, over one connection
    bounded by ``timeout`` per read; TLS is required ("ssl" or "starttls"),
    and a server that does not offer STARTTLS when asked is refused, never
    spoken to in plaintext. Failures are one line, without the password.
    """
    import ssl

    from imapclient import IMAPClient  # type: ignore[import-untyped]
    from imapclient.exceptions import IMAPClientError, LoginError  # type: ignore[import-untyped]

    where = f"{settings.host}:{settings.port}"
    context = ssl.create_default_context()
    secret = imap_password(settings)
    client: Any = None
    try:
        client = IMAPClient(
            settings.host,
            port=settings.port,
            ssl=settings.security == "ssl",
            ssl_context=context,
            timeout=settings.timeout,
        )
        if settings.security == "starttls":
            if b"STARTTLS" not in client.capabilities():
                raise OperationFailed(
                    f"the IMAP server at {where} does not offer STARTTLS: foitrack will not "
                    'log in without TLS (set inbox.security = "ssl" if it offers that)'
                )
            client.starttls(context)
        client.login(settings.user, secret)
        selected = client.select_folder(settings.folder, readonly=not settings.mark_seen)
        validity = int(selected[b"UIDVALIDITY"])
        last = 0
        if cursor:
            old_validity, _, old_last = cursor.partition(":")
            if old_validity == str(validity):
                last = int(old_last or 0)
        uids = [u for u in client.search(["UID", f"{last + 1}:*"]) if u > last]
        fetched: list[tuple[Raw, int]] = []
        for start in range(0, len(uids), 50):
            batch = uids[start : start + 50]
            sizes = client.fetch(batch, ["RFC822.SIZE"])
            size_of = {u: int(sizes.get(u, {}).get(b"RFC822.SIZE", 0)) for u in batch}
            small = [u for u in batch if size_of[u] <= MAX_FILE_BYTES]
            bodies = client.fetch(small, ["BODY.PEEK[]"]) if small else {}
            for uid in batch:
                size = size_of[uid]
                label = f"{settings.folder} UID {uid}"
                if uid in bodies:
                    fetched.append((of_bytes(bytes(bodies[uid][b"BODY[]"]), label), uid))
                else:
                    digest = hashlib.sha256(f"{validity}:{uid}:{size}".encode()).hexdigest()
                    fetched.append((Raw(None, size, digest, label), uid))
            if settings.mark_seen and batch:
                client.add_flags(batch, [b"\\Seen"])
        newest = max(uids, default=last)
        return fetched, f"{validity}:{newest}"
    except OperationFailed:
        raise
    except LoginError:
        raise OperationFailed(
            f"the IMAP server at {where} refused the login for {settings.user}"
        ) from None
    except ssl.SSLError as error:
        raise OperationFailed(
            f"no secure connection to the IMAP server at {where}: {error.reason or error}"
        ) from None
    except TimeoutError:
        raise OperationFailed(f"the IMAP server at {where} did not answer in time") from None
    except IMAPClientError as error:
        told = _clean(error, secret)
        raise OperationFailed(f"the IMAP server at {where} failed: {told}") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise OperationFailed(f"cannot reach the IMAP server at {where}: {reason}") from None
    finally:
        if client is not None:
            try:
                client.logout()
            except Exception:
                with contextlib.suppress(Exception):
                    client.shutdown()


def _clean(error: Exception, secret: str) -> str:
    text = " ".join(str(error).split())[:200]
    return text.replace(secret, "***") if secret else text
