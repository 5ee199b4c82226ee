"""``foitrack inbox``: replies from a Maildir, mbox or .eml files to proposals and events.

The requests go out through a real SMTP server on localhost (aiosmtpd); the
replies are written into a real Maildir the way a mail client keeps it.
"""

from __future__ import annotations

import json
import mailbox
import os
from email.message import Message
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.mail.conftest import Outbox, write_config
from tests.mail.messages import bounce, maildir_with, reply

ACK = (
    "Dear Requester,\n\nThank you for your request for information, which we received on "
    "14 April 2025. Your request has been logged under reference FOI-2025-0412.\n\n"
    "Essex Police Information Rights"
)
CLARIFY = (
    "Dear Requester,\n\nBefore we can answer, could you please clarify which period your "
    "request covers? We will not be able to proceed until we hear from you.\n\nKent Police"
)
RESPONSE = (
    "Freedom of Information Request Reference No: FOI-2025-0412\n\nDate: 2 May 2025\n\n"
    "I write in connection with your request for information received by Essex Police.\n\n"
    "Decision: some of the information is held and is provided below. Names of officers "
    "are exempt under section 40(2) (personal information) and have been withheld.\n\n"
    "If you are dissatisfied you may ask for an internal review within 40 working days."
)
NEWSLETTER = "This week's policing newsletter: events, appeals and news from around the county."


@pytest.fixture
def sent(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    outbox: tuple[Outbox, int],
    isolated_home: Path,
) -> list[Message]:
    """Three requests sent on Monday 14 April 2025; the messages as they went."""
    handler, port = outbox
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "ledger.db"))
    monkeypatch.setenv("FOITRACK_TODAY", "2025-04-14")
    write_config(isolated_home, port)
    done = run("add", "essex", "kent", "norfolk", "--title", "LFR", "--campaign", "lfr", "--unsent")
    assert done.exit_code == 0, done.stderr
    for force in ("essex", "kent", "norfolk"):
        run("authorities", "set", force, "--email", f"foi@{force}.police.example")
    assert run("send", "--campaign", "lfr").exit_code == 0
    return list(handler.messages)


def fetch(folder: Path, *more: str, today: str = "2025-05-06") -> dict:  # type: ignore[type-arg]
    done = run("inbox", "fetch", "--maildir", str(folder), "--auto", *more, "--today", today)
    assert done.exit_code == 0, done.stderr
    return {"stdout": done.stdout}


def items(*more: str) -> list[dict]:  # type: ignore[type-arg]
    done = run("inbox", "--json", *more)
    assert done.exit_code == 0, done.stderr
    return json.loads(done.stdout)["items"]  # type: ignore[no-any-return]


def events(request_id: int, today: str = "2025-05-06") -> list[dict]:  # type: ignore[type-arg]
    shown = json.loads(run("show", str(request_id), "--json", "--today", today).stdout)
    return shown["events"]  # type: ignore[no-any-return]


