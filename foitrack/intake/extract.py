"""The text of a response, from whatever file it came in.

.txt and .md as they are; .html without its markup; .pdf from its text layer
(pypdf); .eml from its body and any text or PDF attachments. A file with no
text to read is bad input: a clear message, never a guess.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from foitrack.core.errors import FoitrackError

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".eml")


class UnreadableDocument(FoitrackError):
    """A response file foitrack cannot read text from."""


@dataclass(frozen=True, slots=True)
class Document:
    path: Path
    text: str
    #: "txt", "md", "html", "pdf" or "eml".
    kind: str


def read_document(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableDocument(f"no file {path}") from None
    except OSError as error:
        raise UnreadableDocument(f"cannot read {path}: {error.strerror}") from None
    if not data.strip():
        raise UnreadableDocument(f"{path} is empty")
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        text, kind = _pdf_text(data, path), "pdf"
    elif suffix == ".eml":
        text, kind = _email_text(data, path), "eml"
    elif suffix in (".html", ".htm"):
        text, kind = html_to_text(_decode(data, path)), "html"
    else:
        text, kind = _decode(data, path), ("md" if suffix == ".md" else "txt")
    text = _tidy(text)
    if len(text.split()) < 5:
        raise UnreadableDocument(f"{path} has no text to read ({len(text.split())} words)")
    return Document(path, text, kind)


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


_BLOCK = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h[1-6]|p|div|li|tr|h[1-6])\b[^>]*>", re.I)
_DROP = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    markup = _DROP.sub(" ", markup)
    markup = _BLOCK.sub("\n", markup)
    return html.unescape(_TAG.sub(" ", markup))


def _pdf_text(data: bytes, path: Path) -> str:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise UnreadableDocument(f"{path} is not a readable PDF: {error}") from None
    text = "\n".join(pages)
    if len(text.split()) < 5:
        raise UnreadableDocument(
            f"{path} has no text layer (a scanned image?): run it through OCR, or save "
            "the response as text"
        )
    return text


def _email_text(data: bytes, path: Path) -> str:
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.default).parsebytes(data)
    parts: list[str] = []
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        content = body.get_content()
        if body.get_content_subtype() == "html":
            content = html_to_text(content)
        parts.append(content)
    for attachment in message.iter_attachments():
        kind = attachment.get_content_type()
        name = attachment.get_filename() or ""
        if kind == "application/pdf" or name.lower().endswith(".pdf"):
            parts.append(_pdf_text(attachment.get_content(), Path(name or "attachment.pdf")))
        elif kind in ("text/plain", "text/markdown"):
            parts.append(attachment.get_content())
        elif kind == "text/html":
            parts.append(html_to_text(attachment.get_content()))
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
