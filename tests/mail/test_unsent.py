"""The unsent state: no clock runs until ``send`` records the day the request went."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import run, run_process
from tests.mail.conftest import Outbox, write_config


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("FOITRACK_LEDGER", str(path))
    monkeypatch.setenv("FOITRACK_TODAY", "2025-04-14")
    return path


def add(*args: str) -> None:
    done = run("add", *args)
    assert done.exit_code == 0, done.stderr


def test_an_unsent_request_is_never_due_and_due_names_it_apart(ledger: Path) -> None:
    add("essex", "kent", "--title", "LFR", "--campaign", "lfr", "--unsent")
    add("norfolk", "--title", "ANPR", "--sent", "2025-03-03")
    months_later = "2025-09-01"

    done = run("due", "--today", months_later)

    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "2 requests are not sent yet (no deadline runs until sent): foitrack send 1 2" in lines
    assert "Essex" not in done.stdout.replace(lines[-1], "")  # not listed as overdue
    assert "Norfolk" in done.stdout  # the sent one is overdue
    as_json = json.loads(run("due", "--today", months_later, "--json").stdout)
    assert as_json["unsent"] == [1, 2]
    assert [i["id"] for i in as_json["items"]] == [3]


def test_list_and_show_give_the_unsent_status_and_no_dates(ledger: Path) -> None:
    add("essex", "--title", "LFR", "--unsent")
    add("kent", "--title", "LFR")

    listed = json.loads(run("list", "--status", "unsent", "--json").stdout)
    shown = json.loads(run("show", "1", "--json", "--today", "2025-12-01").stdout)

    assert [r["id"] for r in listed["requests"]] == [1]
    assert listed["requests"][0]["status"] == "unsent"
    assert shown["status"] == "unsent"
    assert set(shown["deadlines"].values()) == {None}


def test_nothing_but_a_note_is_logged_before_it_is_sent(ledger: Path) -> None:
    add("essex", "--title", "LFR", "--unsent")

    answered = run("log", "1", "responded", "--outcome", "granted")

    assert answered.exit_code == 2
    assert answered.stderr.startswith("foitrack: error: the responded event of 2025-04-14 is for")
    assert run("log", "1", "note", "--note", "to check with legal").exit_code == 0


def test_sent_another_way_the_edit_records_the_day_and_starts_the_clock(ledger: Path) -> None:
    add("essex", "--title", "LFR", "--unsent")

    done = run("edit", "1", "--untag", "unsent", "--sent", "2025-04-16", "--today", "2025-04-17")

    assert done.exit_code == 0, done.stderr
    shown = json.loads(run("show", "1", "--json", "--today", "2025-04-17").stdout)
    assert (shown["status"], shown["sent"], shown["received"]) == (
        "awaiting-response",
        "2025-04-16",
        "2025-04-16",
    )
    assert shown["deadlines"]["response_due"] == "2025-05-19"


def test_send_moves_it_out_of_unsent_counting_from_the_day_it_went(
    ledger: Path, outbox: tuple[Outbox, int], isolated_home: Path
) -> None:
    handler, port = outbox
    write_config(isolated_home, port)
    add("essex", "--title", "LFR", "--unsent")
    handler.messages.clear()
    run("authorities", "set", "essex", "--email", "foi@essex.example")

    assert run("send", "1", "--today", "2025-04-16").exit_code == 0
    assert len(handler.messages) == 1

    listed = json.loads(run("list", "--json", "--today", "2025-04-16").stdout)["requests"]
    assert listed[0]["status"] == "awaiting-response"
    assert listed[0]["due"] == "2025-05-19"
    assert json.loads(run("due", "--json", "--today", "2025-04-16").stdout)["unsent"] == []


def test_an_old_ledger_s_tagged_requests_become_unsent(ledger: Path) -> None:
    """A ledger written before the unsent state cached an awaiting-response
    status with dates from the day the request was added: opened again, the
    fingerprint differs, the state is derived again and the request is unsent."""
    add("essex", "--title", "LFR", "--unsent")
    with sqlite3.connect(ledger) as db:
        db.execute(
            "UPDATE request SET status = 'awaiting-response', status_until = '2025-05-13', "
            "status_after = 'overdue', due_date = '2025-05-13', "
            'deadlines = \'{"response_due": "2025-05-13"}\''
        )
        db.execute("UPDATE meta SET value = 'an older foitrack' WHERE key = 'fingerprint'")
    db.close()

    done = run_process("due", "--today", "2025-06-02", env={"FOITRACK_LEDGER": str(ledger)})

    assert done.exit_code == 0, done.stderr
    assert "overdue" not in done.stdout.lower()
    assert "1 request is not sent yet" in done.stdout


def test_stats_leave_out_what_was_never_asked(ledger: Path) -> None:
    add("essex", "--title", "LFR", "--unsent")
    add("kent", "--title", "LFR", "--sent", "2025-03-03")

    stats = json.loads(run("stats", "--json", "--today", "2025-06-02").stdout)

    assert stats["overall"]["requests"] == 1
    assert [a["authority"] for a in stats["authorities"]] == ["kent"]