def test_replies_are_matched_by_rule_and_recorded_once(sent: list[Message], tmp_path: Path) -> None:
    essex, kent, norfolk = sent
    folder = maildir_with(
        tmp_path / "Mail",
        reply("Essex FOI <foi@essex.police.example>", f"Re: {essex['Subject']}", ACK,
              in_reply_to=essex["Message-ID"], when="2025-04-15 09:12"),
        reply("foi@kent.police.example", f"RE: {kent['Subject']}", CLARIFY,
              when="2025-04-17 11:00"),
        reply("disclosure@essex.police.example", "Your FOI request FOI-2025-0412", RESPONSE,
              when="2025-05-02 16:40"),
        bounce(norfolk.as_bytes()),
        reply("news@county.example", "Newsletter", NEWSLETTER),
    )  # fmt: skip

    first = fetch(folder)
    again = fetch(folder)

    assert "5 new messages (0 seen before), 4 recorded" in first["stdout"]
    assert "0 new messages (5 seen before), 0 recorded" in again["stdout"]
    listed = {i["subject"]: i for i in items("--all")}
    assert [(i["rule"], i["event"]["type"], i["status"]) for i in listed.values()] == [
        ("thread", "acknowledged", "recorded"),
        ("tag", "clarification-requested", "recorded"),
        ("their_ref", "responded", "recorded"),
        ("thread", "bounce", "recorded"),
        (None, None, "proposed"),
    ]
    essex_events = [(e["type"], e["date"]) for e in events(1)]
    assert essex_events == [
        ("sent", "2025-04-14"),
        ("acknowledged", "2025-04-15"),
        ("responded", "2025-05-02"),
    ]
    response = events(1)[2]
    assert (response["outcome"], response["exemptions"]) == ("partial", ["s40(2)"])
    assert events(1)[1]["ref"] == "FOI-2025-0412"
    assert events(2)[1]["type"] == "clarification-requested"
    assert events(3)[1]["type"] == "note"
    assert events(3)[1]["note"].startswith("the message could not be delivered")
    # The raw message is kept, private, and linked from its event.
    kept = Path(response["document_path"])
    assert kept.read_bytes().startswith(b"From: disclosure@essex.police.example") or (
        b"FOI-2025-0412" in kept.read_bytes()
    )
    assert kept.stat().st_mode & 0o777 == 0o600
    [waiting] = items()
    assert waiting["request_id"] is None and waiting["subject"] == "Newsletter"
    shown = json.loads(run("show", "1", "--json", "--today", "2025-05-06").stdout)
    assert [(m["direction"], m["status"]) for m in shown["correspondence"]] == [
        ("out", "sent"),
        ("in", "recorded"),
        ("in", "recorded"),
    ]
    assert "Correspondence" in run("show", "1", "--today", "2025-05-06").stdout


def test_a_clarification_request_moves_the_deadline_as_if_typed(
    sent: list[Message], tmp_path: Path
) -> None:
    _, kent, _ = sent
    folder = maildir_with(
        tmp_path / "Mail",
        reply(
            "foi@kent.police.example", f"RE: {kent['Subject']}", CLARIFY, when="2025-04-17 11:00"
        ),
    )
    fetch(folder, today="2025-04-18")
    by_mail = json.loads(run("show", "2", "--json", "--today", "2025-04-18").stdout)

    logged = run(
        "log", "3", "clarification-requested", "--date", "2025-04-17", "--today", "2025-04-18"
    )
    assert logged.exit_code == 0, logged.stderr
    by_hand = json.loads(run("show", "3", "--json", "--today", "2025-04-18").stdout)
    assert by_mail["status"] == by_hand["status"] == "awaiting-clarification"
    assert by_mail["deadlines"] == by_hand["deadlines"]


def test_a_message_from_another_address_waits_for_confirmation(
    sent: list[Message], tmp_path: Path
) -> None:
    _, _, norfolk = sent
    forwarded = reply(
        "Me <me@example.org>",
        f"Fwd: {norfolk['Subject']}",
        "---------- Forwarded message ---------\nFrom: foi@norfolk.police.example\n\n"
        + RESPONSE.replace("Essex", "Norfolk").replace("FOI-2025-0412", "NC-881"),
        when="2025-05-03 08:00",
    )
    folder = maildir_with(tmp_path / "Mail", forwarded)

    fetch(folder)

    [proposal] = items()
    assert (proposal["request_id"], proposal["rule"]) == (3, "tag")
    assert proposal["event"]["type"] == "responded"
    assert "not norfolk's address" in proposal["note"]
    assert [e["type"] for e in events(3)] == ["sent"]
    done = run("inbox", "accept", str(proposal["number"]), "--today", "2025-05-06")
    assert done.exit_code == 0, done.stderr
    assert [e["type"] for e in events(3)] == ["sent", "responded"]
    assert items() == []


