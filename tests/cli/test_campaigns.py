"""Acting on a campaign at once (draft and log --campaign), the chased event
and delete, on both backends, through CliRunner."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from foitrack.store.sql import SCHEMA_VERSION, SQLITE, migrations
from tests.cli.helpers import digest, run


@pytest.fixture
def today() -> str:
    return "2025-05-22"


MIGRATIONS = migrations(SQLITE)

TITLE = "Live facial recognition"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if at a terminal, so the commands that ask before writing ask."""
    monkeypatch.setattr("foitrack.cli.requests._interactive", lambda: True)


def ok(*args: str, input: str | None = None) -> str:
    result = run(*args, input=input)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def campaign() -> None:
    """Four forces asked on Mon 14 April 2025 (FOIA: due Thu 15 May, counted
    in test_due.py); Kent has answered with a refusal, Essex in full."""
    ok("add", "essex", "kent", "norfolk", "suffolk", "--title", TITLE, "--campaign", "lfr",
       "--sent", "2025-04-14", "--today", "2025-04-14")  # fmt: skip
    ok("log", "1", "responded", "--date", "2025-05-12", "--outcome", "granted")
    ok("log", "2", "responded", "--date", "2025-05-12", "--outcome", "refused",
       "--exemption", "s31")  # fmt: skip
    ok("add", "essex", "--title", "Something else", "--sent", "2025-04-14")  # no campaign: #5


def events(request_id: int) -> list[tuple[str, str]]:
    shown = json.loads(ok("show", str(request_id), "--json"))
    return [(e["type"], e["date"]) for e in shown["events"]]


# --- draft --campaign -----------------------------------------------------------


def test_draft_chase_for_a_campaign_writes_a_letter_per_overdue_request(
    ledger: Path, tmp_path: Path
) -> None:
    campaign()
    folder = tmp_path / "chasers"
    result = run("draft", "chase", "--campaign", "lfr", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"drafted 2 chase letters into {folder}/",
        "  skipped #1 Essex Police: request 1 is not waiting for a response: nothing to chase",
        "  skipped #2 Kent Police: request 2 is not waiting for a response: nothing to chase",
    ]
    assert sorted(p.name for p in folder.iterdir()) == [
        "003-norfolk-chase.txt",
        "004-suffolk-chase.txt",
    ]
    letter = (folder / "003-norfolk-chase.txt").read_text(encoding="utf-8")
    assert letter.startswith("To: Norfolk Constabulary\n")
    # Thu 22 May is the 5th working day after Thu 15 May (16, 19, 20, 21, 22).
    assert "which was Thu 15 May 2025" in letter and "5 working days late" in letter
    assert (folder / "003-norfolk-chase.txt").stat().st_mode & 0o777 == 0o600
    assert events(3) == []  # drafting alone logs nothing
    # Again into the same folder: refused, nothing overwritten.
    (folder / "003-norfolk-chase.txt").write_text("my edits", encoding="utf-8")
    again = run("draft", "chase", "--campaign", "lfr", "-o", str(folder))
    assert again.exit_code == 2
    assert again.stderr == (
        f"foitrack: error: {folder}/003-norfolk-chase.txt already exists (and 1 more): "
        "choose another folder, or move the old letters away\n"
    )
    assert (folder / "003-norfolk-chase.txt").read_text(encoding="utf-8") == "my edits"


