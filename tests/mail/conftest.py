"""Real mail servers on localhost for the mail loop's tests, started once a session."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller


class Outbox:
    """What the SMTP server accepted (or, with ``reply``, refuses)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.raw: list[bytes] = []
        self.reply: str | None = None

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.reply:
            return self.reply
        self.raw.append(envelope.content)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Outbox, int]]:
    handler = Outbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def outbox(smtp_server: tuple[Outbox, int]) -> Iterator[tuple[Outbox, int]]:
    """The shared server, emptied for this test."""
    handler, port = smtp_server
    handler.messages.clear()
    handler.raw.clear()
    handler.reply = None
    yield handler, port
    handler.reply = None


def write_config(home: Path, port: int, extra: str = "") -> Path:
    path = home / "config" / "foitrack" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[email]\n"
        'to = "me@example.org"\n'
        'from = "me@example.org"\n'
        'smtp_host = "127.0.0.1"\n'
        f"smtp_port = {port}\n"
        'security = "none"\n'
        "timeout = 5\n" + extra,
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path
