"""The text of a response, from whatever file it came in.

.txt and .md as they are; .html without its markup; .pdf from its text layer
(pypdf); .eml from its body and any text or PDF attachments. A file with no
text to read is bad input: a clear message, never a guess.

Documents may come from anyone who can send an email, so what is read is
bounded: regular files only (never a pipe or a device), at most
:data:`MAX_FILE_BYTES` (:data:`MAX_TEXT_BYTES` for plain text and HTML), the
first :data:`MAX_PDF_PAGES` pages of a PDF, as far as
:data:`MAX_PDF_CONTENT` bytes of decompressed drawing instructions and
:data:`MAX_PDF_SECONDS` of extraction go (a letter comes first), email
headers of at most :data:`MAX_HEADER` characters, and
:data:`MAX_TEXT_CHARS` characters of text in the end. Every pattern here is
linear in its input.
"""

from __future__ import annotations

import html
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foitrack.core.errors import FoitrackError

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".eml")

#: The largest file read at all: a PDF or an email with its attachments.
MAX_FILE_BYTES = 20_000_000
#: The largest plain text or HTML file: a response letter is tens of kB.
MAX_TEXT_BYTES = 2_000_000
#: Pages of a PDF read (the letter comes first; a bundle's annexes after it).
MAX_PDF_PAGES = 100
#: Decompressed drawing instructions read from a PDF's pages (pages after
#: the budget are left unread), and the most any one stream may decompress to.
MAX_PDF_CONTENT = 4_000_000
#: Seconds of text extraction from a PDF before the rest is left unread.
MAX_PDF_SECONDS = 3.0
#: The longest email header (unfolded) foitrack parses.
MAX_HEADER = 4_000
#: The text kept for classifying, whatever the source.
MAX_TEXT_CHARS = 200_000


class UnreadableDocument(FoitrackError):
    """A response file foitrack cannot read text from."""


@dataclass(frozen=True, slots=True)
class Document:
    path: Path
    text: str
    #: "txt", "md", "html", "pdf" or "eml".
    kind: str


def read_document(path: Path) -> Document:
    data = read_bounded(path)
    if not data.strip():
        raise UnreadableDocument(f"{path} is empty")
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        text, kind = _pdf_text(data, path), "pdf"
    elif suffix == ".eml":
        text, kind = _email_text(data, path), "eml"
    else:
        if len(data) > MAX_TEXT_BYTES:
            raise UnreadableDocument(
                f"{path} is {_size(len(data))} of text: foitrack reads a text or HTML "
                f"response of up to {_size(MAX_TEXT_BYTES)}; save the letter itself"
            )
        if suffix in (".html", ".htm"):
            text, kind = html_to_text(_decode(data, path)), "html"
        else:
            text, kind = _decode(data, path), ("md" if suffix == ".md" else "txt")
    text = _tidy(text[:MAX_TEXT_CHARS])
    if len(text.split()) < 5:
        raise UnreadableDocument(f"{path} has no text to read ({len(text.split())} words)")
    return Document(path, text, kind)


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES: a pipe, a
    device (``/dev/zero``) or a folder is refused before anything is read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise UnreadableDocument(f"no file {path}") from None
    except OSError as error:
        raise UnreadableDocument(f"cannot read {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableDocument(
                f"{path} is not a regular file (a pipe, a device or a folder): "
                "save the response as a file and give its name"
            )
        if info.st_size > MAX_FILE_BYTES:
            raise UnreadableDocument(
                f"{path} is {_size(info.st_size)}: foitrack reads a response of up to "
                f"{_size(MAX_FILE_BYTES)}; save the letter itself, without its annexes"
            )
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise UnreadableDocument(f"cannot read {path}: {error.strerror}") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise UnreadableDocument(f"{path} is larger than {_size(MAX_FILE_BYTES)}")
    return data


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(
            f"{path} is a binary file, not a response: use a .txt, .md, .html, .pdf or .eml file"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(f"{path} is not text in a known encoding")


# Linear: a tag never spans a "<", so an unclosed "<" costs one step, not a
# scan to the end of the document for each.
_BLOCK = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h[1-6]|p|div|li|tr|h[1-6])\b[^<>]*>", re.I)
_TAG = re.compile(r"<[^<>]*>")
_HIDDEN = re.compile(r"<(script|style|head)\b", re.I)
_HIDDEN_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "head")}


def _drop_hidden(markup: str) -> str:
    """Without script, style and head elements; one left open hides the rest
    (as in a browser). One pass: each end is looked for once, from its start."""
    kept: list[str] = []
    position = 0
    while (opened := _HIDDEN.search(markup, position)) is not None:
        kept.append(markup[position : opened.start()])
        kept.append(" ")
        closed = _HIDDEN_END[opened[1].lower()].search(markup, opened.end())
        if closed is None:
            return "".join(kept)
        position = closed.end()
    kept.append(markup[position:])
    return "".join(kept)


def html_to_text(markup: str) -> str:
    markup = _drop_hidden(markup)
    markup = _BLOCK.sub("\n", markup)
    return html.unescape(_TAG.sub(" ", markup))