def test_draft_review_for_a_campaign_as_a_mail_merge(ledger: Path, tmp_path: Path) -> None:
    campaign()
    ok("authorities", "set", "kent", "--email", "foi@kent.example")
    merge = tmp_path / "reviews.csv"
    out = ok("draft", "review", "--campaign", "lfr", "--csv", str(merge))
    assert out.splitlines()[0] == f"drafted 3 review letters into {merge}"
    rows = list(csv.DictReader(io.StringIO(merge.read_text(encoding="utf-8"), newline="")))
    assert [r["id"] for r in rows] == ["2", "3", "4"]  # Essex was answered in full
    kent = rows[0]
    assert list(kent) == ["id", "authority", "authority_name", "email", "to", "subject",
                          "body", "file"]  # fmt: skip
    assert (kent["authority"], kent["email"], kent["to"]) == (
        "kent",
        "foi@kent.example",
        "Kent Police <foi@kent.example>",  # the letter's To: line, with the recorded address
    )
    assert kent["subject"].startswith("Request for internal review")
    assert kent["body"].startswith("Dear Kent Police,")
    assert "s31" in kent["body"]
    assert rows[1]["email"] == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["draft", "chase", "--campaign", "nope", "-o", "x"],
         "no requests in campaign 'nope': 'foitrack list --json' shows each request's campaign"),
        (["draft", "chase", "3", "--campaign", "lfr", "-o", "x"],
         "name one request (foitrack draft chase 12) or --campaign C"),
        (["draft", "chase", "--campaign", "lfr"],
         "with --campaign, say where the letters go: -o FOLDER (a file each) or --csv FILE"),
        (["draft", "chase", "3", "--csv", "x.csv"],
         "--csv is for --campaign; for one letter use -o FILE"),
        (["draft", "appeal", "--campaign", "lfr", "-o", "x"],
         "unknown letter 'appeal': use one of chase, review, complaint"),
        (["draft", "complaint", "--campaign", "lfr", "-o", "x", "--today", "2025-05-14"],
         "no complaint letter fits any of the 4 requests of campaign 'lfr': request 1 is not "
         "ready for a complaint: ask for an internal review first (and 3 more)"),
    ],
)  # fmt: skip
def test_draft_for_a_campaign_refuses_bad_input(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    campaign()
    monkeypatch.chdir(tmp_path)
    before = digest(ledger)
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, f"foitrack: error: {message}\n")
    assert not (tmp_path / "x").exists() and not (tmp_path / "x.csv").exists()
    assert digest(ledger) == before


def test_draft_sent_logs_each_letter_as_sent(ledger: Path, tmp_path: Path) -> None:
    campaign()
    out = ok("draft", "chase", "--campaign", "lfr", "-o", str(tmp_path / "c"), "--sent")
    assert out.splitlines()[-1] == "logged chased on 2025-05-22 for 2 requests"
    assert events(3) == [("chased", "2025-05-22")]
    assert events(4) == [("chased", "2025-05-22")]
    assert events(1) == [("responded", "2025-05-12")]
    single = run("draft", "review", "2", "--sent")
    assert single.exit_code == 0, single.stderr
    assert single.stdout.startswith("To: Kent Police\n")
    assert single.stderr == "request 2: logged review-requested on 2025-05-22\n"
    assert events(2)[-1] == ("review-requested", "2025-05-22")


def test_a_complaint_cites_the_chasers(ledger: Path) -> None:
    campaign()
    ok("draft", "chase", "3", "--sent")
    ok("log", "3", "chased", "--date", "2025-06-02", "--note", "by phone", "--today", "2025-06-03")
    letter = ok("draft", "complaint", "3", "--today", "2025-06-20")
    assert (
        "- Thu 15 May 2025: the response was due (FOIA s10(1)).\n"
        "- Thu 22 May 2025: I chased the response.\n"
        "- Mon 2 Jun 2025: I chased the response.\n"
    ) in letter
    # A chaser of a review is named as one.
    ok("log", "2", "review-requested", "--date", "2025-05-13")
    ok("log", "2", "chased", "--today", "2025-06-16")
    review = ok("draft", "complaint", "2", "--today", "2025-06-16")
    assert "- Mon 16 Jun 2025: I chased the internal review.\n" in review


# --- log --campaign -------------------------------------------------------------


def test_log_for_a_campaign_shows_asks_and_logs_all(ledger: Path, terminal: None) -> None:
    campaign()
    before = digest(ledger)
    declined = run("log", "--campaign", "lfr", "chased", "--status", "overdue", input="n\n")
    assert declined.exit_code == 0, declined.stderr
    assert declined.stdout == (
        "Log chased on 2025-05-22 for 2 requests of campaign lfr (2 overdue):\n"
        "  #3 Norfolk, #4 Suffolk\n"
        "Log it for these 2? [y/N]: n\n"
        "nothing logged\n"
    )
    assert digest(ledger) == before
    agreed = run("log", "--campaign", "lfr", "chased", "--status", "overdue", input="y\n")
    assert agreed.stdout.endswith("logged chased on 2025-05-22 for 2 requests of campaign lfr\n")
    assert events(3) == events(4) == [("chased", "2025-05-22")]
    assert events(1) == [("responded", "2025-05-12")]


