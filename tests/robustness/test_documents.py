"""Hostile documents: every one is refused or read within seconds and a few hundred MB.

Reading responses is about to become automatic (whatever arrives in a
mailbox), so a document is input from anyone. Each document here is made by
a generator in this file; each once hung foitrack, or took minutes or
gigabytes (issue 16). The classify-regex timings live with the classifier.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import zlib
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.cli.helpers import run

#: What one `foitrack classify` may use here: seconds of wall time and bytes
#: of address space (the interpreter, pypdf and cryptography take ~300 MB of it).
SECONDS = 20
MEMORY = 800_000_000


def classify_bounded(path: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """``foitrack classify PATH`` as a process that may not exceed the bounds
    (an unbounded read dies of MemoryError or the timeout instead of taking
    the machine with it)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "foitrack", "classify", str(path)],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=limit,
        env={**os.environ, "FOITRACK_DEBUG": ""},
    )
    return done, time.monotonic() - started


def assert_handled(done: subprocess.CompletedProcess[str]) -> None:
    """Read (exit 0) or refused with one line (exit 2): no crash, no MemoryError."""
    assert done.returncode in (0, 2), done.stderr
    if done.returncode == 2:
        assert done.stderr.startswith("foitrack: error: ") and done.stderr.count("\n") == 1


# --- generators -----------------------------------------------------------------


def pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies (numbered from 1; 1 is the catalog), xref and all."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, filters: bytes = b"/FlateDecode") -> bytes:
    return b"<< /Length %d /Filter %s >>\nstream\n" % (len(data), filters) + data + b"\nendstream"


def many_pages(pages: int = 3000, operations: int = 20_000) -> bytes:
    """~20 kB: thousands of pages sharing one stream of 600 kB of text drawing."""
    drawing = b"(Refused under section 12 ) Tj " * operations
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td " + drawing + b"ET", 9)
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join([b"3 0 R"] * pages) + b"] /Count %d >>" % pages,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def nested_streams(levels: int = 3, megabytes: int = 200) -> bytes:
    """Under a kilobyte: a stream compressed three times over (CVE-2025-55197)."""
    squeeze = zlib.compressobj(9)
    block = b" " * 1_000_000
    data = b"".join(squeeze.compress(block) for _ in range(megabytes)) + squeeze.flush()
    for _ in range(levels - 1):
        data = zlib.compress(data, 9)
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            stream(data, b"[" + b" ".join([b"/FlateDecode"] * levels) + b"]"),
        ]
    )


def encoded_word_subject(words: int = 50_000) -> bytes:
    """~900 kB: an email whose Subject is tens of thousands of encoded words."""
    subject = " ".join(["=?utf-8?q?ref=2D?="] * words)
    return (
        f"From: foi@police.example\r\nSubject: {subject}\r\nContent-Type: text/plain\r\n\r\n"
        "Your request is refused under section 12 of the Act.\r\n"
    ).encode()


LETTER = "We hold the information and it is refused under section 12 of the Act. "


# --- the cases ----------------------------------------------------------------------


def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "response.txt"
    os.mkfifo(fifo)
    done, took = classify_bounded(fifo)
    assert done.returncode == 2
    assert "is not a regular file" in done.stderr
    assert took < SECONDS


def test_a_device_is_refused(tmp_path: Path) -> None:
    done, _ = classify_bounded(Path("/dev/zero"))
    assert done.returncode == 2
    assert done.stderr == (
        "foitrack: error: /dev/zero is not a regular file (a pipe, a device or a folder): "
        "save the response as a file and give its name\n"
    )


def test_a_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(200_000_000)  # sparse: nothing is written
    result = run("classify", str(big))
    assert result.exit_code == 2
    assert result.stderr == (
        f"foitrack: error: {big} is 200.0 MB: foitrack reads a response of up to 20.0 MB; "
        "save the letter itself, without its annexes\n"
    )
    text = tmp_path / "long.txt"
    text.write_text(LETTER * 40_000)  # 2.9 MB of plain text
    result = run("classify", str(text))
    assert result.exit_code == 2
    assert "of text: foitrack reads a text or HTML response of up to 2.0 MB" in result.stderr


@pytest.mark.parametrize(
    "markup",
    [
        "<" * 1_900_000,
        "<p" * 900_000,
        "<script" * 270_000,
        "<style>x</style>" * 120_000,
    ],
    ids=["unclosed-lt", "unclosed-p", "unclosed-script", "many-styles"],
)
def test_html_is_read_in_linear_time(markup: str) -> None:
    from foitrack.intake.extract import html_to_text

    started = time.monotonic()
    html_to_text(LETTER + markup)
    assert time.monotonic() - started < 5  # 0.3-0.8 s here; quadratic took minutes


def test_a_pdf_of_thousands_of_pages_is_read_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "pages.pdf"
    path.write_bytes(many_pages())
    assert path.stat().st_size < 25_000
    done, took = classify_bounded(path)
    assert_handled(done)
    assert took < 12, took  # 3 s of extraction at most, then the classifier


def test_nested_compressed_streams_stop_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "nested.pdf"
    path.write_bytes(nested_streams())
    assert path.stat().st_size < 1_000
    done, _ = classify_bounded(path)
    assert done.returncode == 2
    assert "is not a readable PDF" in done.stderr


def test_an_aes_encrypted_pdf_with_an_empty_password_is_read(tmp_path: Path) -> None:
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    letter = FPDF()
    letter.add_page()
    letter.set_font("Helvetica", size=11)
    letter.multi_cell(0, 6, LETTER * 3)
    plain = tmp_path / "plain.pdf"
    letter.output(str(plain))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    result = run("classify", str(locked), "--json")
    assert result.exit_code == 0, result.stderr
    assert '"outcome": "refused"' in result.stdout.replace('":"', '": "')
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    with locked.open("wb") as handle:
        writer.write(handle)
    result = run("classify", str(locked))
    assert result.exit_code == 2
    assert "is encrypted with a password: save an unencrypted copy" in result.stderr


def test_an_email_with_a_subject_of_thousands_of_encoded_words(tmp_path: Path) -> None:
    path = tmp_path / "reply.eml"
    path.write_bytes(encoded_word_subject())
    done, took = classify_bounded(path)
    assert done.returncode == 2
    assert "its Subject header is" in done.stderr and "headers of up to 4,000" in done.stderr
    assert took < SECONDS


def test_an_email_in_the_unknown_8bit_charset(tmp_path: Path) -> None:
    raw = (
        b"From: foi@police.example\r\nSubject: FOI 123\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: text/plain; charset="unknown-8bit"\r\n'
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
    ) + (LETTER + "Caf\u00e9.").encode("cp1252")
    path = tmp_path / "reply.eml"
    path.write_bytes(raw)
    result = run("classify", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    assert "refused" in result.stdout


def test_an_email_attachment_in_an_unknown_charset(tmp_path: Path) -> None:
    message = EmailMessage()
    message["Subject"] = "FOI 123"
    message.set_content("See the attached letter.")
    message.add_attachment(LETTER.encode(), maintype="text", subtype="plain", filename="l.txt")
    raw = bytes(message).replace(
        b"Content-Type: text/plain\n", b"Content-Type: text/plain; charset=x-nonsense\n"
    )
    assert b"charset=x-nonsense" in raw
    path = tmp_path / "reply.eml"
    path.write_bytes(raw)
    result = run("classify", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    assert "refused" in result.stdout
