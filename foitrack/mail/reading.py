"""What an incoming message is, read from its raw bytes.

Everything here is bounded the way :mod:`foitrack.intake.extract` bounds an
.eml file: headers of at most ``MAX_HEADER`` characters each, at most
:data:`MAX_PARTS_READ` attachments read (a message of a thousand parts costs
no more than one of ten), one level of a forwarded message, and the text cut
at ``MAX_TEXT_CHARS``. A message that cannot be read in part or whole is
still a message: what went wrong becomes its note, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from email.message import Message
from typing import Any

from foitrack.intake.extract import MAX_HEADER, MAX_TEXT_BYTES, MAX_TEXT_CHARS

#: Attachments read for text (a letter comes first; annexes after it).
MAX_PARTS_READ = 10


@dataclass
class Parsed:
    message_id: str = ""
    sender: str = ""
    address: str = ""
    subject: str = ""
    date: date | None = None
    #: In-Reply-To and References, in order.
    thread: tuple[str, ...] = ()
    auto_submitted: str = ""
    #: A delivery status report (a bounce), by its content type.
    report: bool = False
    text: str = ""
    notes: list[str] = field(default_factory=list)
    #: A bounce's raw text, where the returned message's headers stand.
    returned: str = ""


def parse(data: bytes) -> Parsed:
    """The headers and text of a raw message; problems go to ``notes``."""
    from email.parser import BytesParser
    from email.policy import compat32

    found = Parsed()
    try:
        # compat32 keeps header values as text (no structured parsing on read):
        # each is decoded below, after its length is checked.
        headers = BytesParser(policy=compat32).parsebytes(data, headersonly=True)
    except Exception as error:  # the parser is lenient; this is a last resort
        found.notes.append(f"the message's headers cannot be read ({type(error).__name__})")
        return found
    found.message_id = next(iter(_ids(_header(headers, "Message-ID", found))), "")
    found.sender = _header(headers, "From", found)
    found.address = _address(found.sender)
    found.subject = _header(headers, "Subject", found)
    found.date = _date(_header(headers, "Date", found), found)
    found.thread = tuple(
        _ids(_header(headers, "In-Reply-To", found)) + _ids(_header(headers, "References", found))
    )
    found.auto_submitted = " ".join(
        _header(headers, name, found).lower()
        for name in ("Auto-Submitted", "X-Autoreply", "X-Autorespond", "Precedence")
    ).strip()
    content_type = _header(headers, "Content-Type", found).lower()
    found.report = "multipart/report" in content_type and "delivery-status" in content_type
    found.text = _text(data, found)
    if found.report:
        found.returned = data[:200_000].decode("latin-1")
    return found


def _header(headers: Message, name: str, found: Parsed) -> str:
    from email.header import decode_header, make_header

    value = headers.get(name)
    if value is None:
        return ""
    text = str(value)
    if len(text) > MAX_HEADER:
        found.notes.append(f"its {name} header is {len(text):,} characters long: not read")
        return ""
    try:
        text = str(make_header(decode_header(text)))
    except (LookupError, ValueError, UnicodeError, TypeError):
        found.notes.append(f"its {name} header is in a charset foitrack cannot read")
    # One line, no control characters: it is shown on terminals and in tables.
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


_ID = re.compile(r"<[^<>\s]{1,250}>")


def _ids(value: str) -> list[str]:
    return _ID.findall(value)


def _address(sender: str) -> str:
    from email.utils import parseaddr

    return parseaddr(sender)[1].lower()


def _date(value: str, found: Parsed) -> date | None:
    from email.utils import parsedate_to_datetime
    from zoneinfo import ZoneInfo

    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        found.notes.append(f"its Date header {value[:60]!r} cannot be read")
        return None
    if moment.tzinfo is None:
        return moment.date()
    # The day it was in London: a letter sent at 00:30 BST is that day's.
    return moment.astimezone(ZoneInfo("Europe/London")).date()


def _text(data: bytes, found: Parsed) -> str:
    from email.parser import BytesParser

    from foitrack.intake.extract import (
        UnreadableDocument,
        _bounded_policy,
        _HeaderTooLong,
        _tidy,
    )

    try:
        message = BytesParser(policy=_bounded_policy()).parsebytes(data)
        parts = _message_parts(message, found, depth=0)
    except _HeaderTooLong as error:
        found.notes.append(f"a part's {error.name} header is {error.length:,} characters long")
        return ""
    except UnreadableDocument as error:
        found.notes.append(str(error))
        return ""
    except (LookupError, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        found.notes.append(f"the message is not readable MIME ({type(error).__name__})")
        return ""
    text = _tidy("\n".join(parts)[:MAX_TEXT_CHARS])
    if not text:
        found.notes.append("the message has no text to read (an image or a scan?)")
    return text


def _message_parts(message: Any, found: Parsed, depth: int) -> list[str]:
    from foitrack.intake.extract import (
        UnreadableDocument,
        _part_text,
        _pdf_text,
        body_text,
        html_to_text,
    )

    parts: list[str] = body_text(message)
    for number, attachment in enumerate(message.iter_attachments()):
        if number == MAX_PARTS_READ:
            found.notes.append(f"only its first {MAX_PARTS_READ} attachments were read")
            break
        kind = attachment.get_content_type()
        name = attachment.get_filename() or ""
        if kind == "message/rfc822" and depth == 0:
            # A forwarded message: its text is what was forwarded.
            inner = attachment.get_payload()
            if isinstance(inner, list) and inner:
                parts.extend(_message_parts(inner[0], found, depth + 1))
        elif kind == "application/pdf" or name.lower().endswith(".pdf"):
            try:
                payload = attachment.get_payload(decode=True)
                data = payload if isinstance(payload, bytes) else b""
                parts.append(_pdf_text(data, _name(name or "attachment.pdf")))
            except UnreadableDocument as error:
                found.notes.append(str(error))
        elif kind in ("text/plain", "text/markdown"):
            parts.append(_part_text(attachment))
        elif kind == "text/html":
            parts.append(html_to_text(_part_text(attachment)[:MAX_TEXT_BYTES]))
        if sum(map(len, parts)) > MAX_TEXT_CHARS:
            break
    return parts


def _name(name: str) -> Any:
    from pathlib import Path

    return Path(name.replace("/", "_")[:100])


_QUOTE_START = re.compile(
    r"^(?:-{2,}\s*original message\s*-{2,}|on .{0,200} wrote:|from: .*|>.*)$",
    re.IGNORECASE | re.MULTILINE,
)


_FORWARDED = re.compile(r"forwarded message|begin forwarded|^fwd?:", re.IGNORECASE | re.MULTILINE)


def reply_part(text: str) -> str:
    """The reply without what it quotes (our own request, say); a forwarded
    message keeps what was forwarded, which is the point of it."""
    if _FORWARDED.search(text[:3000]):
        return "\n".join(line for line in text.splitlines() if not line.startswith(">"))
    found = _QUOTE_START.search(text)
    return text[: found.start()] if found else text