def test_log_for_a_campaign_is_all_or_nothing(ledger: Path) -> None:
    campaign()
    ok("log", "3", "fee-notice", "--date", "2025-05-13")
    before = digest(ledger)
    # Not at a terminal and no --yes: refused before anything is shown.
    asked = run("log", "--campaign", "lfr", "note")
    assert (asked.exit_code, asked.stdout) == (2, "")
    assert asked.stderr == (
        "foitrack: error: log asks before writing: add --yes to go ahead without asking\n"
    )
    # A fee paid fits only the request with a fees notice: nothing is logged.
    result = run("log", "--campaign", "lfr", "fee-paid", "--yes")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "foitrack: error: request 1: the fee-paid event of 2025-05-22 needs a fee-notice "
        "event before it"
    )
    assert len(lines) == 4
    assert lines[-1] == (
        "foitrack: error: nothing logged: fee-paid does not fit 3 of the 4 requests "
        "(narrow them with --status or --authority)"
    )
    assert digest(ledger) == before
    # Narrowed to the one it fits, it is logged.
    ok("log", "--campaign", "lfr", "fee-paid", "--authority", "norfolk", "--yes")
    assert events(3)[-1] == ("fee-paid", "2025-05-22")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "--campaign", "lfr", "chased", "--status", "late", "--yes"],
         "unknown status 'late': use one of unsent, awaiting-response, overdue, "
         "awaiting-clarification, fee-pending, responded, review-requested, review-overdue, "
         "with-regulator, closed, withdrawn"),
        (["log", "--campaign", "lfr", "chased", "--status", "withdrawn", "--yes"],
         "no request of campaign 'lfr' matches --status withdrawn"),
        (["log", "--campaign", "lfr", "3", "chased", "--yes"],
         "with --campaign, give only the event: foitrack log --campaign lfr chased"),
        (["log", "--campaign", "lfr", "chased", "--ref", "A1", "--yes"],
         "--ref is one request's reference: log it request by request"),
        (["log", "--campaign", "nope", "chased", "--yes"],
         "no requests in campaign 'nope': 'foitrack list --json' shows each request's campaign"),
        (["log", "--campaign", "lfr", "deleted", "--yes"],
         "requests are deleted one by one, with 'foitrack delete ID'"),
        (["log", "3", "chased", "--yes"], "--status, --authority and --yes go with --campaign"),
        (["log", "3"], "name the request and the event: foitrack log 12 responded"),
        (["log", "three", "chased"], "'three' is not a request id: 'foitrack list' shows them"),
        (["log", "3", "deleted"], "a request is deleted with 'foitrack delete 3'"),
    ],
)  # fmt: skip
def test_log_refuses_bad_input(ledger: Path, args: list[str], message: str) -> None:
    campaign()
    before = digest(ledger)
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, f"foitrack: error: {message}\n")
    assert digest(ledger) == before


# --- delete ---------------------------------------------------------------------


