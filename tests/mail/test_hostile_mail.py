"""Point 7: whatever arrives, a clear note on the proposal, never a crash and
never a partial write."""

from __future__ import annotations

import json
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.cli.helpers import run

HEAD = (
    b"From: foi@essex.police.example\r\nTo: me@example.org\r\n"
    b"Date: Tue, 15 Apr 2025 09:00:00 +0100\r\n"
)


def _message(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "foi@essex.police.example"
    message["To"] = "me@example.org"
    message["Subject"] = subject
    message["Date"] = "Tue, 15 Apr 2025 09:00:00 +0100"
    message["Message-ID"] = f"<{subject.replace(' ', '-')}@essex.police.example>"
    return message


def malformed() -> bytes:
    return HEAD + (
        b'Subject: broken\r\nContent-Type: multipart/mixed; boundary="nope"\r\n\r\n'
        b"--elsewhere\r\nContent-Type: text/plain\r\n\r\nhalf a part"
    )


def unknown_charset() -> bytes:
    return HEAD + (
        b"Subject: =?x-klingon?q?qapla=E9?=\r\nContent-Type: text/plain; charset=x-klingon\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\nThank you for your request caf\xe9 \xff\xfe.\r\n"
    )


def nested() -> bytes:
    inner = _message("inner")
    inner.set_content("Decision: the information is not held by Essex Police.")
    for depth in range(30):
        outer = _message(f"level {depth}")
        outer.add_attachment(inner)
        inner = outer
    return inner.as_bytes()


def thousand_parts() -> bytes:
    message = _message("many parts")
    message.set_content("See the attachments.")
    for number in range(1000):
        message.add_attachment(f"part {number}".encode(), maintype="application",
                               subtype="octet-stream", filename=f"p{number}.bin")  # fmt: skip
    return message.as_bytes()


def huge_attachment() -> bytes:
    message = _message("huge")
    message.set_content("The bundle is attached.")
    message.add_attachment(b"\0" * 25_000_000, maintype="application", subtype="zip")
    return message.as_bytes()


def html_only() -> bytes:
    message = _message("html only")
    message.set_content(
        "<html><body><p>Decision: the information is <b>not held</b> by Essex Police."
        "</p></body></html>",
        subtype="html",
    )
    return message.as_bytes()


def pdf_only(text: str | None) -> Callable[[], bytes]:
    def make() -> bytes:
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        if text:
            pdf.set_font("helvetica", size=12)
            pdf.multi_cell(0, 10, text)
        else:
            pdf.rect(20, 20, 100, 100, style="F")  # a scan: shapes, no text layer
        message = _message("pdf only")
        message.add_attachment(bytes(pdf.output()), maintype="application",
                               subtype="pdf", filename="response.pdf")  # fmt: skip
        return message.as_bytes()

    return make


def long_header() -> bytes:
    return HEAD + b"Subject: " + b"=?utf-8?q?a?= " * 5000 + b"\r\n\r\nhello there\r\n"


CASES = {
    "malformed MIME": (malformed, None),
    "unknown charset": (unknown_charset, None),
    "nested message/rfc822": (nested, None),
    "a thousand parts": (thousand_parts, None),
    "a 25 MB attachment": (huge_attachment, "more than foitrack reads"),
    "HTML only": (html_only, None),
    "PDF only": (pdf_only("Decision: the information is not held by Essex Police."), None),
    "PDF without text": (pdf_only(None), "no text layer"),
    "a header too long": (long_header, "characters long"),
}


@pytest.mark.parametrize("name", CASES)
def test_every_message_becomes_a_proposal_with_a_note(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make, note = CASES[name]
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "ledger.db"))
    assert run("add", "essex", "--title", "LFR", "--sent", "2025-04-14").exit_code == 0
    path = tmp_path / "message.eml"
    path.write_bytes(make())

    done = run("inbox", "fetch", str(path), "--today", "2025-05-01")

    assert done.exit_code == 0, done.stderr
    [item] = json.loads(run("inbox", "--json").stdout)["items"]
    if note is not None:
        assert note in (item["note"] or "")
    assert item["status"] == "proposed"


def test_html_and_pdf_only_replies_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "ledger.db"))
    run("add", "essex", "--title", "LFR", "--sent", "2025-04-14")
    for name in ("HTML only", "PDF only"):
        path = tmp_path / f"{name}.eml"
        path.write_bytes(CASES[name][0]())
        assert run("inbox", "fetch", str(path), "--today", "2025-05-01").exit_code == 0
    items = json.loads(run("inbox", "--json").stdout)["items"]
    assert [(i["event"]["type"], i["event"]["outcome"]) for i in items] == [
        ("responded", "not-held"),
        ("responded", "not-held"),
    ]


def test_a_file_that_is_not_there_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "ledger.db"))
    run("add", "essex", "--title", "LFR", "--sent", "2025-04-14")
    good = tmp_path / "good.eml"
    good.write_bytes(html_only())

    done = run("inbox", "fetch", str(good), str(tmp_path / "missing.eml"))

    assert done.exit_code == 2
    assert done.stderr.startswith("foitrack: error: cannot read ")
    assert json.loads(run("inbox", "--json", "--all").stdout)["items"] == []
