"""Every field on every corpus document, and the same findings from PDF and email."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from foitrack.core.errors import FoitrackError
from foitrack.intake.classify import classify, expand_citation
from foitrack.intake.extract import read_document
from tests.intake.conftest import CORPUS, EXPECTED, make_pdf

FIELDS = (
    "outcome", "exemptions", "provisions", "ncnd", "their_ref", "date", "received",
    "review_window", "regime", "regulator", "is_review",
)  # fmt: skip


def expected(name: str) -> dict:  # type: ignore[type-arg]
    want = EXPECTED[name]
    defaults = {"exemptions": [], "provisions": [], "ncnd": False, "is_review": False}
    return {f: want.get(f, defaults.get(f)) for f in FIELDS}


def found(path: Path) -> dict:  # type: ignore[type-arg]
    result = classify(read_document(path).text).to_json()
    for key in ("exemptions", "provisions"):
        result[key] = sorted(result[key])
    return {f: result[f] for f in FIELDS}


def normalised(want: dict) -> dict:  # type: ignore[type-arg]
    return {
        **want,
        "exemptions": sorted(want["exemptions"]),
        "provisions": sorted(want["provisions"]),
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_field(name: str) -> None:
    assert found(CORPUS / name) == normalised(expected(name))


def test_the_corpus_is_big_and_varied() -> None:
    assert len(EXPECTED) >= 17
    outcomes = {EXPECTED[n]["outcome"] for n in EXPECTED}
    assert outcomes == {"granted", "partial", "refused", "not-held", "ncnd"}
    assert {EXPECTED[n].get("regime") for n in EXPECTED} >= {"foia", "foisa", "eir"}
    units = {EXPECTED[n].get("review_window", {}).get("unit") for n in EXPECTED}
    assert units >= {"working-days", "days", "months", None}


@pytest.mark.parametrize(
    "name", ["kent-s12-cost-s16.txt", "police-scotland-foisa.txt", "durham-ncnd-only.txt"]
)
def test_a_pdf_reads_as_its_text(name: str, tmp_path: Path) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    pdf = make_pdf(text, tmp_path / "response.pdf")
    assert found(pdf) == normalised(expected(name))


def test_an_email_with_the_response_as_a_pdf_attachment(tmp_path: Path) -> None:
    text = (CORPUS / "northumbria-2018-not-held-ncnd.txt").read_text(encoding="utf-8")
    pdf = make_pdf(text, tmp_path / "response.pdf")
    message = EmailMessage()
    message["Subject"] = "Your FOI request"
    message["Date"] = "Mon, 13 Aug 2018 09:12:00 +0100"
    message.set_content("Please find our response attached.")
    message.add_attachment(
        pdf.read_bytes(), maintype="application", subtype="pdf", filename="response.pdf"
    )
    eml = tmp_path / "reply.eml"
    eml.write_bytes(bytes(message))
    result = found(eml)
    assert result["outcome"] == "not-held"
    assert result["ncnd"] is True
    assert result["exemptions"] == ["s24(2)", "s31(3)"]


@pytest.mark.parametrize(
    ("citation", "expanded"),
    [
        ("40(2)(3)&(4)", ["40(2)", "40(3)", "40(4)"]),
        ("40(2)", ["40(2)"]),
        ("12(1)/12(2)", ["12(1)", "12(2)"]),
        ("31(1)(a)(b)", ["31(1)(a)", "31(1)(b)"]),
        ("30 and 31", ["30", "31"]),
        ("40(5)(b)(i)", ["40(5)(b)(i)"]),
    ],
)
def test_citations_expand(citation: str, expanded: list[str]) -> None:
    assert expand_citation(citation) == expanded


@pytest.mark.parametrize(
    ("text", "exemptions", "provisions"),
    [
        ("withheld under Section 40(2)(3)&(4) of the Act", ["s40(2)", "s40(3)", "s40(4)"], []),
        ("exempt under s.40(2) FOIA", ["s40(2)"], []),
        (
            "refused under Section 12(1); this is a notice under section 17(5)",
            ["s12(1)"],
            ["s17(5)"],
        ),
        ("Environmental Information Regulations 2004 regulation 12(5)(b)", ["reg12(5)(b)"], []),
    ],
)
def test_exemptions_and_provisions(text: str, exemptions: list[str], provisions: list[str]) -> None:
    result = classify(text).to_json()
    assert result["exemptions"] == exemptions
    assert result["provisions"] == provisions


def test_findings_carry_their_snippet() -> None:
    result = classify((CORPUS / "norfolk-not-held-40days.txt").read_text()).to_json(explain=True)
    assert "within 40 days of the date of this letter" in result["explain"]["review_window"]
    assert result["explain"]["their_ref"].endswith("Reference Number: FOI 000761/25")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02binary\x00" * 50, "is a binary file"),
        (b"ok", "has no text to read"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(FoitrackError, match=message):
        read_document(path)


def test_a_pdf_without_a_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100)  # a "scan": shapes, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(FoitrackError, match="has no text layer"):
        read_document(path)


def test_a_broken_pdf_and_an_email_without_a_body(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n this is not really a pdf")
    with pytest.raises(FoitrackError, match=r"is not a readable PDF|has no text layer"):
        read_document(broken)
    message = EmailMessage()
    message["Subject"] = "FOI"
    message.add_attachment(b"\x89PNG....", maintype="image", subtype="png", filename="x.png")
    eml = tmp_path / "empty.eml"
    eml.write_bytes(bytes(message))
    with pytest.raises(FoitrackError, match="has no body and no text or PDF attachment"):
        read_document(eml)
