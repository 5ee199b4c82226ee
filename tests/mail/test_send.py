"""``foitrack send`` against a real SMTP server on localhost (aiosmtpd)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.mail.conftest import Outbox, free_port, write_config


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("FOITRACK_LEDGER", str(path))
    monkeypatch.setenv("FOITRACK_TODAY", "2025-04-14")
    return path


def add_unsent(*authorities: str, campaign: str = "lfr") -> None:
    done = run(
        "add", *authorities, "--title", "LFR deployments", "--campaign", campaign, "--unsent"
    )
    assert done.exit_code == 0, done.stderr


def test_a_campaign_goes_out_once_each_and_records_the_day(
    ledger: Path, outbox: tuple[Outbox, int], isolated_home: Path
) -> None:
    handler, port = outbox
    write_config(isolated_home, port)
    add_unsent("essex", "kent")
    assert run("authorities", "set", "essex", "--email", "foi@essex.example").exit_code == 0
    assert run("authorities", "set", "kent", "--email", "foi@kent.example").exit_code == 0

    done = run("send", "--campaign", "lfr", "--today", "2025-04-16")

    assert done.exit_code == 0, done.stderr
    assert [m["To"] for m in handler.messages] == ["foi@essex.example", "foi@kent.example"]
    first = handler.messages[0]
    assert first["Subject"].startswith("Freedom of Information request: LFR deployments [FOI #1 ")
    assert first["Message-ID"] in done.stdout
    shown = json.loads(run("show", "1", "--json", "--today", "2025-04-16").stdout)
    # Sent on Wednesday 16 April 2025: 20 working days, skipping Good Friday (18th),
    # Easter Monday (21st) and the early May bank holiday (5 May): 17, 22-25, 28-30,
    # 1-2 May (10), 6-9 (14), 12-16 (19), Monday 19 May (20).
    assert shown["events"][0]["type"] == "sent"
    assert shown["events"][0]["date"] == "2025-04-16"
    assert first["Message-ID"] in shown["events"][0]["note"]
    assert shown["events"][0]["actor"] == "reporter"  # who ran send (LOGNAME)
    assert shown["deadlines"]["response_due"] == "2025-05-19"
    assert shown["tags"] == []

    again = run("send", "--campaign", "lfr", "--today", "2025-04-16")
    assert again.exit_code == 2
    assert again.stderr == "foitrack: error: no request in campaign 'lfr' waits to be sent\n"
    assert len(handler.messages) == 2


def test_the_subject_tag_is_keyed_and_differs_by_request(
    ledger: Path, outbox: tuple[Outbox, int], isolated_home: Path
) -> None:
    from foitrack.mail.outgoing import tagged_request

    handler, port = outbox
    write_config(isolated_home, port)
    add_unsent("essex", "kent")
    run("authorities", "import-emails", str(_csv(ledger.parent)))
    assert run("send", "1", "2").exit_code == 0
    key = bytes.fromhex((ledger.parent / "ledger.db.documents" / "mail.key").read_text())
    assert (ledger.parent / "ledger.db.documents" / "mail.key").stat().st_mode & 0o777 == 0o600
    subjects = [m["Subject"] for m in handler.messages]
    assert [tagged_request(key, s) for s in subjects] == [1, 2]
    assert tagged_request(key, "Re: [FOI #1 aaaaaa] LFR") is None  # a guessed code
    assert tagged_request(b"another key" * 3, subjects[0]) is None


def _csv(folder: Path) -> Path:
    path = folder / "addresses.csv"
    path.write_text("authority,email\nessex,foi@essex.example\nKent Police,foi@kent.example\n")
    return path


def test_import_emails_checks_every_row_and_records_none_on_a_bad_one(
    ledger: Path, isolated_home: Path
) -> None:
    add_unsent("essex")
    bad = ledger.parent / "bad.csv"
    bad.write_text("essex,foi@essex.example\nnowhere-police,foi@x.example\nkent,not-an-address\n")

    done = run("authorities", "import-emails", str(bad))

    assert done.exit_code == 2
    assert done.stderr.splitlines()[-1].startswith("foitrack: error: no address recorded: 2 rows")
    assert "line 2" in done.stderr and "line 3" in done.stderr
    listed = json.loads(run("authorities", "--json").stdout)["authorities"]
    assert next(a for a in listed if a["id"] == "essex")["email"] is None


def test_dry_run_shows_the_message_and_sends_nothing(
    ledger: Path, outbox: tuple[Outbox, int], isolated_home: Path
) -> None:
    handler, port = outbox
    write_config(isolated_home, port)
    add_unsent("essex")
    run("authorities", "set", "essex", "--email", "foi@essex.example")

    done = run("send", "1", "--dry-run")

    assert done.exit_code == 0, done.stderr
    assert "To: foi@essex.example" in done.stdout
    assert "Subject: Freedom of Information request: LFR deployments [FOI #1 " in done.stdout
    assert "(dry run: 1 messages, nothing sent)" in done.stdout
    assert handler.messages == []
    assert json.loads(run("show", "1", "--json").stdout)["events"] == []


def test_nothing_goes_when_one_authority_has_no_address(
    ledger: Path, outbox: tuple[Outbox, int], isolated_home: Path
) -> None:
    handler, port = outbox
    write_config(isolated_home, port)
    add_unsent("essex", "kent")
    run("authorities", "set", "essex", "--email", "foi@essex.example")

    done = run("send", "--campaign", "lfr")

    assert done.exit_code == 2
    assert "no address for kent: foitrack authorities set kent --email ADDRESS" in done.stderr
    assert handler.messages == []


def test_a_refused_message_records_nothing_and_the_next_run_sends_it(
    ledger: Path, outbox: tuple[Outbox, int], isolated_home: Path
) -> None:
    handler, port = outbox
    write_config(isolated_home, port)
    add_unsent("essex")
    run("authorities", "set", "essex", "--email", "foi@essex.example")
    handler.reply = "554 no thanks"

    refused = run("send", "1")

    assert refused.exit_code == 1
    assert refused.stderr == "foitrack: failed: the mail server at 127.0.0.1:" + str(port) + (
        " answered 554 no thanks\n"
    )
    assert json.loads(run("show", "1", "--json").stdout)["events"] == []
    handler.reply = None
    assert run("send", "1").exit_code == 0
    assert len(handler.messages) == 1


def test_a_server_that_is_not_there_exits_1_in_one_line(ledger: Path, isolated_home: Path) -> None:
    write_config(isolated_home, free_port())
    add_unsent("essex")
    run("authorities", "set", "essex", "--email", "foi@essex.example")

    done = run("send", "1")

    assert done.exit_code == 1
    assert done.stderr.startswith("foitrack: failed: cannot reach the mail server at 127.0.0.1:")
    assert len(done.stderr.splitlines()) == 1


def test_a_request_added_as_sent_is_not_sent_again(ledger: Path, isolated_home: Path) -> None:
    assert run("add", "essex", "--title", "LFR").exit_code == 0
    write_config(isolated_home, free_port())

    done = run("send", "1")

    assert done.exit_code == 2
    assert "request 1 is not waiting to be sent" in done.stderr


def test_unsent_goes_without_a_sent_date(ledger: Path) -> None:
    done = run("add", "essex", "--title", "LFR", "--unsent", "--sent", "2025-04-01")
    assert done.exit_code == 2
    assert done.stderr == (
        "foitrack: error: --unsent goes without --sent and --received: "
        "'foitrack send' records the day\n"
    )
