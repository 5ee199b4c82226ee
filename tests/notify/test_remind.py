"""``foitrack remind`` against a real SMTP server on localhost (aiosmtpd)."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.cli.helpers import run
from tests.tls import free_port

SECRET = "s3cret-Pa55word"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.reply: str | None = None  # e.g. "550 no thanks" to refuse

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.reply:
            return self.reply
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == SECRET.encode()
    return AuthResult(success=ok)


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_require_tls=False,
    )
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def ledger(sqlite_ledger: Path) -> Path:
    """A SQLite ledger with one overdue request whose title tries to add headers."""
    title = "LFR\r\nBcc: victim@example.org\r\nSubject: injected"
    assert run("add", "essex", "--title", title, "--sent", "2025-03-10").exit_code == 0
    return sqlite_ledger


def configure(home: Path, port: int, extra: str = "") -> None:
    path = home / "config" / "foitrack" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[email]\n"
        'to = "me@example.org"\n'
        'from = "foitrack@example.org"\n'
        'smtp_host = "127.0.0.1"\n'
        f"smtp_port = {port}\n"
        'security = "none"\n'
        "timeout = 5\n" + extra,
        encoding="utf-8",
    )
    path.chmod(0o600)  # as a careful user keeps it (foitrack warns otherwise)


def test_the_digest_arrives_once_a_day(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path
) -> None:
    handler, port = inbox
    configure(isolated_home, port)
    first = run("remind")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == "sent 'foitrack: 1 overdue' to me@example.org\n"
    [message] = handler.messages
    assert message["Subject"] == "foitrack: 1 overdue"
    assert message["To"] == "me@example.org"
    assert message["From"] == "foitrack@example.org"
    assert message["Bcc"] is None
    body = message.get_payload(0).get_payload(decode=True).decode()
    assert "Overdue responses (1)" in body
    assert "#1" in body and "Essex Police" in body
    assert "→ past day 40: complain to the ICO" in body
    assert "\r\nBcc:" not in body  # the title is shown on one line
    second = run("remind")
    assert second.exit_code == 0
    assert "already sent" in second.stdout
    assert len(handler.messages) == 1
    assert run("remind", "--force").exit_code == 0
    assert len(handler.messages) == 2
    assert run("remind", "--today", "2025-06-23").exit_code == 0
    assert len(handler.messages) == 3


def test_nothing_due_sends_nothing(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path
) -> None:
    handler, port = inbox
    configure(isolated_home, port)
    result = run("remind", "--today", "2025-03-11")
    assert result.stdout == "nothing due: no email sent\n"
    assert handler.messages == []


def test_dry_run_prints_and_sends_nothing(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path
) -> None:
    handler, port = inbox
    configure(isolated_home, port)
    result = run("remind", "--dry-run")
    assert result.exit_code == 0
    assert "Subject: foitrack: 1 overdue" in result.stdout
    assert handler.messages == []
    # As a person reads it: the headers on top, then the text itself, not MIME parts.
    lines = result.stdout.splitlines()
    assert lines[0].startswith("From: ") and lines[1].startswith("To: ")
    assert lines[3] == "Subject: foitrack: 1 overdue" and lines[4] == ""
    assert "Content-Transfer-Encoding" not in result.stdout and "<html" not in result.stdout
    assert "Overdue" in result.stdout
    raw = run("remind", "--dry-run", "--raw")
    assert raw.exit_code == 0
    message = email.message_from_string(raw.stdout)
    assert message.is_multipart() and message["Subject"] == "foitrack: 1 overdue"
    alone = run("remind", "--raw")
    assert (alone.exit_code, alone.stderr) == (
        2,
        "foitrack: error: --raw goes with --dry-run: foitrack remind --dry-run --raw\n",
    )
    assert handler.messages == []


def test_remind_help_shows_the_email_table() -> None:
    result = run("remind", "--help", env={"COLUMNS": "200"})
    assert "([email] in config.toml)" in result.stdout


def test_server_down_then_up(ledger: Path, isolated_home: Path, inbox: tuple[Inbox, int]) -> None:
    handler, port = inbox
    configure(isolated_home, free_port())
    down = run("remind")
    assert down.exit_code == 1
    assert down.stderr.startswith("foitrack: failed: cannot reach the mail server at 127.0.0.1:")
    configure(isolated_home, port)
    assert run("remind").exit_code == 0
    assert len(handler.messages) == 1


def test_a_5xx_records_nothing(ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path) -> None:
    handler, port = inbox
    configure(isolated_home, port)
    handler.reply = "554 5.7.1 rejected as spam"
    refused = run("remind")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"foitrack: failed: the mail server at 127.0.0.1:{port} answered 554 5.7.1 "
        "rejected as spam\n"
    )
    handler.reply = "451 4.3.0 try later"
    assert run("remind").exit_code == 1
    handler.reply = None
    assert run("remind").exit_code == 0
    assert len(handler.messages) == 1


def test_login_with_the_password_from_the_environment(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _handler, port = inbox
    configure(isolated_home, port, 'username = "me"\n')
    monkeypatch.setenv("FOITRACK_SMTP_PASSWORD", "wrong-password")
    failed = run("remind")
    assert failed.exit_code == 1
    assert failed.stderr.startswith(
        f"foitrack: failed: the mail server at 127.0.0.1:{port} refused the login for me ("
    )
    assert "wrong-password" not in failed.stdout + failed.stderr
    monkeypatch.setenv("FOITRACK_SMTP_PASSWORD", SECRET)
    ok = run("remind")
    assert ok.exit_code == 0, ok.stderr
    assert SECRET not in ok.stdout + ok.stderr
    assert SECRET.encode() not in ledger.read_bytes()


def test_password_command(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path, tmp_path: Path
) -> None:
    _handler, port = inbox
    script = tmp_path / "pw.sh"
    script.write_text(f"#!/bin/sh\necho {SECRET}\n", encoding="utf-8")
    script.chmod(0o700)
    configure(isolated_home, port, f'username = "me"\npassword_command = "{script}"\n')
    assert run("remind").exit_code == 0
    failing = tmp_path / "fail.sh"
    failing.write_text(f"#!/bin/sh\necho {SECRET}\nexit 3\n", encoding="utf-8")
    failing.chmod(0o700)
    configure(isolated_home, port, f'username = "me"\npassword_command = "{failing}"\n')
    result = run("remind", "--force")
    assert result.exit_code == 1
    assert result.stderr == "foitrack: failed: email.password_command failed with exit status 3\n"


def test_missing_email_settings(ledger: Path, isolated_home: Path) -> None:
    path = isolated_home / "config" / "foitrack" / "config.toml"
    result = run("remind")
    assert (result.exit_code, result.stderr) == (
        2,
        f"foitrack: error: no [email] table in {path} (there is no such file yet): see the "
        "README's 'foitrack remind' section\n",
    )
    path.parent.mkdir(parents=True)
    path.write_text('[letters]\nsignature = "A. Journalist"\n')
    path.chmod(0o600)
    assert run("remind").stderr == (
        f"foitrack: error: no [email] table in {path}: see the README's 'foitrack remind' section\n"
    )
    configure(isolated_home, 25)
    path.write_text(path.read_text().replace('from = "foitrack@example.org"\n', ""))
    result = run("remind")
    assert result.exit_code == 2
    assert result.stderr == (
        "foitrack: error: config key 'email.from' is missing: add from = "
        f'"foitrack@example.org" under [email] in {path}\n'
    )


def test_two_overlapping_runs_send_once(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path
) -> None:
    import os
    import subprocess
    import sys

    handler, port = inbox
    configure(isolated_home, port)
    env = {**os.environ}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "foitrack", "remind"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [r.communicate(timeout=60) for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0], outputs
    assert len(handler.messages) == 1
    assert sum("already sent" in out for out, _ in outputs) == 2


def test_a_config_others_can_read_is_warned_about(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path
) -> None:
    _, port = inbox
    configure(isolated_home, port)
    path = isolated_home / "config" / "foitrack" / "config.toml"
    path.chmod(0o644)
    result = run("remind", "--dry-run")
    assert f"foitrack: warning: {path} can be read by others (mode 644): chmod 600 {path}" in (
        result.stderr
    )
    path.chmod(0o600)
    assert "warning" not in run("remind", "--dry-run").stderr


def test_a_49_body_campaign_makes_a_short_digest(
    tmp_path: Path, inbox: tuple[Inbox, int], isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "campaign.toml"))
    added = run("add", "all-police", "--title", "LFR", "--campaign", "lfr-2025",
                "--sent", "2025-04-14")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    handler, port = inbox
    configure(isolated_home, port)
    # Thu 22 May 2025: the 47 FOIA bodies 5 working days late (due Thu 15 May),
    # the 2 FOISA bodies 6 (due Wed 14 May).
    assert run("remind", "--today", "2025-05-22").exit_code == 0
    [message] = handler.messages
    assert message["Subject"] == "foitrack: 49 overdue"
    text = message.get_payload(0).get_payload(decode=True).decode()
    assert len(text.splitlines()) < 30, text
    assert "  lfr-2025 — 47 requests  Thu 15 May 2025  5 working days late" in text
    assert "→ all 47 at once: foitrack draft chase --campaign lfr-2025" in text
    page = message.get_payload(1).get_payload(decode=True).decode()
    assert page.count("<tr>") == 2  # one row a block, not one a body
    assert "Avon and Somerset, Bedfordshire, Cambridgeshire" in page


def test_the_digest_names_the_requests_not_sent_yet(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path
) -> None:
    handler, port = inbox
    configure(isolated_home, port)
    assert run("add", "kent", "--title", "ANPR", "--unsent").exit_code == 0

    assert run("remind").exit_code == 0

    [message] = handler.messages
    text = message.get_payload(0).get_payload(decode=True).decode()
    page = message.get_payload(1).get_payload(decode=True).decode()
    assert "1 request is not sent yet (no deadline runs until sent): foitrack send 2" in text
    assert "<code>foitrack send 2</code>" in page
    assert message["Subject"] == "foitrack: 1 overdue"  # the unsent one is not overdue


def test_two_desks_reminding_from_a_server_ledger_send_once(
    pg_url: str, inbox: tuple[Inbox, int], isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three desks' cron jobs at once on one PostgreSQL ledger: the advisory
    lock lets one send, the others find its digest recorded."""
    import os
    import subprocess
    import sys

    monkeypatch.setenv("FOITRACK_LEDGER", pg_url)
    monkeypatch.setenv("FOITRACK_TODAY", "2025-06-20")
    assert run("add", "essex", "--title", "LFR", "--sent", "2025-03-10").exit_code == 0
    handler, port = inbox
    configure(isolated_home, port)
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "foitrack", "remind"],
            env={**os.environ},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [r.communicate(timeout=60) for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0], outputs
    assert len(handler.messages) == 1
    assert sum("already sent" in out for out, _ in outputs) == 2


