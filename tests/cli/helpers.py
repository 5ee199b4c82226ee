"""Running the CLI in tests: in-process with CliRunner, or as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from foitrack.cli import app


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Run ``foitrack ARGS`` in-process; stdout and stderr kept apart."""
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 always keeps them apart
        runner = CliRunner()
    result = runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run ``python -m foitrack ARGS`` as a real subprocess."""
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "foitrack", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def digest(ledger: Path | str) -> str:
    """What a ledger holds, as one hash: a file's bytes ("absent" if there is
    none), or every row of a PostgreSQL ledger's tables, in order."""
    import hashlib

    if isinstance(ledger, Path):
        return hashlib.sha256(ledger.read_bytes()).hexdigest() if ledger.exists() else "absent"
    import psycopg

    rows = []
    with psycopg.connect(ledger) as db:
        for table in (
            "request",
            "event",
            "authority",
            "authority_group",
            "digest",
            "mail",
            "document",
        ):
            rows.append(repr(db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def kept_documents(ledger: Path | str) -> bool:
    """Whether the ledger keeps any document: a folder beside a ledger file, or
    a row of a server ledger's document table."""
    if isinstance(ledger, Path):
        return ledger.with_name(f"{ledger.name}.documents").exists()
    import psycopg

    with psycopg.connect(ledger) as db:
        return bool(db.execute("SELECT count(*) FROM document").fetchone()[0])