def test_delete_asks_then_keeps_the_request_on_record(
    ledger: Path, terminal: None, tmp_path: Path
) -> None:
    campaign()
    before = digest(ledger)
    declined = run("delete", "4", input="n\n")
    assert declined.stdout == (
        "Request 4: Suffolk Constabulary, 'Live facial recognition', sent 2025-04-14, 0 events\n"
        "Delete request 4? [y/N]: n\n"
        "nothing deleted\n"
    )
    assert digest(ledger) == before
    deleted = run("delete", "4", "--note", "sent twice", input="y\n")
    assert deleted.stdout.endswith(
        "request 4: deleted on 2025-05-22 (Suffolk Constabulary); kept on record: "
        "'foitrack show 4' has it, 'foitrack edit 4 --remove-event 1' restores it\n"
    )
    # Out of the daily check, the list and the reports ...
    assert [i["id"] for i in json.loads(ok("due", "--json"))["items"]] == [3, 5, 2]
    assert [r["id"] for r in json.loads(ok("list", "--json"))["requests"]] == [1, 2, 3, 5]
    assert json.loads(ok("stats", "--json"))["overall"]["requests"] == 4
    assert "Suffolk" not in ok("campaign", "lfr")
    # ... but on record: show has it, and so does an export, which imports as deleted.
    shown = json.loads(ok("show", "4", "--json"))
    assert shown["deleted"] == "2025-05-22"
    assert shown["events"][-1]["type"] == "deleted"
    assert shown["events"][-1]["note"] == "sent twice"
    assert "Deleted on 2025-05-22" in ok("show", "4")
    exported = tmp_path / "export.json"
    ok("export", "--format", "json", "-o", str(exported))
    assert '"type": "deleted"' in exported.read_text(encoding="utf-8")
    for suffix in (".db", ".toml"):
        copy = tmp_path / f"copy{suffix}"
        ok("import", str(exported), "--ledger", str(copy))
        listed = json.loads(ok("list", "--json", "--ledger", str(copy)))["requests"]
        assert [r["id"] for r in listed] == [1, 2, 3, 5]
        assert json.loads(ok("show", "4", "--json", "--ledger", str(copy)))["deleted"]
        again = tmp_path / f"again{suffix}.json"
        ok("export", "--format", "json", "-o", str(again), "--ledger", str(copy))
        assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")


def test_a_deleted_request_takes_no_events_until_restored(ledger: Path) -> None:
    campaign()
    ok("delete", "3", "--yes")
    before = digest(ledger)
    for args in (["log", "3", "chased"], ["delete", "3", "--yes"]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr == (
            "foitrack: error: request 3 was deleted on 2025-05-22; to restore it: "
            "foitrack edit 3 --remove-event 1\n"
        )
    assert digest(ledger) == before
    # A campaign step leaves it out; the draft leaves it out.
    ok("log", "--campaign", "lfr", "note", "--yes", "--note", "all chased by phone")
    assert events(3) == [("deleted", "2025-05-22")]
    ok("edit", "3", "--remove-event", "1", "--note", "not a mistake after all")
    assert [r["id"] for r in json.loads(ok("list", "--json"))["requests"]] == [1, 2, 3, 4, 5]
    assert json.loads(ok("show", "3", "--json"))["deleted"] is None


def test_delete_refuses_without_a_terminal_or_yes(ledger: Path) -> None:
    campaign()
    before = digest(ledger)
    result = run("delete", "3")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "foitrack: error: delete asks before writing: add --yes to go ahead without asking\n"
    )
    missing = run("delete", "99", "--yes")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("foitrack: error: no request 99 in ")
    assert digest(ledger) == before


def test_a_schema_5_ledger_is_migrated(tmp_path: Path) -> None:
    """A ledger from before delete: its requests stay, the new column is there."""
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:5]:
        db.executescript(script)
    db.execute(
        "INSERT INTO request (id, authority, title, regime, sent, received) "
        "VALUES (1, 'kent', 'LFR', 'foia', '2025-04-14', '2025-04-14')"
    )
    db.execute("PRAGMA user_version = 5")
    db.commit()
    db.close()
    listed = json.loads(ok("list", "--json", "--ledger", str(path), "--today", "2025-05-22"))
    assert [(r["id"], r["status"]) for r in listed["requests"]] == [(1, "overdue")]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == SCHEMA_VERSION
    assert db.execute("SELECT deleted FROM request").fetchall() == [(None,)]
    db.close()
    ok("delete", "1", "--yes", "--ledger", str(path), "--today", "2025-05-22")
    assert json.loads(ok("list", "--json", "--ledger", str(path)))["requests"] == []


def test_no_letter_for_a_deleted_request(ledger: Path) -> None:
    campaign()
    ok("delete", "3", "--yes")
    result = run("draft", "chase", "3")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "foitrack: error: request 3 was deleted on 2025-05-22; to restore it: "
        "foitrack edit 3 --remove-event 1\n"
    )
