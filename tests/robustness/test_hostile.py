"""Hostile text round-trips exactly through every format and stays inert."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.helpers import run

HOSTILE = [
    'quote " apostrophe \' backslash \\ """triple"""',
    "line\nbreak\r\nwindows\rold-mac",
    "nul\x00byte and \x07bell \x1b[31mescape",
    "\u202eright-to-left override\u202c and \u05e9\u05dc\u05d5\u05dd",
    "x" * 10_000,
    '=HYPERLINK("http://evil.example","click")',
    "@SUM(1+1)",
    "-2+3",
    "\ttab first",
    "[[request]]\nid = 999",
    "emoji 🚓🔍 and ünïcödé",
]
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200
).filter(lambda t: t.strip())


def roundtrip(value: str, tmp_path: Path, suffix: str) -> None:
    import tempfile

    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # fresh for each hypothesis example
    ledger = tmp_path / f"ledger{suffix}"
    args = ["--ledger", str(ledger), "--today", "2025-06-20"]
    added = run("add", "essex", "--title", value, "--ref", value, "--tag", value,
                "--campaign", value, "--sent", "2025-04-14", *args)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    logged = run("log", "1", "responded", "--date", "2025-05-12", "--note", value, *args)
    assert logged.exit_code == 0, logged.stderr
    shown = json.loads(run("show", "1", "--json", *args).stdout)
    # A title is stored without the spaces around it; everything else exactly.
    assert shown["title"] == value.strip() and shown["their_ref"] == value
    assert shown["campaign"] == value and shown["tags"] == [value]
    assert shown["events"][0]["note"] == value
    other = ".toml" if suffix == ".db" else ".db"
    for fmt in ("toml", "json"):
        exported = tmp_path / f"out.{fmt}"
        assert run("export", "--format", fmt, "-o", str(exported), *args).exit_code == 0
        target = tmp_path / f"copy-{fmt}{other}"
        assert run("import", str(exported), "--ledger", str(target)).exit_code == 0
        again = json.loads(run("show", "1", "--json", "--ledger", str(target),
                               "--today", "2025-06-20").stdout)  # fmt: skip
        assert again == shown
    spreadsheet = tmp_path / "out.csv"
    assert run("export", "--format", "csv", "-o", str(spreadsheet), *args).exit_code == 0
    with spreadsheet.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    title = rows[1][rows[0].index("title")]
    stored = value.strip()
    assert title == ("'" + stored if stored[:1] in "=+-@\t\r" else stored)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("suffix", [".db", ".toml"])
def test_hostile_strings(value: str, suffix: str, tmp_path: Path) -> None:
    roundtrip(value, tmp_path, suffix)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=text, suffix=st.sampled_from([".db", ".toml"]))
def test_any_text(value: str, suffix: str, tmp_path: Path) -> None:
    roundtrip(value, tmp_path, suffix)


def test_icalendar_lines_are_folded_and_escaped(tmp_path: Path) -> None:
    from icalendar import Calendar

    ledger = tmp_path / "l.db"
    title = "Deployments; costs, arrests\\" + " and more" * 20
    run("add", "essex", "--title", title, "--ledger", str(ledger), "--today", "2025-03-10")
    out = tmp_path / "deadlines.ics"
    run("calendar", "-o", str(out), "--ledger", str(ledger), "--today", "2025-03-11")
    data = out.read_bytes()
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
    [event] = [
        e for e in Calendar.from_ical(data).walk("VEVENT") if "response_due" in str(e["uid"])
    ]
    assert str(event["summary"]) == f"FOI due: Essex Police — {title}"
    assert b"\\;" in data and b"\\," in data
