"""``inbox fetch`` from a real IMAP server on localhost (pymap, STARTTLS with a
certificate this test session makes), never a mock of the client."""

from __future__ import annotations

import json
from email.message import Message
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.mail.conftest import PASSWORD, USER, Outbox, Server, _start, free_port, write_config
from tests.mail.messages import reply

ACK = (
    "Thank you for your request for information, which we received on 14 April 2025. "
    "Your request has been logged under reference FOI-2025-0412."
)


@pytest.fixture
def sent(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    outbox: tuple[Outbox, int],
    isolated_home: Path,
    imap_server: Server,
) -> Message:
    handler, port = outbox
    monkeypatch.setenv("FOITRACK_LEDGER", str(tmp_path / "ledger.db"))
    monkeypatch.setenv("FOITRACK_TODAY", "2025-04-14")
    monkeypatch.setenv("SSL_CERT_FILE", str(imap_server.ca))  # trust the test's own CA
    monkeypatch.setenv("FOITRACK_IMAP_PASSWORD", PASSWORD)
    write_config(isolated_home, port)
    assert run("add", "essex", "--title", "LFR", "--unsent").exit_code == 0
    run("authorities", "set", "essex", "--email", "foi@essex.police.example")
    assert run("send", "1").exit_code == 0
    return handler.messages[0]


def configure(home: Path, smtp_port: int, imap_port: int, folder: str, extra: str = "") -> None:
    write_config(
        home,
        smtp_port,
        "[inbox]\n"
        'host = "127.0.0.1"\n'
        f"port = {imap_port}\n"
        'security = "starttls"\n'
        f'user = "{USER}"\n'
        f'folder = "{folder}"\n'
        "timeout = 5\n" + extra,
    )


def test_fetch_reads_only_what_is_new_and_leaves_the_folder_as_it_was(
    sent: Message,
    imap_server: Server,
    mailbox_folder: str,
    outbox: tuple[Outbox, int],
    isolated_home: Path,
) -> None:
    configure(isolated_home, outbox[1], imap_server.port, mailbox_folder)
    ack = reply("foi@essex.police.example", f"Re: {sent['Subject']}", ACK,
                in_reply_to=sent["Message-ID"], when="2025-04-15 09:12")  # fmt: skip
    with imap_server.client() as client:
        client.append(mailbox_folder, ack.as_bytes())

    first = run("inbox", "fetch", "--auto", "--today", "2025-04-16")
    again = run("inbox", "fetch", "--auto", "--today", "2025-04-16")

    assert first.exit_code == 0, first.stderr
    assert "1 new messages (0 seen before), 1 recorded" in first.stdout
    # The cursor: the second fetch asks only for UIDs after the last one read.
    assert "0 new messages (0 seen before), 0 recorded" in again.stdout
    shown = json.loads(run("show", "1", "--json", "--today", "2025-04-16").stdout)
    assert [(e["type"], e["date"], e["ref"]) for e in shown["events"]] == [
        ("sent", "2025-04-14", None),
        ("acknowledged", "2025-04-15", "FOI-2025-0412"),
    ]
    with imap_server.client() as client:
        client.select_folder(mailbox_folder, readonly=True)
        flags = client.get_flags(client.search(["ALL"]))
    assert all(b"\\Seen" not in f for f in flags.values())  # read-only: nothing marked

    with imap_server.client() as client:
        client.append(mailbox_folder, reply("x@y.example", "Hello", "Unrelated news.").as_bytes())
    third = run("inbox", "fetch", "--auto", "--today", "2025-04-16")
    assert "1 new messages (0 seen before), 0 recorded" in third.stdout


