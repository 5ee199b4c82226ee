"""The mail loop's "done when": a whole campaign through real servers.

Five requests go out through SMTP (aiosmtpd); the replies arrive in an IMAP
folder (pymap, STARTTLS): three acknowledgements with references, a
clarification request, a response by reply, a response in a new message that
quotes only the reference, a response forwarded by the requester, a bounce and
an unrelated message. ``inbox fetch --auto`` runs twice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.mail.conftest import PASSWORD, Outbox, Server
from tests.mail.messages import bounce, reply
from tests.mail.test_imap import configure

FORCES = ("essex", "kent", "norfolk", "suffolk", "cambridgeshire")


def ack(ref: str) -> str:
    return (
        "Dear Requester,\n\nThank you for your request for information. Your request has "
        f"been logged under reference {ref}.\n\nInformation Rights Unit"
    )


ESSEX_RESPONSE = (
    "Dear Requester,\n\nDate: 2 May 2025\n\nDecision: some of the information is held and "
    "is provided below. Names of officers are exempt under section 40(2) (personal "
    "information) and have been withheld.\n\nIf you are dissatisfied you may ask for an "
    "internal review within 40 working days.\n\n> Freedom of Information request: LFR"
)
KENT_RESPONSE = (
    "Freedom of Information request KNT/2025/77\n\nDate: 9 May 2025\n\nDecision: Kent Police "
    "holds the information but it is refused under section 31(1)(a) (law enforcement); "
    "this letter is a refusal notice under section 17."
)
NORFOLK_RESPONSE = (
    "---------- Forwarded message ---------\nFrom: foi@norfolk.police.example\n\n"
    "Date: 12 May 2025\n\nDecision: the information is not held by Norfolk Constabulary."
)
CLARIFY = (
    "Dear Requester,\n\nBefore we can answer, could you please clarify which period your "
    "request covers?\n\nSuffolk Constabulary"
)


@pytest.fixture
def campaign(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    outbox: tuple[Outbox, int],
    isolated_home: Path,
    imap_server: Server,
    mailbox_folder: str,
) -> list:  # type: ignore[type-arg]
    handler, port = outbox
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "ledger.db"))
    monkeypatch.setenv("SSL_CERT_FILE", str(imap_server.ca))
    monkeypatch.setenv("FOITRACK_IMAP_PASSWORD", PASSWORD)
    configure(isolated_home, port, imap_server.port, mailbox_folder)
    added = run("add", *FORCES, "--title", "LFR", "--campaign", "lfr", "--unsent",
                "--today", "2025-04-14")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    for force in FORCES:
        run("authorities", "set", force, "--email", f"foi@{force}.police.example")
    assert run("send", "--campaign", "lfr", "--today", "2025-04-14").exit_code == 0
    return list(handler.messages)


def by_hand(ledger: Path, *args: str) -> None:
    done = run(*args, "--ledger", str(ledger), "--today", "2025-05-20")
    assert done.exit_code == 0, done.stderr


@pytest.mark.usefixtures("campaign")
def test_a_campaign_by_mail_is_recorded_once_as_if_typed(
    campaign: list,  # type: ignore[type-arg]
    imap_server: Server,
    mailbox_folder: str,
    tmp_path: Path,
) -> None:
    essex, kent, norfolk, suffolk, cambs = campaign
    arriving = [
        reply("foi@essex.police.example", f"Re: {essex['Subject']}", ack("ESX-101"),
              in_reply_to=essex["Message-ID"], when="2025-04-15 09:00"),
        reply("foi@kent.police.example", f"Re: {kent['Subject']}", ack("KNT/2025/77"),
              in_reply_to=kent["Message-ID"], when="2025-04-15 09:30"),
        reply("foi@norfolk.police.example", f"Re: {norfolk['Subject']}", ack("NC-881"),
              in_reply_to=norfolk["Message-ID"], when="2025-04-15 10:00"),
        bounce(cambs.as_bytes(), when="2025-04-14 10:05"),
        reply("foi@suffolk.police.example", f"RE: {suffolk['Subject']}", CLARIFY,
              when="2025-04-17 11:00"),
        reply("foi@essex.police.example", f"Re: {essex['Subject']}", ESSEX_RESPONSE,
              in_reply_to=essex["Message-ID"], when="2025-05-02 15:00"),
        reply("disclosure@kent.police.example", "Your request KNT/2025/77", KENT_RESPONSE,
              when="2025-05-09 12:00"),
        reply("Me <me@example.org>", f"Fwd: {norfolk['Subject']}", NORFOLK_RESPONSE,
              when="2025-05-12 18:00"),
        reply("news@county.example", "Policing newsletter", "Events and news this week."),
    ]  # fmt: skip
    with imap_server.client() as client:
        for message in arriving:
            client.append(mailbox_folder, message.as_bytes())

    first = run("inbox", "fetch", "--auto", "--today", "2025-05-20")
    second = run("inbox", "fetch", "--auto", "--today", "2025-05-20")

    assert first.exit_code == 0, first.stderr
    assert "9 new messages (0 seen before), 7 recorded" in first.stdout
    assert "0 new messages (0 seen before), 0 recorded" in second.stdout
    assert "2 messages wait in the inbox: foitrack inbox" in second.stdout
    waiting = json.loads(run("inbox", "--json").stdout)["items"]
    assert [(w["request_id"], w["rule"], w["event"]["type"]) for w in waiting] == [
        (3, "tag", "responded"),  # forwarded: not from Norfolk's address, so it waits
        (None, None, None),  # the newsletter
    ]

    hand = tmp_path / "hand.db"
    by_hand(hand, "add", *FORCES, "--title", "LFR", "--campaign", "lfr", "--sent", "2025-04-14")
    by_hand(hand, "log", "1", "acknowledged", "--date", "2025-04-15", "--ref", "ESX-101")
    by_hand(hand, "log", "2", "acknowledged", "--date", "2025-04-15", "--ref", "KNT/2025/77")
    by_hand(hand, "log", "3", "acknowledged", "--date", "2025-04-15", "--ref", "NC-881")
    by_hand(hand, "log", "5", "note", "--date", "2025-04-14", "--note", "bounced")
    by_hand(hand, "log", "4", "clarification-requested", "--date", "2025-04-17")
    by_hand(hand, "log", "1", "responded", "--date", "2025-05-02", "--outcome", "partial",
            "--exemption", "s40(2)", "--window", "40 working days")  # fmt: skip
    by_hand(hand, "log", "2", "responded", "--date", "2025-05-09", "--outcome", "refused",
            "--exemption", "s31(1)(a)")  # fmt: skip
    for request_id in range(1, 6):
        mail = _show(request_id)
        typed = _show(request_id, hand)
        assert [(e["type"], e["date"], e["outcome"], e["exemptions"]) for e in mail["events"]][
            1:
        ] == [(e["type"], e["date"], e["outcome"], e["exemptions"]) for e in typed["events"]]
        assert (mail["status"], mail["deadlines"]) == (typed["status"], typed["deadlines"])
    # Essex responded on Friday 2 May 2025: the review may be asked for within 40
    # working days: May 6-9 (4, the 5th a bank holiday), 12-16 (9), 19-23 (14),
    # 27-30 (18, the 26th a bank holiday), June 2-6 (23), 9-13 (28), 16-20 (33),
    # 23-27 (38), 30 June (39), Tuesday 1 July (40).
    assert _show(1)["deadlines"]["review_request_by"] == "2025-07-01"


def _show(request_id: int, ledger: Path | None = None) -> dict:  # type: ignore[type-arg]
    more = ["--ledger", str(ledger)] if ledger else []
    done = run("show", str(request_id), "--json", "--today", "2025-05-20", *more)
    assert done.exit_code == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]
