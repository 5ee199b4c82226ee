"""``classify`` and ``respond`` through the command line, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import digest, kept_documents, run
from tests.intake.conftest import CORPUS


@pytest.fixture
def ledger(ledger: Path) -> Path:
    """The shared ledger, with a request to Kent and one to GMP."""
    assert run("add", "kent", "gmp", "--title", "LFR", "--sent", "2025-04-14").exit_code == 0
    return ledger


def test_classify_json_keys() -> None:
    result = run("classify", str(CORPUS / "kent-s12-cost-s16.txt"), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == [
        "outcome", "exemptions", "provisions", "ncnd", "their_ref", "date", "received",
        "review_window", "regime", "regulator", "is_review", "unsure",
    ]  # fmt: skip
    assert data["unsure"] == []
    assert data["review_window"] == {"length": 40, "unit": "working-days"}
    explained = json.loads(
        run("classify", str(CORPUS / "kent-s12-cost-s16.txt"), "--json", "--explain").stdout
    )
    assert explained["explain"]["their_ref"] == "Our ref: FOI/2025/1187"
    human = run("classify", str(CORPUS / "kent-s12-cost-s16.txt"))
    assert "s12(1)" in human.stdout and "refused" in human.stdout


def test_respond_logs_the_response_with_a_copy(ledger: Path, isolated_home: Path) -> None:
    result = run("respond", "1", "--file", str(CORPUS / "kent-s12-cost-s16.txt"), "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    [event] = shown["events"]
    assert event["type"] == "responded"
    assert event["date"] == "2025-05-14"
    assert event["outcome"] == "refused"
    assert event["exemptions"] == ["s12(1)"]
    assert event["ref"] == "FOI/2025/1187"
    assert event["window"] == "40 working days"
    assert event["actor"] == "reporter"  # who ran respond (LOGNAME)
    # Kept beside the ledger, recorded relative to its documents folder.
    assert event["document"] == "1/kent-s12-cost-s16.txt"
    copy = Path(event["document_path"])
    assert copy == ledger.with_name(f"{ledger.name}.documents") / "1" / "kent-s12-cost-s16.txt"
    assert copy.read_bytes() == (CORPUS / "kent-s12-cost-s16.txt").read_bytes()
    assert copy.stat().st_mode & 0o777 == 0o600
    assert not (isolated_home / "data" / "foitrack" / "documents").exists()
    assert shown["status"] == "responded"


def test_respond_to_a_pending_review_logs_its_answer(ledger: Path) -> None:
    run("log", "2", "responded", "--date", "2025-05-14", "--outcome", "refused")
    run("log", "2", "review-requested", "--date", "2025-05-20")
    result = run("respond", "2", "--file", str(CORPUS / "gmp-review-upheld.txt"), "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    event = json.loads(result.stdout)["events"][-1]
    assert (event["type"], event["outcome"], event["date"]) == (
        "review-responded",
        "refused",
        "2025-06-12",
    )


def test_flags_override_what_was_read(ledger: Path) -> None:
    result = run(
        "respond", "1", "--file", str(CORPUS / "kent-s12-cost-s16.txt"), "--yes", "--json",
        "--outcome", "partial", "--exemption", "Section 40(2)", "--date", "2025-05-15",
    )  # fmt: skip
    event = json.loads(result.stdout)["events"][0]
    assert (event["outcome"], event["exemptions"], event["date"]) == (
        "partial",
        ["s40(2)"],
        "2025-05-15",
    )


def test_without_yes_and_without_a_terminal_nothing_is_logged(ledger: Path) -> None:
    before = digest(ledger)
    result = run("respond", "1", "--file", str(CORPUS / "kent-s12-cost-s16.txt"))
    assert (result.exit_code, result.stderr) == (
        2,
        "foitrack: error: respond asks before logging: add --yes to log without asking\n",
    )
    assert digest(ledger) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x00\xff\x00binary" * 100, "is a binary file, not a response"),
    ],
)
def test_bad_files_log_nothing(
    ledger: Path, tmp_path: Path, isolated_home: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = digest(ledger)
    result = run("respond", "1", "--file", str(bad), "--yes")
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert digest(ledger) == before
    assert not kept_documents(ledger)


def test_an_event_out_of_order_leaves_no_copy(ledger: Path, isolated_home: Path) -> None:
    # A review's answer for a request with no review pending, dated before receipt.
    result = run(
        "respond", "1", "--file", str(CORPUS / "kent-s12-cost-s16.txt"), "--yes",
        "--date", "2025-04-01",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "before the request was received" in result.stderr
    assert not kept_documents(ledger)


def _letter(tmp_path: Path, text: str, name: str = "letter.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_an_ncnd_letter_is_logged_as_ncnd_on_its_own_date(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A 2018 letter: logged on its own date, not today; its NCND kept, so the
    # review argues confirming or denying, not disclosure.
    monkeypatch.setenv("FOITRACK_TODAY", "2018-08-20")
    assert run("add", "northumbria", "--title", "ANPR", "--sent", "2018-07-16").exit_code == 0
    letter = str(CORPUS / "northumbria-2018-not-held-ncnd.txt")
    result = run("respond", "3", "--file", letter, "--yes", "--json")
    assert result.exit_code == 0, result.stderr
    event = json.loads(result.stdout)["events"][-1]
    assert (event["date"], event["outcome"], event["exemptions"]) == (
        "2018-08-13",
        "ncnd",
        ["s24(2)", "s31(3)"],
    )
    assert event["note"] == "neither confirmed nor denied; the letter also reads not-held"
    review = run("draft", "review", "3")
    assert "neither confirm nor deny whether the information is held" in review.stdout


def test_a_letter_dated_before_the_request_is_refused(ledger: Path) -> None:
    before = digest(ledger)
    letter = str(CORPUS / "northumbria-2018-not-held-ncnd.txt")
    result = run("respond", "1", "--file", letter, "--yes")
    assert (result.exit_code, result.stderr) == (
        2,
        "foitrack: error: the letter is dated 2018-08-13, before the request was received "
        "(2025-04-14): check it is the right file, or give the response's date with --date\n",
    )
    assert digest(ledger) == before


def test_the_same_letter_twice_is_refused(ledger: Path) -> None:
    letter = str(CORPUS / "kent-s12-cost-s16.txt")
    assert run("respond", "1", "--file", letter, "--yes").exit_code == 0
    before = digest(ledger)
    again = run("respond", "1", "--file", letter, "--yes")
    assert (again.exit_code, again.stderr) == (
        2,
        "foitrack: error: kent-s12-cost-s16.txt is already logged for request 1 "
        "(responded on 2025-05-14): nothing logged\n",
    )
    assert digest(ledger) == before


def test_no_exemptions_clears_those_read(ledger: Path) -> None:
    letter = str(CORPUS / "kent-s12-cost-s16.txt")
    result = run("respond", "1", "--file", letter, "--yes", "--json", "--no-exemptions")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["events"][0]["exemptions"] == []
    both = run("respond", "2", "--file", letter, "--yes", "--no-exemptions", "--exemption", "s12")
    assert both.exit_code == 2 and "contradict" in both.stderr


def test_an_unknown_section_is_refused_with_a_hint(ledger: Path) -> None:
    before = digest(ledger)
    letter = str(CORPUS / "kent-s12-cost-s16.txt")
    result = run("respond", "1", "--file", letter, "--yes", "--exemption", "section 99")
    assert (result.exit_code, result.stderr) == (
        2,
        "foitrack: error: s99 is not an exemption (FOIA's exemptions are s12, s14 and s21 to "
        "s44): give the one the letter relies on, or --no-exemptions\n",
    )
    assert digest(ledger) == before
    assert not kept_documents(ledger)


def test_what_is_unsure_is_said(ledger: Path, tmp_path: Path) -> None:
    # No outcome, no date of its own: logged with --yes, but never silently.
    letter = _letter(tmp_path, "Thank you for your request about cameras.\n")
    result = run("respond", "1", "--file", letter, "--yes", "--json")
    assert result.exit_code == 0
    assert result.stderr == (
        "foitrack: unsure: no outcome read from the letter: give it with --outcome\n"
        "foitrack: unsure: no date of its own in the letter: today is used (--date to set it)\n"
    )
    event = json.loads(result.stdout)["events"][0]
    assert (event["outcome"], event["date"]) == (None, "2025-06-20")


def test_an_inferred_exemption_is_marked_unsure(tmp_path: Path) -> None:
    letter = _letter(
        tmp_path,
        "Date: 2 June 2025\n\nWe will not be able to answer your request without exceeding "
        "the appropriate limit of £450.\n",
    )
    data = json.loads(run("classify", letter, "--json").stdout)
    assert (data["outcome"], data["exemptions"], data["regime"]) == ("refused", ["s12"], "foia")
    assert data["unsure"] == ["exemptions", "regime"]
    assert "s12 (unsure)" in run("classify", letter).stdout


def test_acknowledged_ref_becomes_the_requests_reference(ledger: Path) -> None:
    assert run("log", "1", "acknowledged", "--ref", "FOI/2025/0141").exit_code == 0
    assert json.loads(run("show", "1", "--json").stdout)["their_ref"] == "FOI/2025/0141"
    # One it already has is kept.
    run("log", "1", "chased", "--ref", "OTHER-1")
    assert run("log", "1", "acknowledged", "--ref", "LATER-2").exit_code == 0
    assert json.loads(run("show", "1", "--json").stdout)["their_ref"] == "FOI/2025/0141"