def test_a_refused_login_exits_1_in_one_line_without_the_password(
    sent: Message,
    imap_server: Server,
    mailbox_folder: str,
    outbox: tuple[Outbox, int],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(isolated_home, outbox[1], imap_server.port, mailbox_folder)
    monkeypatch.setenv("FOITRACK_IMAP_PASSWORD", "wrong-Secret-42")

    done = run("inbox", "fetch")

    assert done.exit_code == 1
    assert done.stderr == (
        f"foitrack: failed: the IMAP server at 127.0.0.1:{imap_server.port} refused the "
        f"login for {USER}\n"
    )
    assert "wrong-Secret-42" not in done.stdout + done.stderr


def test_a_certificate_nobody_vouches_for_is_refused(
    sent: Message,
    imap_server: Server,
    mailbox_folder: str,
    outbox: tuple[Outbox, int],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(isolated_home, outbox[1], imap_server.port, mailbox_folder)
    monkeypatch.setenv("SSL_CERT_FILE", str(Path(__file__)))  # no CA the server's chains to

    done = run("inbox", "fetch")

    assert done.exit_code == 1
    assert done.stderr.startswith(
        f"foitrack: failed: no secure connection to the IMAP server at 127.0.0.1:{imap_server.port}"
    )
    assert len(done.stderr.splitlines()) == 1


def test_a_server_without_starttls_is_refused_not_downgraded(
    sent: Message, outbox: tuple[Outbox, int], isolated_home: Path, tmp_path: Path
) -> None:
    process, port = _start(tmp_path, "--no-tls")
    try:
        configure(isolated_home, outbox[1], port, "INBOX")
        done = run("inbox", "fetch")
    finally:
        process.terminate()
        process.wait(10)

    assert done.exit_code == 1
    assert done.stderr == (
        f"foitrack: failed: the IMAP server at 127.0.0.1:{port} does not offer STARTTLS: "
        'foitrack will not log in without TLS (set inbox.security = "ssl" if it offers that)\n'
    )
    assert json.loads(run("inbox", "--json", "--all").stdout)["items"] == []


def test_a_server_that_is_not_there_exits_1(
    sent: Message, outbox: tuple[Outbox, int], isolated_home: Path
) -> None:
    configure(isolated_home, outbox[1], free_port(), "INBOX")

    done = run("inbox", "fetch")

    assert done.exit_code == 1
    assert done.stderr.startswith("foitrack: failed: cannot reach the IMAP server at 127.0.0.1:")


def test_implicit_tls_reads_the_folder_and_mark_seen_flags_what_was_read(
    sent: Message,
    imap_server: Server,
    imaps_server: Server,
    mailbox_folder: str,
    outbox: tuple[Outbox, int],
    isolated_home: Path,
) -> None:
    configure(isolated_home, outbox[1], imaps_server.port, mailbox_folder, "mark_seen = true\n")
    config = isolated_home / "config" / "foitrack" / "config.toml"
    config.write_text(config.read_text().replace('security = "starttls"', 'security = "ssl"'))
    ack = reply("foi@essex.police.example", f"Re: {sent['Subject']}", ACK,
                in_reply_to=sent["Message-ID"], when="2025-04-15 09:12")  # fmt: skip
    with imap_server.client() as client:
        client.append(mailbox_folder, ack.as_bytes())
        client.append(mailbox_folder, reply("x@y.example", "Hello", "Unrelated news.").as_bytes())

    done = run("inbox", "fetch", "--auto", "--today", "2025-04-16")

    assert done.exit_code == 0, done.stderr
    assert "2 new messages (0 seen before), 1 recorded" in done.stdout
    with imap_server.client() as client:
        client.select_folder(mailbox_folder, readonly=True)
        flags = client.get_flags(client.search(["ALL"]))
    assert len(flags) == 2
    assert all(b"\\Seen" in f for f in flags.values())  # mark_seen: both read, both flagged
    again = run("inbox", "fetch", "--auto", "--today", "2025-04-16")
    assert "0 new messages (0 seen before), 0 recorded" in again.stdout


def test_implicit_tls_with_a_certificate_nobody_vouches_for_is_refused(
    sent: Message,
    imaps_server: Server,
    mailbox_folder: str,
    outbox: tuple[Outbox, int],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(isolated_home, outbox[1], imaps_server.port, mailbox_folder)
    config = isolated_home / "config" / "foitrack" / "config.toml"
    config.write_text(config.read_text().replace('security = "starttls"', 'security = "ssl"'))
    monkeypatch.setenv("SSL_CERT_FILE", str(Path(__file__)))  # no CA the server's chains to

    done = run("inbox", "fetch")

    assert done.exit_code == 1
    where = f"127.0.0.1:{imaps_server.port}"
    assert done.stderr.startswith(
        f"foitrack: failed: no secure connection to the IMAP server at {where}"
    )
    assert len(done.stderr.splitlines()) == 1
    assert json.loads(run("inbox", "--json", "--all").stdout)["items"] == []
