"""A flaky mail server: every fault exits 1, records nothing, and the next run sends."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.cli.helpers import run
from tests.notify.test_remind import Inbox, configure, free_port


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word: the client must time out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(2)
    for connection in held:
        connection.close()
    listener.close()


class DropDuringData(Inbox):
    """Hangs up in the middle of the message's DATA."""

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        server.transport.close()
        return None


def digests(ledger: Path) -> int:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(ledger)) as db:
        return int(db.execute("SELECT count(*) FROM digest").fetchone()[0])


def test_a_server_that_never_answers_times_out(
    ledger: Path, isolated_home: Path, silent_server: int
) -> None:
    configure(isolated_home, silent_server)
    path = isolated_home / "config" / "foitrack" / "config.toml"
    path.write_text(path.read_text().replace("timeout = 5", "timeout = 1"))
    result = run("remind")
    assert result.exit_code == 1
    assert "did not answer in time" in result.stderr or "closed the connection" in result.stderr
    assert digests(ledger) == 0


def test_a_connection_dropped_during_data(ledger: Path, isolated_home: Path) -> None:
    handler = DropDuringData()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        configure(isolated_home, port)
        result = run("remind")
        assert result.exit_code == 1, result.stdout
        assert result.stderr.startswith("foitrack: failed: ")
        assert digests(ledger) == 0
    finally:
        controller.stop()
    good = Inbox()
    port = free_port()
    controller = Controller(good, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        configure(isolated_home, port)
        assert run("remind").exit_code == 0
        assert len(good.messages) == 1
        assert digests(ledger) == 1
    finally:
        controller.stop()
