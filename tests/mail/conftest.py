"""Real mail servers on localhost for the mail loop's tests, started once a session."""

from __future__ import annotations

import email
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from imapclient import IMAPClient

from tests.tls import TlsFront, certificates, free_port


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


USER, PASSWORD = "demouser", "demopass"


class Server:
    def __init__(self, port: int, ca: Path) -> None:
        self.port, self.ca = port, ca

    def client(self) -> IMAPClient:
        context = ssl.create_default_context(cafile=str(self.ca))
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=5)
        client.starttls(context)
        client.login(USER, PASSWORD)
        return client


def _start(folder: Path, *options: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    pymap = Path(sys.executable).parent / "pymap"
    process = subprocess.Popen(
        [str(pymap), "--host", "127.0.0.1", "--port", str(port), *options, "dict", "--demo-data"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("pymap did not start")


@pytest.fixture(scope="session")
def imap_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("imap")
    ca = certificates(folder)
    process, port = _start(folder, "--cert", "cert.pem", "--key", "key.pem")
    yield Server(port, ca)
    process.terminate()
    process.wait(10)


@pytest.fixture
def mailbox_folder(imap_server: Server, request: pytest.FixtureRequest) -> str:
    """A folder of its own for each test, on the shared server."""
    name = f"FOI-{request.node.name[:40]}"
    with imap_server.client() as client:
        client.create_folder(name)
    return name


@pytest.fixture(scope="session")
def imaps_server(imap_server: Server) -> Iterator[Server]:
    """The same pymap server reached over implicit TLS."""
    folder = imap_server.ca.parent
    front = TlsFront(imap_server.port, folder / "cert.pem", folder / "key.pem")
    yield Server(front.port, imap_server.ca)
    front.stop()
