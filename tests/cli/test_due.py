"""The daily check: every kind at its boundaries, on both backends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import run, run_process


@pytest.fixture
def today() -> None:
    """No FOITRACK_TODAY: each command here says its own --today."""
    return None


EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "lfr-2025.toml"


def due(today: str, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = run("due", "--json", "--today", today, *args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["today"] == today
    return data["items"]


def kinds(today: str, *args: str) -> list[tuple[int, str, str, int]]:
    return [(i["id"], i["kind"], i["date"], i["working_days"]) for i in due(today, *args)]


def add(*args: str) -> None:
    result = run("add", *args, "--today", "2025-06-20")
    assert result.exit_code == 0, result.stderr


def log(*args: str) -> None:
    result = run("log", *args, "--today", "2026-12-31")
    assert result.exit_code == 0, result.stderr


def test_due_soon_on_the_day_and_overdue_the_day_after(ledger: Path) -> None:
    add("essex", "--title", "LFR", "--sent", "2025-03-10")  # due Tue 8 April 2025
    assert kinds("2025-03-31") == []  # 6 working days left: outside --within 5
    assert kinds("2025-04-01") == [(1, "due-soon", "2025-04-08", 5)]
    assert kinds("2025-04-08") == [(1, "due-soon", "2025-04-08", 0)]
    assert kinds("2025-04-09") == [(1, "overdue", "2025-04-08", -1)]
    # Mar 21 (1); 24-28 (6); Mar 31-Apr 4 (11); 7 (12); 8 (13)
    assert kinds("2025-03-20", "--within", "15") == [(1, "due-soon", "2025-04-08", 13)]


def test_overdue_across_a_bank_holiday_and_foisa_beside_foia(ledger: Path) -> None:
    # Received Mon 14 April 2025: FOIA skips Good Friday, Easter Monday and
    # May Day (due Thu 15 May); FOISA counts Easter Monday (due Wed 14 May).
    add("essex", "police-scotland", "--title", "LFR", "--sent", "2025-04-14")
    assert kinds("2025-05-14") == [
        (2, "due-soon", "2025-05-14", 0),
        (1, "due-soon", "2025-05-15", 1),
    ]
    assert kinds("2025-05-15") == [
        (2, "overdue", "2025-05-14", -1),
        (1, "due-soon", "2025-05-15", 0),
    ]
    # Day 40 for Essex is Fri 13 June: long overdue from the 16th.
    items = due("2025-06-16")
    essex = next(i for i in items if i["id"] == 1)
    assert essex["long_overdue"] is True
    assert "complain to the ICO" in essex["action"]
    scotland = next(i for i in items if i["id"] == 2)
    assert "ask for an internal review by" in scotland["action"]


def test_review_window_and_regulator_window(ledger: Path) -> None:
    add("essex", "kent", "--title", "LFR", "--sent", "2025-03-10")
    log("1", "responded", "--date", "2025-04-02", "--outcome", "refused", "--exemption", "s12")
    log("2", "responded", "--date", "2025-04-02", "--outcome", "granted")
    # 40 working days after Wed 2 April 2025: Tue 3 June.
    assert kinds("2025-06-03") == [(1, "review-window", "2025-06-03", 0)]
    assert kinds("2025-06-04") == []
    log("1", "review-requested", "--date", "2025-04-10")
    assert kinds("2025-05-13") == []  # the review is due Tue 13 May
    assert kinds("2025-05-14") == [(1, "review-overdue", "2025-05-13", -1)]
    log("1", "review-responded", "--date", "2025-05-01", "--outcome", "refused")
    # Six weeks after the review's answer: Thu 12 June.
    assert kinds("2025-06-12") == [(1, "regulator-window", "2025-06-12", 0)]
    assert kinds("2025-06-13") == []
    log("1", "complained", "--date", "2025-06-01")
    assert kinds("2025-06-10") == []
    log("1", "decision", "--date", "2025-09-01", "--outcome", "refused")
    [item] = due("2025-09-29")
    assert (item["kind"], item["date"]) == ("regulator-window", "2025-09-29")
    assert "First-tier Tribunal" in item["action"]


def test_filters_and_fail_if_overdue(ledger: Path) -> None:
    add("essex", "--title", "A", "--sent", "2025-03-10", "--campaign", "one")
    add("kent", "--title", "B", "--sent", "2025-03-10", "--campaign", "two")
    assert [i["id"] for i in due("2025-04-09", "--campaign", "two")] == [2]
    assert [i["id"] for i in due("2025-04-09", "--authority", "essex")] == [1]
    assert run("due", "--today", "2025-04-09", "--fail-if-overdue").exit_code == 1
    assert run("due", "--today", "2025-04-01", "--fail-if-overdue").exit_code == 0


def test_quiet_prints_nothing_when_nothing_is_due(ledger: Path) -> None:
    add("essex", "--title", "A", "--sent", "2025-03-10")
    assert run("due", "--quiet", "--today", "2025-03-11").stdout == ""
    loud = run("due", "--today", "2025-03-11")
    assert "Nothing needs doing." in loud.stdout
    busy = run("due", "--quiet", "--today", "2025-04-09")
    assert "Overdue responses (1)" in busy.stdout
    assert "1 working day late" in busy.stdout


def test_no_command_shows_the_daily_check(ledger: Path) -> None:
    assert "Usage" in run().stdout  # no ledger yet: help
    add("essex", "--title", "A", "--sent", "2025-03-10")
    # FOITRACK_TODAY holds without option parsing too (the typer callback, the fast lane).
    for result in (run(env={"FOITRACK_TODAY": "2025-04-09"}),
                   run_process(env={"FOITRACK_TODAY": "2025-04-09"})):  # fmt: skip
        assert "the daily check for Wed 9 Apr 2025" in result.stdout
        assert "Overdue responses (1)" in result.stdout


def test_the_example_ledger(tmp_path: Path) -> None:
    copy = tmp_path / "lfr.toml"
    shutil.copy(EXAMPLE, copy)
    items = due("2025-06-20", "--ledger", str(copy))
    assert [(i["authority"], i["kind"]) for i in items] == [
        ("police-scotland", "overdue"),
        ("kent", "overdue"),
        ("greater-manchester", "review-overdue"),
        ("psni", "fee-window"),
        ("norfolk", "review-window"),
        ("northumbria", "review-window"),
        ("essex", "review-window"),
        ("west-midlands", "review-window"),
        ("hampshire", "regulator-window"),
    ]
    # PSNI's fees notice of Wed 30 Apr 2025: three months beginning with that day
    # run 30 Apr-29 May, 30 May-29 Jun, 30 Jun-29 Jul; the last day to pay is Tue 29 Jul.
    [fee] = [i for i in items if i["kind"] == "fee-window"]
    assert fee["date"] == "2025-07-29"
    assert fee["action"].startswith("pay the fee by Tue 29 Jul 2025 (FOIA s9(2))")
    assert copy.read_bytes() == EXAMPLE.read_bytes()


def test_due_as_a_process_under_crons_environment(tmp_path: Path) -> None:
    copy = tmp_path / "lfr.toml"
    shutil.copy(EXAMPLE, copy)
    bare = {"TZ": "", "TERM": "dumb", "FOITRACK_TODAY": "2025-06-20"}
    result = run_process("due", "--ledger", str(copy), env=bare)
    assert result.exit_code == 0, result.stderr
    assert "\033[" not in result.stdout
    assert "Overdue responses (2)" in result.stdout


def test_a_fee_to_pay_is_listed_until_its_last_day(ledger: Path) -> None:
    # Received Mon 2 Mar 2026; fees notice Thu 5 Mar. FOIA s9(2): three months
    # beginning with 5 Mar end on Thu 4 Jun 2026, the last day to pay.
    assert run("add", "essex", "--title", "LFR", "--sent", "2026-03-02", "--today",
               "2026-03-02").exit_code == 0  # fmt: skip
    log("1", "fee-notice", "--date", "2026-03-05")
    # Working days left on 5 Mar: Mar 6 (1), 9-13 (6), 16 (7), St Patrick's Day off,
    # 18-20 (10), 23-27 (15), 30 Mar-2 Apr (19), Good Friday and Easter Monday off,
    # 7-10 (23), 13-17 (28), 20-24 (33), 27 Apr-1 May (38), 4 May off, 5-8 (42),
    # 11-15 (47), 18-22 (52), 25 May off, 26-29 (56), Jun 1-4 (60).
    assert kinds("2026-03-05") == [(1, "fee-window", "2026-06-04", 60)]
    # On the last day it is still there, with nothing else due.
    assert kinds("2026-06-04") == [(1, "fee-window", "2026-06-04", 0)]
    text = run("due", "--today", "2026-06-04").stdout
    assert "Nothing needs doing" not in text
    assert "Fees and charges to pay (1)" in text
    assert "pay the fee by Thu 4 Jun 2026 (FOIA s9(2)), or the request lapses" in text
    # The day after, the request has lapsed: nothing left to do.
    assert kinds("2026-06-05") == []


def test_an_eir_charge_to_pay(ledger: Path) -> None:
    # EIR reg 8: 60 working days after Mon 2 Mar 2026 is Mon 1 Jun 2026 (counted
    # in tests/core/test_lifecycle.py).
    assert run("add", "essex", "--title", "Air quality", "--regime", "eir", "--sent",
               "2026-02-23", "--today", "2026-02-23").exit_code == 0  # fmt: skip
    log("1", "fee-notice", "--date", "2026-03-02")
    [item] = due("2026-05-29")
    assert (item["kind"], item["date"]) == ("fee-window", "2026-06-01")
    assert item["action"].startswith("pay the charge by Mon 1 Jun 2026 (EIR reg 8)")


def test_a_stated_window_and_the_default_in_the_daily_check(ledger: Path) -> None:
    # Response Wed 2 Apr 2025 stating "three months" (ends Wed 2 Jul); FOIA's 40
    # working days end Tue 3 Jun (counted in tests/core/test_lifecycle.py).
    add("essex", "--title", "LFR", "--sent", "2025-03-10")
    log("1", "responded", "--date", "2025-04-02", "--outcome", "refused",
        "--window", "three months")  # fmt: skip
    [item] = due("2025-05-30")
    assert (item["kind"], item["date"]) == ("review-window", "2025-06-03")
    assert item["action"] == (
        "ask for an internal review by Tue 3 Jun 2025 (the earlier of two windows; the "
        "other ends Wed 2 Jul 2025)"
    )
    [item] = due("2025-06-10")
    assert (item["kind"], item["date"]) == ("review-window", "2025-07-02")
    assert "the earlier of two windows closed Tue 3 Jun 2025" in item["action"]
    assert due("2025-07-03") == []


def test_today_is_a_point_in_time(ledger: Path) -> None:
    # Responded Wed 2 Apr 2025, then (later) a review, a complaint and a decision
    # on Mon 1 Sep. Asked "what was due on 23 May", none of what followed counts.
    add("essex", "--title", "LFR", "--sent", "2025-03-10")
    log("1", "responded", "--date", "2025-04-02", "--outcome", "refused")
    log("1", "review-requested", "--date", "2025-05-27")
    log("1", "review-responded", "--date", "2025-06-10", "--outcome", "refused")
    log("1", "complained", "--date", "2025-06-20")
    log("1", "decision", "--date", "2025-09-01", "--outcome", "refused")
    # On 23 May the review window was open: 40 working days after 2 Apr is Tue 3 Jun.
    assert kinds("2025-05-23") == [(1, "review-window", "2025-06-03", 6)]
    shown = json.loads(run("show", "1", "--json", "--today", "2025-05-23").stdout)
    assert shown["status"] == "responded"
    assert [e["type"] for e in shown["events"]] == ["responded"]
    assert shown["deadlines"].get("tribunal_by") is None
    [listed] = json.loads(run("list", "--json", "--today", "2025-05-23").stdout)["requests"]
    assert listed["status"] == "responded"
    stats = json.loads(run("stats", "--json", "--today", "2025-05-23").stdout)
    assert (stats["overall"]["reviews"], stats["overall"]["complaints"]) == (0, 0)
    exemptions = run("exemptions", "--json", "--today", "2025-05-23")
    assert exemptions.exit_code == 0, exemptions.stderr
    # Today, the tribunal window from the decision is what is left.
    later = kinds("2025-09-02")
    assert [(k[1], k[2]) for k in later] == [("regulator-window", "2025-09-29")]


TITLE = "Live facial recognition: deployments, costs and arrests"


def quiet_morning_campaign() -> None:
    """Every police body asked at once (49); two have answered, the rest are late.

    Received Mon 14 April 2025: FOIA responses were due Thu 15 May (Good Friday,
    Easter Monday and May Day skipped), FOISA's Wed 14 May (Easter Monday is a
    working day in Scotland).
    """
    add("all-police", "--title", TITLE, "--campaign", "lfr-2025", "--sent", "2025-04-14")
    log("1", "responded", "--date", "2025-05-12", "--outcome", "refused", "--exemption", "s31")
    log("2", "responded", "--date", "2025-05-12", "--outcome", "granted")


def screen_lines(text: str, columns: int = 80) -> int:
    """Lines on an 80-column terminal: a longer line wraps onto the next."""
    return sum(max(1, -(-len(line) // columns)) for line in text.splitlines())


def test_a_campaign_on_a_quiet_morning_fits_one_screen(ledger: Path) -> None:
    quiet_morning_campaign()
    result = run("due", "--today", "2025-05-22")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert screen_lines(text) < 40, text
    # 45 FOIA bodies share their state and next step: one block. Thu 22 May is
    # the 5th working day after Thu 15 May (16, 19, 20, 21, 22).
    assert "Overdue responses (47)" in text
    assert "  lfr-2025 — 45 requests  Thu 15 May 2025  5 working days late\n" in text
    assert "        Cambridgeshire, Cheshire, City of London, Cleveland, Cumbria,\n" in text
    assert "→ chase: FOIA s10(1) says it was due Thu 15 May 2025\n" in text
    assert "→ all 45 at once: foitrack draft chase --campaign lfr-2025\n" in text
    # The two Scottish bodies (FOISA: due a day earlier, another next step) are
    # their own block; the one refusal is on its own lines with its id.
    assert "  lfr-2025 — 2 requests  Wed 14 May 2025  6 working days late\n" in text
    assert "        Police Scotland, Scottish Police Authority\n" in text
    assert "Review windows open (1)\n  #1    Avon and Somerset Constabulary" in text
    assert text.count("→ all") == 2


def test_expand_shows_every_request_and_json_is_unchanged(ledger: Path) -> None:
    quiet_morning_campaign()
    expanded = run("due", "--today", "2025-05-22", "--expand").stdout
    assert "requests  Thu" not in expanded
    assert "→ all" not in expanded
    for request_id in (1, *range(3, 50)):
        assert f"  #{request_id:<4} " in expanded
    assert "#2 " not in expanded  # answered in full: nothing to do
    items = due("2025-05-22")
    assert len(items) == 48
    assert [i["kind"] for i in items].count("overdue") == 47
    assert due("2025-05-22", "--expand") == items


def test_a_block_with_different_dates_names_each(tmp_path: Path) -> None:
    copy = tmp_path / "lfr.toml"
    shutil.copy(EXAMPLE, copy)
    text = run("due", "--today", "2025-06-20", "--ledger", str(copy)).stdout
    assert (
        "  lfr-2025 — 2 requests\n"
        f"        {TITLE}\n"
        "        Essex (Tue 8 Jul), West Midlands (Thu 24 Jul)\n"
        "        → ask for an internal review by the date shown for each\n"
        "        → all 2 at once: foitrack draft review --campaign lfr-2025\n"
    ) in text
    # Norfolk and Northumbria stated windows of their own ("40 days", earlier than
    # the law's 40 working days): each keeps its own line and both dates. Norfolk
    # answered Tue 13 May 2025: 40 days end Sun 22 Jun; 40 working days end May 14-16
    # (3), 19-23 (8), 26 May off, 27-30 (12), Jun 2-6 (17), 9-13 (22), 16-20 (27),
    # 23-27 (32), 30 Jun-4 Jul (37), Jul 7 (38), 8 (39), Wed 9 Jul (40).
    assert "  #7    Norfolk Constabulary" in text
    assert "(the earlier of two windows; the other ends Wed 9 Jul 2025)" in text
    # Kent (FOIA, past day 40) and Police Scotland (FOISA) have their own next steps.
    assert "  #11   Police Scotland" in text
    assert "  #3    Kent Police" in text


def test_requests_without_a_campaign_are_never_grouped(ledger: Path) -> None:
    add("essex", "kent", "--title", "LFR", "--sent", "2025-03-10")
    text = run("due", "--today", "2025-04-09").stdout
    assert "  #1    Essex Police" in text
    assert "  #2    Kent Police " in text
    assert "requests" not in text


def test_a_campaign_name_cannot_break_the_block(ledger: Path) -> None:
    add("essex", "kent", "--title", "LFR", "--sent", "2025-03-10", "--campaign", "a\nb; rm")
    text = run("due", "--today", "2025-04-09").stdout
    assert "  a b; rm — 2 requests  Tue 8 Apr 2025  1 working day late\n" in text
    assert "→ all 2 at once: foitrack draft chase --campaign 'a b; rm'\n" in text


def test_foisa_has_no_long_overdue_tier(ledger: Path) -> None:
    # FOISA allows no extension, so there is no "outer limit even with one":
    # past day 40 a Scottish request is late, not "long overdue"; FOIA's is.
    add("police-scotland", "kent", "--title", "LFR", "--sent", "2025-03-10")
    items = {i["authority"]: i for i in due("2025-06-20")}
    assert items["police-scotland"]["long_overdue"] is False
    assert items["kent"]["long_overdue"] is True
    text = run("due", "--today", "2025-06-20", "--expand").stdout
    scottish = text[text.index("Police Scotland") :].splitlines()[0]
    assert "long overdue" not in scottish