PEOPLE = (
    '[people.alice]\nemail = "alice@example.org"\n[people.bob]\nemail = "bob@example.org"\n'
    '[people.carol]\nemail = "carol@example.org"\n'
)


def _team(ledger: Path) -> None:
    """Four overdue requests: #1 alice's, #2 bob's, #3 nobody's, #4 dave's (no address)."""
    added = run("add", "kent", "norfolk", "suffolk", "--title", "LFR", "--sent", "2025-03-10")
    assert added.exit_code == 0, added.stderr
    for request_id, person in (("1", "alice"), ("2", "bob"), ("4", "dave")):
        # dave is not in [people] yet: assigned before the config named the people
        assert run("assign", request_id, person).exit_code == 0


def _ids(message: Message) -> set[str]:
    body = message.get_payload(0).get_payload(decode=True).decode()
    return {word for word in body.split() if word.startswith("#")}


def test_each_person_gets_their_own_items_and_the_unassigned(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path
) -> None:
    handler, port = inbox
    _team(ledger)
    configure(isolated_home, port, PEOPLE)
    first = run("remind", "--each")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == (
        "sent 'foitrack for alice: 3 overdue' to alice@example.org\n"
        "sent 'foitrack for bob: 3 overdue' to bob@example.org\n"
        "sent 'foitrack for carol: 2 overdue' to carol@example.org\n"
    )
    got = {m["To"]: _ids(m) for m in handler.messages}
    # #3 is nobody's and #4 is dave's, who has no address: everyone gets them
    assert got == {
        "alice@example.org": {"#1", "#3", "#4"},
        "bob@example.org": {"#2", "#3", "#4"},
        "carol@example.org": {"#3", "#4"},
    }
    alice = handler.messages[0].get_payload(0).get_payload(decode=True).decode()
    assert alice.startswith("For alice: 1 assigned to you, 2 assigned to nobody with an address")
    html = handler.messages[0].get_payload(1).get_payload(decode=True).decode()
    assert "<p>For alice: 1 assigned to you" in html
    again = run("remind", "--each")
    assert again.stdout.count("already sent") == 3
    assert len(handler.messages) == 3
    # the whole check to [email] to is a digest of its own
    assert run("remind").stdout == "sent 'foitrack: 4 overdue' to me@example.org\n"


