from __future__ import annotations

import json

import pytest

from tests.cli.helpers import run, run_process


def test_deadline_json_keys() -> None:
    result = run("deadline", "2025-03-10", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["regime"] == "foia"
    assert data["received"] == "2025-03-10"
    assert data["response_due"] == "2025-04-08"
    assert data["extended_due_max"] == "2025-05-09"
    assert data["long_overdue"] == "2025-05-09"
    assert data["rules"]["response_due"]["source"] == "FOIA s10(1)"
    st_patrick = next(d for d in data["explain"] if d["date"] == "2025-03-17")
    assert st_patrick == {
        "date": "2025-03-17",
        "working_day": None,
        "skipped": "Saint Patrick's Day (Northern Ireland): a bank holiday in part of the "
        "UK, FOIA s10(6)",
    }
    assert data["explain"][-1] == {"date": "2025-04-08", "working_day": 20, "skipped": None}
    assert "review_request_by" not in data


def test_deadline_with_response_adds_the_later_windows() -> None:
    result = run(
        "deadline", "10 March 2025", "--regime", "foisa", "--responded", "2025-04-01", "--json"
    )
    data = json.loads(result.stdout)
    assert data["response_due"] == "2025-04-07"
    assert data["extended_due_max"] is None
    assert data["responded"] == "2025-04-01"
    assert data["review_requested_assumed"] is True
    assert data["regulator"] == "Scottish Information Commissioner"
    for key in ("review_request_by", "review_response_due", "regulator_by"):
        assert data[key] is not None


def test_deadline_stated_window() -> None:
    result = run(
        "deadline", "2025-03-10", "--responded", "2025-04-02", "--window", "40 days", "--json"
    )
    assert json.loads(result.stdout)["review_request_by"] == "2025-05-12"


def test_deadline_human_output_and_explain() -> None:
    result = run("deadline", "08/03/2025", "--explain")
    assert result.exit_code == 0
    assert "Response due" in result.stdout
    assert "Mon 7 Apr 2025" in result.stdout
    assert "Saint Patrick's Day (Northern Ireland)" in result.stdout
    text = " ".join(result.stdout.split())
    # The other reading, said without calling it wrong: Mon 10 Mar as day 0 gives
    # 11-14 (4), St Patrick's Day off, 18-21 (8), 24-28 (13), 31 Mar-4 Apr (18),
    # 7 (19), Tue 8 Apr 2025 (20).
    assert "the Act counts the next working day, Mon 10 Mar 2025, as day 1" in text
    assert "Some authorities count that day as day 0 instead (a reading of the s45 Code" in text
    assert "which gives Tue 8 Apr 2025" in text
    assert "wrong" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["deadline", "31/02/2025"],
            "foitrack: error: '31/02/2025' is not a real date: use 2025-03-10, 10/03/2025 "
            "(day first), 10 March 2025, 10 Mar 2025 or 10th March 2025\n",
        ),
        (
            ["deadline", "1999-03-01"],
            "foitrack: error: '1999-03-01' is outside the supported years 2000-2050: "
            "check the year\n",
        ),
        (
            ["deadline", "2025-03-10", "--regime", "fisa"],
            "foitrack: error: unknown regime 'fisa': use one of foia, eir, foisa, eisr\n",
        ),
        (
            ["deadline", "2025-03-10", "--responded", "2025-04-01", "--window", "soon"],
            "foitrack: error: cannot read the review window 'soon': write it like "
            "'40 working days', '40 days', '6 weeks' or 'two months'\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_unknown_option_is_one_line() -> None:
    result = run("deadline", "2025-03-10", "--bogus")
    assert result.exit_code == 2
    assert result.stderr == (
        "foitrack: error: No such option: --bogus (see 'foitrack deadline --help')\n"
    )


def test_as_a_real_process() -> None:
    result = run_process("deadline", "2023-10-25", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["response_due"] == "2023-11-22"
    bad = run_process("deadline", "tomorrow")
    assert bad.exit_code == 2
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_version() -> None:
    from foitrack import __version__

    assert run("--version").stdout == f"foitrack {__version__}\n"
    assert run_process("--version").stdout == f"foitrack {__version__}\n"


def test_deadline_responded_follows_foisa_s20_5() -> None:
    # Received Mon 2 Mar 2026, answered in time on Mon 9 Mar: the review window
    # runs from day 20 (Mon 30 Mar) to Thu 28 May 2026, not from the answer (which
    # would end Wed 6 May); the review's answer, asked that day, is due Fri 26 Jun
    # (20 working days, Scotland's 15 Jun holiday skipped). Counted in
    # tests/core/test_lifecycle.py.
    result = run("deadline", "2026-03-02", "--regime", "foisa", "--responded", "2026-03-09",
                 "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["review_request_by"] == "2026-05-28"
    assert data["review_response_due"] == "2026-06-26"
    assert data["regulator"] == "Scottish Information Commissioner"
