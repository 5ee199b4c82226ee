"""A request as an email: its Message-ID and its subject tag.

The subject tag is ``[FOI #12 k3f9q2]``: the request's number and a short
keyed hash of it, so a reply that keeps the subject finds its request, and a
message that only guesses a number ("[FOI #12]") does not. The key is 32
random bytes kept private beside the ledger (``mail.key`` in its documents
folder, created 0600 once); a new key only means older tags no longer match.
The folder's ``.gitignore`` names it, so a TOML ledger kept in git with its
documents never commits the key (the letters and messages still go in).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from base64 import b32encode
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from foitrack.core.errors import FoitrackError
from foitrack.core.request import Request

KEY_FILE = "mail.key"
#: foitrack's Message-IDs start so: a reply naming one is a reply to foitrack.
ID_PREFIX = "foitrack."
TAG = re.compile(r"\[FOI #(?P<id>\d{1,15}) (?P<code>[a-z2-7]{6})\]", re.IGNORECASE)


def key(documents: Path) -> bytes:
    """The ledger's tag key, made on first use (never through a link, never shared)."""
    path = documents / KEY_FILE
    try:
        value = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as error:
        raise FoitrackError(f"cannot read the mail key {path}: {error}") from None
    else:
        _ignored(documents)  # a key made by an earlier foitrack, without one
        return value
    documents.mkdir(mode=0o700, parents=True, exist_ok=True)
    value = secrets.token_bytes(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:  # another foitrack made it a moment ago
        return key(documents)
    _ignored(documents)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(value.hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return value


GITIGNORE = ".gitignore"
_IGNORE_LINE = f"/{KEY_FILE}"


def _ignored(documents: Path) -> None:
    """Make sure the documents folder's ``.gitignore`` names the key (added to
    a file the user keeps, never replacing it; never through a link)."""
    path = documents / GITIGNORE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError):
        return  # theirs and unreadable: left alone
    if any(line.strip() in (KEY_FILE, _IGNORE_LINE) for line in text.splitlines()):
        return
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError:
        return
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        lead = "\n" if text and not text.endswith("\n") else ""
        handle.write(f"{lead}# foitrack: the mail key is a secret: never commit it\n")
        handle.write(f"{_IGNORE_LINE}\n")


def code(secret: bytes, request_id: int) -> str:
    """Six letters and digits (30 bits) that only the key's holder can make."""
    digest = hmac.new(secret, f"request {request_id}".encode(), hashlib.sha256).digest()
    return b32encode(digest).decode("ascii")[:6].lower()


def tag(secret: bytes, request_id: int) -> str:
    return f"[FOI #{request_id} {code(secret, request_id)}]"


def tagged_request(secret: bytes, subject: str) -> int | None:
    """The request a subject's tag names, if the tag is genuine."""
    for found in TAG.finditer(subject):
        number = int(found["id"])
        if hmac.compare_digest(found["code"].lower(), code(secret, number)):
            return number
    return None


def mint_message_id(sender: str, request_id: int) -> str:
    domain = sender.rpartition("@")[2].strip(" >") or None
    return make_msgid(idstring=f"{ID_PREFIX}{request_id}", domain=domain)


def compose(request: Request, sender: str, recipient: str, secret: bytes) -> EmailMessage:
    """The request as its authority will read it: the tag, the title, the text."""
    message = EmailMessage()
    message["Subject"] = f"Freedom of Information request: {_one_line(request.title)} " + tag(
        secret, request.id
    )
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = mint_message_id(sender, request.id)
    body = request.body or request.title
    message.set_content(body.rstrip("\n") + "\n")
    return message


def _one_line(text: str) -> str:
    """Titles come from the ledger: never a second header through a line break."""
    return " ".join(text.split())[:150]