def _pdf_text(data: bytes, path: Path) -> str:
    import io
    import logging

    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    limits: dict[str, Any] = {
        name: MAX_PDF_CONTENT
        for name in (
            "maximum_declared_stream_length",
            "array_based_stream_maximum_output_length",
            "jbig2_maximum_output_length",
            "lzw_maximum_output_length",
            "run_length_maximum_output_length",
            "zlib_maximum_output_length",
            "brotli_maximum_output_length",
            "image_maximum_buffer_size",
        )
    }
    pages: list[str] = []
    stopped = ""
    try:
        with apply_configuration(xform_maximum_invocations_per_extraction=200, **limits):
            reader = PdfReader(io.BytesIO(data))  # an empty password is tried
            content, deadline = 0, time.monotonic() + MAX_PDF_SECONDS

            def in_time(*_: Any) -> None:
                if time.monotonic() > deadline:
                    raise _OverBudget(f"more than {MAX_PDF_SECONDS:.0f} s of text extraction")

            for number, page in enumerate(reader.pages):
                if number == MAX_PDF_PAGES or sum(map(len, pages)) > MAX_TEXT_CHARS:
                    break
                content += _content_length(page)
                if content > MAX_PDF_CONTENT:
                    stopped = f"more than {_size(MAX_PDF_CONTENT)} of drawing instructions"
                    break
                pages.append(page.extract_text(visitor_operand_before=in_time) or "")
    except _OverBudget as error:
        stopped = str(error)
    except FileNotDecryptedError:
        raise UnreadableDocument(
            f"{path} is encrypted with a password: save an unencrypted copy to classify"
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise UnreadableDocument(f"{path} is not a readable PDF: {error}") from None
    text = "\n".join(pages)
    if stopped and len(text.split()) < 5:
        raise UnreadableDocument(
            f"{path}: its first page needs {stopped}, more than a letter; save the "
            "letter's text as a file"
        )
    if len(text.split()) < 5:
        raise UnreadableDocument(
            f"{path} has no text layer (a scanned image?): run it through OCR, or save "
            "the response as text"
        )
    return text


class _OverBudget(Exception):
    """A PDF needs more work than any letter does."""


def _content_length(page: Any) -> int:
    """The decompressed size of a page's drawing instructions (pypdf keeps the
    decoded stream, so text extraction does not decompress it again)."""
    contents = page.get_contents()
    return 0 if contents is None else len(contents.get_data())


class _HeaderTooLong(Exception):
    def __init__(self, name: str, length: int) -> None:
        super().__init__(name)
        self.name, self.length = name, length


def _bounded_policy() -> Any:
    """The modern email policy, refusing to parse a header longer than
    MAX_HEADER: the standard library's header parser needs memory far beyond
    the header's size for thousands of encoded words."""
    from email.policy import EmailPolicy, default

    class Bounded(EmailPolicy):
        def header_fetch_parse(self, name: str, value: str) -> Any:
            if len(value) > MAX_HEADER:
                raise _HeaderTooLong(name, len(value))
            return super().header_fetch_parse(name, value)

    return Bounded(**default.__dict__)


def _email_text(data: bytes, path: Path) -> str:
    from email.parser import BytesParser

    try:
        message = BytesParser(policy=_bounded_policy()).parsebytes(data)
        return _message_text(message, path)
    except _HeaderTooLong as error:
        raise UnreadableDocument(
            f"{path}: its {error.name} header is {error.length:,} characters long (foitrack "
            f"reads headers of up to {MAX_HEADER:,}); save the message's text as a file"
        ) from None
    except (LookupError, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise UnreadableDocument(f"{path} is not a readable email: {error}") from None


def _part_text(part: Any) -> str:
    """A text part's content; one in a charset Python does not know
    (``unknown-8bit``, a typo) read as UTF-8, else Windows-1252."""
    try:
        return str(part.get_content())
    except LookupError:
        payload = part.get_payload(decode=True) or b""
        try:
            return str(payload.decode("utf-8"))
        except UnicodeDecodeError:
            return str(payload.decode("cp1252", "replace"))


def body_text(message: Any) -> list[str]:
    """An email's body as text (plain preferred; HTML read as text, bounded),
    as a list of one part, or none when it has no body."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return []
    content = _part_text(body)
    if body.get_content_subtype() == "html":
        content = html_to_text(content[:MAX_TEXT_BYTES])
    return [content]


def _message_text(message: Any, path: Path) -> str:
    parts: list[str] = body_text(message)
    for attachment in message.iter_attachments():
        kind = attachment.get_content_type()
        name = attachment.get_filename() or ""
        if kind == "application/pdf" or name.lower().endswith(".pdf"):
            data = attachment.get_payload(decode=True)
            pdf = data if isinstance(data, bytes) else b""
            parts.append(_pdf_text(pdf, Path(name or "attachment.pdf")))
        elif kind in ("text/plain", "text/markdown"):
            parts.append(_part_text(attachment))
        elif kind == "text/html":
            parts.append(html_to_text(_part_text(attachment)[:MAX_TEXT_BYTES]))
        if sum(map(len, parts)) > MAX_TEXT_CHARS:
            break
    if not any(p.strip() for p in parts):
        raise UnreadableDocument(f"{path} has no body and no text or PDF attachment")
    date = message.get("Date")
    header = f"Date: {date}\n" if date else ""
    subject = message.get("Subject")
    header += f"Subject: {subject}\n" if subject else ""
    return header + "\n".join(parts)


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
