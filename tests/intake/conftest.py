from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent.parent / "fixtures" / "responses"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))


def latin1(text: str) -> str:
    """The core PDF fonts are Latin-1: swap typographic marks for plain ones."""
    swaps = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
             "\u2014": "-", "\u00a0": " "}  # fmt: skip
    text = "".join(swaps.get(c, c) for c in text)
    return text.encode("latin-1", "replace").decode("latin-1")


def make_pdf(text: str, path: Path, *, pages: int = 1) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for _ in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 5, latin1(text))
    pdf.output(str(path))
    return path


@pytest.fixture
def pdf_maker():  # type: ignore[no-untyped-def]
    return make_pdf
