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
import trustme
from aiosmtpd.controller import Controller
from imapclient import IMAPClient


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
    ca = trustme.CA()
    cert = ca.issue_cert("localhost", "127.0.0.1")
    cert.private_key_pem.write_to_path(str(folder / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    process, port = _start(folder, "--cert", "cert.pem", "--key", "key.pem")
    yield Server(port, folder / "ca.pem")
    process.terminate()
    process.wait(10)


@pytest.fixture
def mailbox_folder(imap_server: Server, request: pytest.FixtureRequest) -> str:
    """A folder of its own for each test, on the shared server."""
    name = f"FOI-{request.node.name[:40]}"
    with imap_server.client() as client:
        client.create_folder(name)
    return name


class TlsFront:
    """Implicit TLS (IMAPS, port 993 style) in front of the pymap server, which
    offers STARTTLS only: a TLS listener with the session's certificate that
    relays each connection, bytes unchanged, to pymap, the way stunnel or a
    load balancer fronts a mail server. The IMAP conversation is pymap's own."""

    def __init__(self, backend: int, cert: Path, key: Path) -> None:
        import asyncio
        import threading

        self.backend = backend
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(str(cert), str(key))
        self.loop = asyncio.new_event_loop()
        self.port = free_port()
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self.thread.start()
        if not ready.wait(10):
            raise RuntimeError("the TLS front did not start")

    def _run(self, ready: object) -> None:
        import asyncio

        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._relay, "127.0.0.1", self.port, ssl=self.context)
        )
        ready.set()  # type: ignore[attr-defined]
        self.loop.run_forever()
        server.close()
        self.loop.run_until_complete(server.wait_closed())

    async def _relay(self, reader, writer):  # type: ignore[no-untyped-def]
        import asyncio

        back_reader, back_writer = await asyncio.open_connection("127.0.0.1", self.backend)

        async def pump(source, sink):  # type: ignore[no-untyped-def]
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, ssl.SSLError):
                pass
            finally:
                sink.close()

        await asyncio.gather(pump(reader, back_writer), pump(back_reader, writer))

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="session")
def imaps_server(imap_server: Server) -> Iterator[Server]:
    """The same pymap server reached over implicit TLS."""
    folder = imap_server.ca.parent
    front = TlsFront(imap_server.port, folder / "cert.pem", folder / "key.pem")
    yield Server(front.port, imap_server.ca)
    front.stop()
