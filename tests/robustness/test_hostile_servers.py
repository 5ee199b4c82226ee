"""Mail servers that misbehave, and a password that must not leak (issue 16)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.cli.helpers import run, run_process
from tests.notify.test_remind import Inbox, authenticator, configure, free_port
from tests.robustness.test_mail_faults import digests


@pytest.fixture
def chatty_server() -> Iterator[int]:
    """Greets with a continuation line every 50 ms, for ever: no single read
    ever times out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    stop = threading.Event()

    def talk(connection: socket.socket) -> None:
        with connection:
            while not stop.is_set():
                try:
                    connection.sendall(b"220-welcome, and welcome again\r\n")
                except OSError:
                    return
                time.sleep(0.05)

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=talk, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    listener.close()


def test_a_server_that_never_stops_greeting_is_cut_off(
    ledger: Path, isolated_home: Path, chatty_server: int
) -> None:
    configure(isolated_home, chatty_server)
    path = isolated_home / "config" / "foitrack" / "config.toml"
    path.write_text(path.read_text().replace("timeout = 5", "timeout = 1"))
    started = time.monotonic()
    result = run_process("remind")  # a process, so a hang fails the test after 60 s
    assert result.exit_code == 1, result.stderr
    assert result.stderr.endswith("did not finish in 4 s (4 times email.timeout): gave up\n")
    assert time.monotonic() - started < 15  # 4 times the 1 s timeout, plus the start
    assert digests(ledger) == 0


class BadQuit(Inbox):
    """Accepts the message, then answers QUIT with an error."""

    async def handle_QUIT(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return "421 going away badly"


def test_an_accepted_digest_is_recorded_whatever_quit_answers(
    ledger: Path, isolated_home: Path
) -> None:
    handler = BadQuit()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        configure(isolated_home, port)
        first = run("remind")
        assert first.exit_code == 0, first.stderr
        assert digests(ledger) == 1
        second = run("remind")
        assert "already sent" in second.stdout
        assert len(handler.messages) == 1  # no duplicate on the next run
    finally:
        controller.stop()


def test_no_login_without_tls_except_on_this_machine(
    ledger: Path, isolated_home: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "password-asked"
    configure(isolated_home, 25, f'username = "me"\npassword_command = "touch {marker}"\n')
    path = isolated_home / "config" / "foitrack" / "config.toml"
    path.write_text(path.read_text().replace('"127.0.0.1"', '"192.0.2.1"'))
    result = run("remind")
    assert result.exit_code == 2
    assert result.stderr == (
        'foitrack: error: email.security is "none": foitrack will not send the password for '
        'me unencrypted to 192.0.2.1; set security = "starttls" or "ssl" (without TLS only '
        "a server on this machine, such as localhost or 127.0.0.1, may be given a login)\n"
    )
    assert not marker.exists()  # the password was not even fetched
    assert digests(ledger) == 0
    doctor = run("doctor")
    assert doctor.exit_code == 1
    assert "would send the password unencrypted" in doctor.stdout


def test_a_login_on_this_machine_without_tls_is_allowed(
    ledger: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.notify.test_remind import SECRET

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
    try:
        configure(isolated_home, port, 'username = "me"\n')
        monkeypatch.setenv("FOITRACK_SMTP_PASSWORD", SECRET)
        assert run("remind").exit_code == 0
        assert len(handler.messages) == 1
    finally:
        controller.stop()


def test_a_non_ascii_password_is_not_echoed(
    ledger: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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
    secret = "pa\u00dfw\u00f6rt-\u20ac"
    try:
        configure(isolated_home, port, 'username = "me"\n')
        monkeypatch.setenv("FOITRACK_SMTP_PASSWORD", secret)
        result = run("remind")
        assert result.exit_code == 1
        output = result.stdout + result.stderr
        for character in {c for c in secret if not c.isascii()}:
            assert character not in output
        assert "position" not in output and "\\x" not in output and "\\u" not in output
        assert result.stderr == (
            "foitrack: failed: the login for me holds a character that is not ASCII (in the "
            "user name or the password), which SMTP logins here cannot send\n"
        )
    finally:
        controller.stop()
