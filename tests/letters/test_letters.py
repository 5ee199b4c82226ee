"""Letters for each exemption family, for FOISA, and when there is nothing to send."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("FOITRACK_LEDGER", str(path))
    monkeypatch.setenv("FOITRACK_TODAY", "2025-06-20")
    return path


def request(authority: str = "essex", *events: list[str]) -> str:
    result = run("add", authority, "--title", "LFR deployments", "--sent", "2025-04-14", "--json")
    assert result.exit_code == 0, result.stderr
    request_id = str(__import__("json").loads(result.stdout)["ids"][0])
    for event in events:
        logged = run("log", request_id, *event)
        assert logged.exit_code == 0, logged.stderr
    return request_id


def draft(*args: str) -> str:
    result = run("draft", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_chase_and_the_firmer_chase(ledger: Path) -> None:
    request_id = request("kent")
    letter = draft("chase", request_id, "--today", "2025-05-20")
    assert "FOIA s10(1)" in letter
    assert "Thu 15 May 2025" in letter and "3 working days late" in letter
    firm = draft("chase", request_id)
    assert "25 working days late" in firm
    assert "beyond the 40 working days the ICO regards as the outer limit" in firm


@pytest.mark.parametrize(
    ("exemption", "outcome", "ground"),
    [
        ("s12(1)", "refused", "breakdown of how the estimate"),
        ("s12(1)", "refused", "Under section 16 you must also offer advice and assistance"),
        ("s14(1)", "refused", "I do not accept that this request is vexatious"),
        ("s40(2)", "partial", "anonymised or aggregated form"),
        ("s31(1)(a)", "refused", "Law enforcement (s31(1)(a))"),
        ("s43(2)", "refused", "Commercial interests (s43(2))"),
        ("s24(2)", "ncnd", "Please reconsider the balance in the light of what is already public"),
    ],
)
def test_review_grounds_by_exemption(
    ledger: Path, exemption: str, outcome: str, ground: str
) -> None:
    request_id = request(
        "essex",
        ["responded", "--date", "2025-05-12", "--outcome", outcome, "--exemption", exemption,
         "--ref", "21708"],
    )  # fmt: skip
    letter = draft("review", request_id)
    assert ground in " ".join(letter.split())
    assert "your reference 21708" in letter
    assert "the last day is Tue 8 Jul 2025" in letter


def test_review_of_not_held_asks_about_searches(ledger: Path) -> None:
    request_id = request("essex", ["responded", "--date", "2025-05-12", "--outcome", "not-held"])
    assert "what searches were made" in draft("review", request_id)


def test_foisa_review_and_complaint_use_scottish_law(ledger: Path) -> None:
    request_id = request(
        "police-scotland",
        ["responded", "--date", "2025-05-12", "--outcome", "refused", "--exemption", "s38(1)(b)"],
    )
    letter = " ".join(draft("review", request_id).split())
    assert "Freedom of Information (Scotland) Act 2002" in letter
    assert "Personal information (s38(1)(b))" in letter  # s38 is personal data in FOISA
    assert "FOISA s20(5)" in letter
    run("log", request_id, "review-requested", "--date", "2025-05-14")
    run("log", request_id, "review-responded", "--date", "2025-06-10", "--outcome", "refused")
    complaint = draft("complaint", request_id)
    assert complaint.startswith("To: Scottish Information Commissioner")
    assert "within the 6 months allowed (by Wed 10 Dec 2025, FOISA s47(4))" in complaint


def test_complaint_about_an_overdue_review_and_no_response(ledger: Path) -> None:
    request_id = request(
        "essex",
        ["responded", "--date", "2025-05-12", "--outcome", "refused"],
        ["review-requested", "--date", "2025-05-13"],
    )
    letter = draft("complaint", request_id)
    assert "It was due by Wed 11 Jun 2025" in letter and "is now 7 working days late" in letter
    silent = request("kent")
    assert "has not responded at all" in draft("complaint", silent)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chase", "1"], "request 1 is not overdue: the response is due Thu 15 May 2025"),
        (["review", "1"], "request 1 has no response to review yet, and is not overdue"),
        (
            ["complaint", "1"],
            "request 1 is not ready for a complaint: ask for an internal review first",
        ),
        (["thank", "1"], "unknown letter 'thank': use one of chase, review, complaint"),
        (["chase", "7"], "no request 7 in"),
    ],
)
def test_nothing_to_send(ledger: Path, args: list[str], message: str) -> None:
    request()
    result = run("draft", *args, "--today", "2025-05-01")
    assert result.exit_code == 2
    assert message in result.stderr


def test_user_templates_replace_the_shipped_ones(ledger: Path, isolated_home: Path) -> None:
    folder = isolated_home / "config" / "foitrack" / "templates"
    folder.mkdir(parents=True)
    (folder / "chase.txt").write_text("Chasing ${authority_name}, due ${due}. -- ${signature}\n")
    config = isolated_home / "config" / "foitrack" / "config.toml"
    config.write_text('[letters]\nsignature = "A. Journalist"\n')
    request_id = request("kent")
    assert draft("chase", request_id, "--today", "2025-05-20") == (
        "Chasing Kent Police, due Thu 15 May 2025. -- A. Journalist\n"
    )
    (folder / "chase.txt").write_text("Hello ${nobody}\n")
    result = run("draft", "chase", request_id, "--today", "2025-05-20")
    assert result.exit_code == 2
    assert "uses ${nobody}, which foitrack does not fill" in result.stderr


def test_draft_to_a_file(ledger: Path, tmp_path: Path) -> None:
    request_id = request("kent")
    out = tmp_path / "chase.txt"
    assert run("draft", "chase", request_id, "-o", str(out)).exit_code == 0
    assert out.read_text().startswith("To: Kent Police")
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_foisa_review_window_is_open_until_forty_days_after_day_20(ledger: Path) -> None:
    # Police Scotland, received Mon 2 Mar 2026, refused Mon 9 Mar (in time): FOISA
    # s20(5)(a) counts the 40 working days from day 20, Mon 30 Mar, to Thu 28 May 2026
    # (counted in tests/core/test_lifecycle.py). On Wed 20 May the window is open.
    added = run("add", "police-scotland", "--title", "LFR", "--sent", "2026-03-02",
                "--json", "--today", "2026-03-02")  # fmt: skip
    request_id = str(__import__("json").loads(added.stdout)["ids"][0])
    assert run("log", request_id, "responded", "--date", "2026-03-09", "--outcome", "refused",
               "--today", "2026-03-09").exit_code == 0  # fmt: skip
    letter = draft("review", request_id, "--today", "2026-05-20")
    assert "Thu 28 May 2026" in letter
    closed = run("draft", "review", request_id, "--today", "2026-05-29")
    assert closed.exit_code == 2
    assert "closed on Thu 28 May 2026" in closed.stderr