def test_each_failure_records_only_what_was_accepted(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path
) -> None:
    handler, port = inbox
    _team(ledger)
    configure(isolated_home, port, PEOPLE)
    handler.reply = "451 4.3.0 try later"
    failed = run("remind", "--each")
    assert failed.exit_code == 1
    assert "answered 451 4.3.0 try later" in failed.stderr
    handler.reply = None
    assert run("remind", "--each").stdout.count("sent 'foitrack for") == 3
    assert len(handler.messages) == 3


def test_each_dry_run_and_nothing_due(
    ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path
) -> None:
    handler, port = inbox
    _team(ledger)
    configure(isolated_home, port, PEOPLE)
    dry = run("remind", "--each", "--dry-run")
    assert dry.exit_code == 0
    assert dry.stdout.count("Subject: foitrack for ") == 3
    assert "To: carol@example.org" in dry.stdout
    quiet = run("remind", "--each", "--today", "2025-03-11")
    assert quiet.stdout.count("nothing due for") == 3
    assert handler.messages == []


def test_each_needs_people(ledger: Path, inbox: tuple[Inbox, int], isolated_home: Path) -> None:
    _handler, port = inbox
    configure(isolated_home, port)
    path = isolated_home / "config" / "foitrack" / "config.toml"
    result = run("remind", "--each")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"foitrack: error: remind --each sends to the people in your config, and {path} "
        'lists none: add [people.NAME] with email = "..." for each\n'
    )
