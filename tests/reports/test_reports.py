"""Reports on a small ledger whose figures are worked out by hand below."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

from tests.cli.helpers import run

TODAY = "2025-06-20"


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def known_ledger() -> None:
    """Five requests received Mon 10 March 2025 (FOIA due Tue 8 April):

    1 essex: answered Wed 2 Apr, refused s12(1): 16 working days, on time;
      review asked 3 Apr, answered 30 Apr granted (the outcome changed).
    2 essex: answered Thu 10 Apr, partial s40(2): 22 working days, late.
    3 kent: answered Tue 8 Apr, granted: 20 working days, on time (the due date).
    4 kent: no answer: overdue, and past day 40 (Fri 9 May): long overdue.
    5 met: answered Tue 18 Mar, not held: 5 working days (Mon 17 March, St
      Patrick's Day, is skipped); review upheld; complaint to the ICO.
    """
    # (A second request to a force the same day is told apart by its title.)
    for authority, title in [
        ("essex", "LFR"), ("essex", "LFR (second)"), ("kent", "LFR"), ("kent", "LFR (second)"),
        ("met", "LFR"),
    ]:  # fmt: skip
        ok("add", authority, "--title", title, "--sent", "2025-03-10", "--campaign", "lfr")
    ok(
        "log",
        "1",
        "responded",
        "--date",
        "2025-04-02",
        "--outcome",
        "refused",
        "--exemption",
        "s12(1)",
    )
    ok("log", "1", "review-requested", "--date", "2025-04-03")
    ok("log", "1", "review-responded", "--date", "2025-04-30", "--outcome", "granted")
    ok(
        "log",
        "2",
        "responded",
        "--date",
        "2025-04-10",
        "--outcome",
        "partial",
        "--exemption",
        "s40(2)",
    )
    ok("log", "3", "responded", "--date", "2025-04-08", "--outcome", "granted")
    ok("log", "5", "responded", "--date", "2025-03-18", "--outcome", "not-held")
    ok("log", "5", "review-requested", "--date", "2025-03-20")
    ok("log", "5", "review-responded", "--date", "2025-04-10", "--outcome", "not-held")
    ok("log", "5", "complained", "--date", "2025-04-20")


def test_stats_worked_by_hand(ledger: Path) -> None:
    known_ledger()
    data = json.loads(ok("stats", "--json"))
    by = {a["authority"]: a for a in data["authorities"]}
    essex, kent, met = by["essex"], by["kent"], by["met"]
    # Essex: 2 answered, 1 on time; days 16 and 22: median 19, 90th (nearest rank) 22.
    assert (essex["requests"], essex["answered"], essex["answered_on_time"]) == (2, 2, 1)
    assert (essex["on_time_percent"], essex["on_time_of"]) == (50.0, 2)
    assert (essex["median_working_days"], essex["p90_working_days"]) == (19.0, 22.0)
    assert essex["outcomes"] == {"granted": 0, "partial": 1, "refused": 1, "not-held": 0, "ncnd": 0}
    assert (essex["reviews"], essex["reviews_changed"], essex["reviews_changed_percent"]) == (
        1,
        1,
        100.0,
    )
    assert essex["top_exemptions"] == ["s12(1)", "s40(2)"]
    # Kent: 1 answered on its due date (on time), 1 overdue past day 40, which counts
    # as late: 1 on time of 2.
    assert (kent["answered"], kent["answered_on_time"], kent["median_working_days"]) == (1, 1, 20.0)
    assert (kent["overdue_now"], kent["long_overdue"], kent["open"]) == (1, 1, 1)
    assert (kent["on_time_percent"], kent["on_time_of"]) == (50.0, 2)
    # Met: 5 working days; its review did not change the outcome; one complaint.
    assert (met["median_working_days"], met["reviews_changed"], met["complaints"]) == (5.0, 0, 1)
    # Worst on-time rate first; between Essex and Kent (50% each), Kent's unanswered one.
    assert [a["authority"] for a in data["authorities"]] == ["kent", "essex", "met"]
    overall = data["overall"]
    assert (overall["requests"], overall["answered"], overall["answered_on_time"]) == (5, 4, 3)
    # 3 on time of the 4 answered and the 1 unanswered past due.
    assert (overall["on_time_percent"], overall["on_time_of"], overall["open"]) == (60.0, 5, 1)
    # Days 5, 16, 20, 22: median 18, 90th by nearest rank 22.
    assert (overall["median_working_days"], overall["p90_working_days"]) == (18.0, 22.0)
    human = ok("stats")
    assert "Essex Police" in human and "All authorities" in human
    assert "5 requests: 4 answered (3 on time), 1 still open (1 overdue)." in human
    assert "60% of 5" in human


def test_stats_never_answered_comes_first(ledger: Path) -> None:
    # Both received Mon 10 Mar, due Tue 8 Apr: Sussex never answered, Norfolk answered
    # late on Thu 10 Apr. Both 0% on time; the force that never answered comes first.
    for authority in ("norfolk", "sussex"):
        ok("add", authority, "--title", "LFR", "--sent", "2025-03-10")
    ok("log", "1", "responded", "--date", "2025-04-10", "--outcome", "granted")
    data = json.loads(ok("stats", "--json"))
    assert [(a["authority"], a["on_time_percent"]) for a in data["authorities"]] == [
        ("sussex", 0.0),
        ("norfolk", 0.0),
    ]


def test_stats_filters(ledger: Path) -> None:
    known_ledger()
    ok("add", "kent", "--title", "Other", "--sent", "2025-06-02")
    assert json.loads(ok("stats", "--json", "--campaign", "lfr"))["overall"]["requests"] == 5
    assert json.loads(ok("stats", "--json", "--since", "2025-06-01"))["overall"]["requests"] == 1
    only = json.loads(ok("stats", "--json", "--authority", "mps"))["authorities"]
    assert [a["authority"] for a in only] == ["met"]


def test_empty_ledger(ledger: Path) -> None:
    ok("init")
    data = json.loads(ok("stats", "--json"))
    assert data["authorities"] == []
    assert data["overall"]["requests"] == 0
    assert data["overall"]["on_time_percent"] is None
    assert "No requests match." in ok("stats")
    assert json.loads(ok("exemptions", "--json"))["exemptions"] == []
    result = run("campaign", "nothing")
    assert result.exit_code == 2
    assert "no requests in campaign 'nothing'" in result.stderr


def test_campaign_matrix_and_formats(ledger: Path, tmp_path: Path) -> None:
    known_ledger()
    data = json.loads(ok("campaign", "lfr", "--json"))
    assert next(r for r in data["requests"] if r["id"] == 3)["working_days"] == 20
    late = next(r for r in data["requests"] if r["id"] == 4)
    # Due Tue 8 April. To Fri 20 June: Apr 9-17 (7); 18, 21 skip (Easter); 22-25 (11);
    # Apr 28-May 2 (16); 5 skip; 6-9 (20); 12-23 (30); 26 skip; 27-30 (34); Jun 2-20 (49).
    assert (late["status"], late["working_days"], late["late"]) == ("overdue", 49, True)
    assert next(r for r in data["requests"] if r["id"] == 1)["review"] == "answered: granted"
    md = ok("campaign", "lfr", "--format", "md")
    assert md.splitlines()[2].startswith("| ID | Authority | Status |")
    assert len([line for line in md.splitlines() if line.startswith("| ")]) == 6
    out = tmp_path / "lfr.html"
    ok("campaign", "lfr", "--format", "html", "-o", str(out))

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.svg = False
            self._cell: str | None = None

        def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self._cell = ""
            elif tag == "svg":
                self.svg = True
            assert tag not in ("script", "link", "img"), "the page must be self-contained"

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self._cell is not None:
                self.rows[-1].append(self._cell)
                self._cell = None

        def handle_data(self, data: str) -> None:
            if self._cell is not None:
                self._cell += data

    page = Cells()
    page.feed(out.read_text(encoding="utf-8"))
    assert page.svg
    assert page.rows[0][:3] == ["ID", "Authority", "Status"]
    assert len(page.rows) == 6
    assert ["4", "Kent Police", "overdue", "", "49 late"] in [r[:5] for r in page.rows]
    # Request 2 answered Thu 10 Apr, due Tue 8 Apr: 22 working days, 2 late.
    assert ["2", "Essex Police", "closed", "partial", "22 taken, 2 late"] in [
        r[:5] for r in page.rows
    ]
    assert ["5", "Metropolitan Police Service", "with-regulator"] in [r[:3] for r in page.rows]
    assert "review answered: not-held; complained" in [r[6] for r in page.rows]
    text = out.read_text(encoding="utf-8")
    assert "<h1>LFR</h1>" in text
    assert text.count('<tr class="late">') == 2
    assert "<title>overdue: 1</title>" in text and "overdue (1)" in text
    assert "1 answered late, 1 overdue with no answer, 2 internal reviews, 1 complaint to" in text


def test_campaign_csv_has_numbers(ledger: Path) -> None:
    known_ledger()
    text = ok("campaign", "lfr", "--format", "csv")
    lines = text.splitlines()
    assert lines[0] == (
        "id,authority,authority_name,title,status,outcome,working_days_taken,"
        "working_days_late,reading,exemptions,review,complained,next_deadline,next_date"
    )
    rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
    assert rows["2"][6:9] == ["22", "2", "answered in 22 working days, 2 late"]
    assert rows["3"][6:9] == ["20", "", "answered in 20 working days"]
    assert rows["4"][6:9] == ["", "49", "no answer, 49 working days late"]
    assert rows["5"][10:12] == ["answered: not-held", "yes"]
    assert "'-" not in "\n".join(lines)
    data = json.loads(ok("campaign", "lfr", "--json"))["requests"]
    essex = next(r for r in data if r["id"] == 2)
    assert (essex["working_days_taken"], essex["working_days_late"]) == (22, 2)
    assert (essex["answered_late"], essex["review"], essex["complained"]) == (True, None, False)


def test_campaign_with_one_authority(ledger: Path) -> None:
    ok("add", "essex", "--title", "One", "--sent", "2025-06-02", "--campaign", "solo")
    data = json.loads(ok("campaign", "solo", "--json"))
    [row] = data["requests"]
    assert (row["authority"], row["status"], row["working_days"]) == (
        "essex",
        "awaiting-response",
        None,
    )
    assert "Essex Police" in ok("campaign", "solo")


def test_exemptions_report(ledger: Path) -> None:
    known_ledger()
    data = json.loads(ok("exemptions", "--json"))["exemptions"]
    assert [(e["exemption"], e["citations"]) for e in data] == [("s12(1)", 1), ("s40(2)", 1)]
    assert data[0]["authorities"] == [
        {"authority": "essex", "authority_name": "Essex Police", "citations": 1}
    ]


def test_csv_cells_are_neutralised(ledger: Path) -> None:
    ok("add", "essex", "--title", "=HYPERLINK(\"http://evil\")", "--sent", "2025-06-02",
       "--campaign", "@SUM(1)")  # fmt: skip
    ok("add", "kent", "--title", "+1", "--sent", "2025-06-02", "--campaign", "@SUM(1)")
    listing = ok("list", "--csv")
    assert "'=HYPERLINK" in listing and "'+1" in listing and "'@SUM(1)" in listing
    exported = ok("export", "--format", "csv")
    assert "'=HYPERLINK" in exported
    matrix = ok("campaign", "@SUM(1)", "--format", "csv")
    assert matrix.splitlines()[0].startswith("id,authority,authority_name,title,status,")
    for line in matrix.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "-", "@"))
    stats_csv = ok("stats", "--csv")
    assert stats_csv.splitlines()[0].startswith("authority,authority_name,requests,")
