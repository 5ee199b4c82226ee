"""Letters for each exemption family, for FOISA, and when there is nothing to send."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run


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
        ("s24(2)", "ncnd", "public interest in confirming or denying whether the information"),
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


def test_review_of_a_failure_to_respond_says_so(ledger: Path, tmp_path: Path) -> None:
    body = tmp_path / "request.txt"
    body.write_text("Please tell me:\n\n1. How many deployments\n2. Their cost\n")
    added = run("add", "kent", "--title", "LFR", "--sent", "2025-04-14", "--body-file", str(body))
    assert added.exit_code == 0, added.stderr
    assert run("authorities", "set", "kent", "--email", "foi@kent.police.uk").exit_code == 0
    letter = draft("review", "1")
    # Received Mon 14 Apr 2025; 20 working days (Good Friday 18 Apr, Easter Monday
    # 21 Apr and 5 May off) -> Thu 15 May; to Fri 20 Jun: 16+9 = 25 working days late.
    assert letter.startswith("To: Kent Police <foi@kent.police.uk>\n")
    assert (
        "You have not responded to my request of Mon 14 Apr 2025, due on Thu 15 May 2025 "
        "(FOIA s10(1)); it is now 25 working days late." in letter
    )
    assert "    1. How many deployments\n    2. Their cost\n" in letter
    for filler in ("(no response)", "(none given)", "your response dated", "\n\n\n"):
        assert filler not in letter
    # FOIA fixes no review window for a failure to respond: no sentence about one.
    assert "I make this request within" not in letter


def test_review_names_the_window_and_the_lateness(ledger: Path) -> None:
    late = request("essex", ["responded", "--date", "2025-06-18", "--outcome", "refused"])
    letter = " ".join(draft("review", late).split())
    # Received Mon 14 Apr; day 20 is Thu 15 May; then 16 May (21), 19-23 May (26),
    # 26 May off, 27-30 May (30), 2-6 Jun (35), 9-13 Jun (40), 16-18 Jun (43).
    assert "came on working day 43 of the 20 the law allows (FOIA s10(1))" in letter
    # The s45 Code's 40 working days from Wed 18 Jun: 19 Jun-11 Jul is 17, Mon 14 Jul
    # (Boyne, NI) off, 15 Jul-1 Aug 14 more (31), Mon 4 Aug (Scotland) off, 5-15 Aug 9
    # more (40): Fri 15 Aug.
    assert (
        "within the 40 working days that FOIA s45 Code of Practice (2018) para 5.4 allows; "
        "the last day is Fri 15 Aug 2025" in letter
    )
    # A response of Mon 12 May stating 20 working days: 13-16 May (4), 19-23 (9), 26
    # off, 27-30 (13), 2-6 Jun (18), 9-10 Jun (20): Tue 10 Jun, earlier than the s45
    # Code's Tue 8 Jul, so that is the one named while it is open...
    stated = request(
        "kent",
        ["responded", "--date", "2025-05-12", "--outcome", "refused", "--window",
         "20 working days"],
    )  # fmt: skip
    letter = " ".join(draft("review", stated, "--today", "2025-06-02").split())
    assert (
        "within the 20 working days your response allows (FOIA s45 Code of Practice (2018) "
        "para 5.4 allows 40 working days, to Tue 8 Jul 2025); the last day is Tue 10 Jun 2025"
    ) in letter
    # ... and once it has passed, the law's window, still open, is the one named.
    letter = " ".join(draft("review", stated).split())
    assert (
        "within the 40 working days that FOIA s45 Code of Practice (2018) para 5.4 allows; "
        "the last day is Tue 8 Jul 2025" in letter
    )
    assert "came on working day" not in letter  # answered on time


def test_ncnd_review_argues_the_duty_to_confirm_or_deny(ledger: Path) -> None:
    request_id = request(
        "essex",
        ["responded", "--date", "2025-05-12", "--outcome", "ncnd", "--exemption", "s40(5)",
         "--exemption", "s31(3)"],
    )  # fmt: skip
    letter = " ".join(draft("review", request_id).split())
    assert "Neither confirming nor denying (s40(5), s31(3))" in letter
    assert "FOIA s2(1)(b)" in letter
    assert "anonymised" not in letter  # the personal-data disclosure ground
    assert "Law enforcement (s31(3))" not in letter


def test_foisa_letters_use_foisa_law(ledger: Path) -> None:
    request_id = request("police-scotland")
    chase = " ".join(draft("chase", request_id).split())
    assert "allows no extension of that time" in chase
    assert "ICO" not in chase and "outer limit" not in chase
    review = " ".join(draft("review", request_id).split())
    # Scotland: Good Friday and 5 May off, Easter Monday worked: day 20 is Wed 14 May.
    # FOISA s20(5), 40 working days on (26 May off): 15 May-6 Jun 16, 9 Jun-4 Jul 20
    # more (36), 7-10 Jul (40): Thu 10 Jul.
    assert (
        "within the 40 working days that FOISA s20(5) allows; the last day is Thu 10 Jul 2025"
        in review
    )
    assert "(FOISA s21(1))" in review
    refused = run("draft", "complaint", request_id)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "foitrack: error: request 1 has had no response: under the Freedom of Information "
        "(Scotland) Act 2002 the SIC needs an internal review of the failure to respond first "
        "(FOISA s20(5)): use 'foitrack draft review 1'\n"
    )
    shown = run("show", request_id, "--json")
    assert "long_overdue" not in shown.stdout
    assert "long overdue" not in run("show", request_id).stdout


def test_no_second_complaint(ledger: Path) -> None:
    request_id = request("kent", ["complained", "--date", "2025-06-02"])
    result = run("draft", "complaint", request_id)
    assert result.exit_code == 2
    assert result.stderr == (
        "foitrack: error: a complaint about request 1 was logged on Mon 2 Jun 2025: it is with "
        "the ICO; write to them about that case rather than drafting another\n"
    )


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


def test_a_review_letter_names_the_law_first_when_its_window_ends_first(ledger: Path) -> None:
    # Responded Mon 12 May 2025 stating "three months": to Tue 12 Aug. FOIA's 40
    # working days end Tue 8 Jul (May 13-16 (4), 19-23 (9), 26 May off, 27-30 (13),
    # Jun 2-6 (18), 9-13 (23), 16-20 (28), 23-27 (33), 30 Jun-4 Jul (38), 7 (39), 8 (40)).
    request_id = request(
        "essex",
        ["responded", "--date", "2025-05-12", "--outcome", "refused", "--exemption", "s31(1)",
         "--window", "three months"],
    )  # fmt: skip
    early = " ".join(draft("review", request_id, "--today", "2025-06-20").split())
    assert (
        "within the 40 working days that FOIA s45 Code of Practice (2018) para 5.4 allows "
        "(your response allows 3 months, to Tue 12 Aug 2025); the last day is Tue 8 Jul 2025"
    ) in early
    # Once the law's window has passed, the response's own is the one to name.
    late = " ".join(draft("review", request_id, "--today", "2025-07-10").split())
    assert "within the 3 months your response allows; the last day is Tue 12 Aug 2025" in late
