"""A TLS front for the tests' servers, the way stunnel or a load balancer
fronts one: a listener with a trustme certificate that relays each
connection, bytes unchanged, to a server on this machine.

Two kinds: implicit TLS (IMAPS, port 993 style) in front of pymap, which
offers STARTTLS only; and PostgreSQL's own negotiation (the client asks with
an SSLRequest, the front answers 'S' and takes the handshake) in front of the
test PostgreSQL server, whose build has no TLS. The conversation behind the
front is the real server's own.
"""

from __future__ import annotations

import socket
import ssl
import struct
from pathlib import Path

#: The codes of PostgreSQL's SSLRequest and GSSENCRequest (protocol 3).
SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104


def certificates(folder: Path) -> Path:
    """A new CA and a certificate it signed for localhost and 127.0.0.1, as
    ``cert.pem`` and ``key.pem`` in ``folder``; the CA's own is returned."""
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("localhost", "127.0.0.1")
    cert.private_key_pem.write_to_path(str(folder / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(folder / "cert.pem"))
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    return folder / "ca.pem"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TlsFront:
    """Relay TLS connections on :attr:`port` to ``backend`` on 127.0.0.1;
    ``postgres``: negotiate TLS as a PostgreSQL server does."""

    def __init__(self, backend: int, cert: Path, key: Path, *, postgres: bool = False) -> None:
        import asyncio
        import threading

        self.backend = backend
        self.postgres = postgres
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
        # PostgreSQL's TLS starts inside its own protocol: the socket opens plain.
        context = None if self.postgres else self.context
        server = self.loop.run_until_complete(
            asyncio.start_server(self._relay, "127.0.0.1", self.port, ssl=context)
        )
        ready.set()  # type: ignore[attr-defined]
        self.loop.run_forever()
        server.close()
        self.loop.run_until_complete(server.wait_closed())

    async def _negotiate(self, reader, writer) -> bytes | None:  # type: ignore[no-untyped-def]
        """PostgreSQL's opening: TLS when asked (what a plain client sent
        first is returned, to pass on), GSS encryption declined."""
        while True:
            first = await reader.readexactly(8)
            _length, code = struct.unpack("!ii", first)
            if code == GSSENC_REQUEST:
                writer.write(b"N")
                await writer.drain()
                continue
            if code != SSL_REQUEST:
                return first  # a client that wants no TLS: relayed as it is
            writer.write(b"S")
            await writer.drain()
            await writer.start_tls(self.context)
            return b""

    async def _relay(self, reader, writer):  # type: ignore[no-untyped-def]
        import asyncio

        opening = b""
        if self.postgres:
            try:
                opening = await self._negotiate(reader, writer)
            except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
                writer.close()
                return
        back_reader, back_writer = await asyncio.open_connection("127.0.0.1", self.backend)
        if opening:
            back_writer.write(opening)

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