def test_assign_then_accept_and_dismiss(sent: list[Message], tmp_path: Path) -> None:
    folder = maildir_with(
        tmp_path / "Mail",
        reply("someone@elsewhere.example", "About my request", ACK, when="2025-04-15 10:00"),
        reply("news@county.example", "Newsletter", NEWSLETTER),
    )
    fetch(folder)
    ack, news = items()

    refused = run("inbox", "accept", str(ack["number"]))
    assert refused.exit_code == 2
    assert f"message {ack['number']} belongs to no request yet" in refused.stderr
    assert run("inbox", "assign", str(ack["number"]), "1").exit_code == 0
    assert run("inbox", "accept", str(ack["number"]), "--today", "2025-05-06").exit_code == 0
    assert run("inbox", "dismiss", str(news["number"])).exit_code == 0
    assert items() == []
    assert [i["status"] for i in items("--all")] == ["recorded", "dismissed"]
    assert [e["type"] for e in events(1)] == ["sent", "acknowledged"]
    assert events(1)[-1]["actor"] == "reporter"  # who accepted it (LOGNAME)


def test_mbox_and_eml_files_too_and_the_same_message_is_taken_once(
    sent: list[Message], tmp_path: Path
) -> None:
    essex = sent[0]
    message = reply("foi@essex.police.example", f"Re: {essex['Subject']}", ACK,
                    in_reply_to=essex["Message-ID"], when="2025-04-15 09:12")  # fmt: skip
    box = mailbox.mbox(tmp_path / "mbox")
    box.add(message)
    box.close()
    eml = tmp_path / "ack.eml"
    eml.write_bytes(message.as_bytes())

    done = run("inbox", "fetch", "--mbox", str(tmp_path / "mbox"), "--auto")
    assert done.exit_code == 0, done.stderr
    twice = run("inbox", "fetch", str(eml), "--auto")

    assert "1 new messages (0 seen before), 1 recorded" in done.stdout
    assert "0 new messages (1 seen before), 0 recorded" in twice.stdout
    assert [e["type"] for e in events(1, "2025-04-15")] == ["sent", "acknowledged"]


def test_the_daily_check_says_how_many_wait(sent: list[Message], tmp_path: Path) -> None:
    folder = maildir_with(tmp_path / "Mail", reply("x@y.example", "Hello", NEWSLETTER))
    fetch(folder)

    assert "1 message waits in the inbox: foitrack inbox" in run("due").stdout


def test_without_a_mailbox_it_says_how_to_name_one(sent: list[Message]) -> None:
    done = run("inbox", "fetch")
    assert done.exit_code == 2
    assert "no mailbox to read: add an [inbox] table" in done.stderr


def test_a_folder_that_is_not_a_maildir_is_bad_input(sent: list[Message], tmp_path: Path) -> None:
    done = run("inbox", "fetch", "--maildir", str(tmp_path))
    assert done.exit_code == 2
    assert (
        done.stderr
        == f"foitrack: error: {tmp_path} is not a Maildir (it has no cur/ and new/ folders)\n"
    )
    assert os.listdir(tmp_path / "ledger.db.documents") == ["mail.key"]


def test_the_digest_says_how_many_wait(sent: list[Message], tmp_path: Path) -> None:
    folder = maildir_with(tmp_path / "Mail", reply("x@y.example", "Hello", NEWSLETTER))
    fetch(folder, today="2025-05-13")

    # Sent Monday 14 April 2025: due Thursday 15 May (20 working days: 15-17 April,
    # 22-25, 28-30, 1-2 May, 6-9, 12-15, skipping Good Friday, Easter Monday and 5 May),
    # so the digest of 13 May has the campaign's three requests, due soon, to say. That
    # block has no one command for all (a campaign block's HTML once failed on it).
    done = run("remind", "--dry-run", "--today", "2025-05-13")

    assert done.exit_code == 0, done.stderr
    assert "1 message waits in the inbox: foitrack inbox" in done.stdout
