"""A PostgreSQL ledger under concurrent desks, kills and server faults.

Each test has its own database on the session's real server (tests/postgres.py).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import psycopg
import pytest

from foitrack.calendars import Calendars
from foitrack.services.ledger import Ledger

TODAY = "2025-06-20"


def foitrack(*args: str) -> list[str]:
    return [sys.executable, "-m", "foitrack", *args]


def environment(url: str) -> dict[str, str]:
    return {**os.environ, "FOITRACK_TODAY": TODAY, "FOITRACK_LEDGER": url}


def run(url: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        foitrack(*args), env=environment(url), capture_output=True, text=True, timeout=timeout
    )


def titles(url: str, calendars: Calendars) -> list[str]:
    ledger = Ledger.open(url, calendars)
    try:
        return sorted(r.title for r in ledger.store.requests())
    finally:
        ledger.close()


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_four_desks_adding_250_each_make_1000_requests(pg_url: str, calendars: Calendars) -> None:
    script = (
        "import sys\n"
        "from foitrack.cli import app\n"
        "from foitrack.calendars import Calendars\n"
        "from foitrack import paths\n"
        "from foitrack.services.ledger import Ledger\n"
        "from foitrack.services.requests import NewRequest, add_requests\n"
        "from datetime import date\n"
        "ledger = Ledger.open(sys.argv[2], Calendars(paths.cache_dir()))\n"
        "for n in range(250):\n"
        "    add_requests(ledger, NewRequest(authorities=('essex',), title=f'{sys.argv[1]} {n}',"
        " sent=date(2025, 6, 2)))\n"
        "ledger.close()\n"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, name, pg_url],
            env=environment(pg_url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for name in ("a", "b", "c", "d")
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors
    ledger = Ledger.open(pg_url, calendars)
    try:
        requests = list(ledger.store.requests())
    finally:
        ledger.close()
    assert len(requests) == 1000
    assert sorted(r.id for r in requests) == list(range(1, 1001))
    assert sorted(r.title for r in requests) == sorted(
        f"{w} {n}" for w in "abcd" for n in range(250)
    )


def test_a_kill_during_a_49_force_add_leaves_none_or_all(pg_url: str, calendars: Calendars) -> None:
    assert run(pg_url, "add", "essex", "--title", "before").returncode == 0
    random.seed(19)
    expected = ["before"]
    for attempt in range(6):
        child = subprocess.Popen(
            foitrack("add", "all-police", "--title", f"LFR {attempt}"),
            env=environment(pg_url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(random.uniform(0.3, 1.2))
        child.send_signal(signal.SIGKILL)
        child.wait()
        found = titles(pg_url, calendars)
        added = found.count(f"LFR {attempt}")
        assert added in (0, 49), f"attempt {attempt}: {added} of 49 written"
        expected += [f"LFR {attempt}"] * added
        assert found == sorted(expected)


def _held(url: str) -> psycopg.Connection:  # type: ignore[type-arg]
    """Another desk's transaction holding request 1's row."""
    other = psycopg.connect(url)
    other.execute("SELECT id FROM request WHERE id = 1 FOR UPDATE")
    return other


def _waiting(postgres, database: str) -> int:  # type: ignore[no-untyped-def]
    """The backend of a foitrack waiting for a lock in ``database``."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rows = postgres.sql(
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'foitrack' "
            f"AND datname = '{database}' AND wait_event_type = 'Lock'"
        )
        if rows:
            return int(rows[0][0])
        time.sleep(0.05)
    raise AssertionError("no foitrack waited for the row lock")


def _with_a_response(url: str) -> None:
    assert run(url, "add", "essex", "--title", "LFR", "--sent", "2025-04-01").returncode == 0
    done = run(url, "log", "1", "responded", "--outcome", "refused", "--date", "2025-05-01")
    assert done.returncode == 0, done.stderr


def test_two_desks_logging_a_review_request_one_wins(pg_url: str, calendars: Calendars) -> None:
    """Both desks wait for the row lock; the first records, the second then
    reads its event under the lock and is told, in one line."""
    _with_a_response(pg_url)
    holder = _held(pg_url)
    desks = [
        subprocess.Popen(
            foitrack("log", "1", "review-requested", "--date", "2025-06-02"),
            env=environment(pg_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(1.5)
    assert [desk.poll() for desk in desks] == [None, None], "a desk did not wait for the lock"
    holder.rollback()
    holder.close()
    results = [(desk.wait(60), desk.stderr.read()) for desk in desks]  # type: ignore[union-attr]
    assert sorted(code for code, _ in results) == [0, 2], results
    [told] = [errors for code, errors in results if code == 2]
    assert told.count("\n") == 1 and "already has this review-requested event" in told
    ledger = Ledger.open(pg_url, calendars)
    try:
        events = [e.type.value for e in ledger.store.get(1).events]
    finally:
        ledger.close()
    assert events.count("review-requested") == 1


def test_a_connection_killed_mid_command_writes_nothing(
    pg_url: str, postgres, calendars: Calendars
) -> None:  # type: ignore[no-untyped-def]
    _with_a_response(pg_url)
    database = pg_url.rsplit("/", 1)[1]
    holder = _held(pg_url)
    child = subprocess.Popen(
        foitrack("log", "1", "review-requested", "--date", "2025-06-02"),
        env=environment(pg_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    pid = _waiting(postgres, database)
    postgres.sql(f"SELECT pg_terminate_backend({pid})")
    _, errors = child.communicate(timeout=60)
    holder.rollback()
    holder.close()
    assert child.returncode == 1, errors
    assert errors.count("\n") == 1 and "lost the connection" in errors, errors
    assert "t3st-Secret" not in errors
    ledger = Ledger.open(pg_url, calendars)
    try:
        assert [e.type.value for e in ledger.store.get(1).events][-1] == "responded"
    finally:
        ledger.close()


def test_a_connection_killed_mid_49_force_add_writes_none(
    pg_url: str, postgres, calendars: Calendars
) -> None:  # type: ignore[no-untyped-def]
    """The add's transaction waits to insert (another desk locks the table),
    and the server ends its connection: exit 1 in one line, no request written."""
    assert run(pg_url, "add", "essex", "--title", "before").returncode == 0
    database = pg_url.rsplit("/", 1)[1]
    holder = psycopg.connect(pg_url)
    holder.execute("LOCK TABLE request IN EXCLUSIVE MODE")  # reads pass, writes wait
    child = subprocess.Popen(
        foitrack("add", "all-police", "--title", "LFR"),
        env=environment(pg_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    pid = _waiting(postgres, database)
    postgres.sql(f"SELECT pg_terminate_backend({pid})")
    _, errors = child.communicate(timeout=60)
    holder.rollback()
    holder.close()
    assert child.returncode == 1, errors
    assert errors.count("\n") == 1 and "lost the connection" in errors, errors
    assert titles(pg_url, calendars) == ["before"]


def test_the_password_from_pgpassword_or_pgpass(pg_url: str, postgres, isolated_home) -> None:  # type: ignore[no-untyped-def]
    bare = pg_url.replace(":t3st-Secret@", "@")
    env = {**environment(bare), "PGPASSWORD": "t3st-Secret"}
    by_env = subprocess.run(foitrack("due", "--json"), env=env, capture_output=True, text=True)
    assert by_env.returncode == 0, by_env.stderr
    pgpass = isolated_home / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{postgres.port}:*:postgres:t3st-Secret\n")
    pgpass.chmod(0o600)
    env.pop("PGPASSWORD")
    by_file = subprocess.run(foitrack("due", "--json"), env=env, capture_output=True, text=True)
    assert by_file.returncode == 0, by_file.stderr
    pgpass.unlink()
    none = subprocess.run(foitrack("due"), env=env, capture_output=True, text=True)
    assert none.returncode == 1 and "refused the login" in none.stderr


def test_a_statement_timeout_says_so_and_writes_nothing(pg_url: str, calendars: Calendars) -> None:
    _with_a_response(pg_url)
    holder = _held(pg_url)
    slow = f"{pg_url}?options=-c%20statement_timeout%3D500"
    try:
        result = run(slow, "log", "1", "review-requested", "--date", "2025-06-02")
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 1
    assert "statement_timeout" in one_line(result)
    ledger = Ledger.open(pg_url, calendars)
    try:
        assert [e.type.value for e in ledger.store.get(1).events][-1] == "responded"
    finally:
        ledger.close()


def test_a_wrong_password_and_a_refused_tls_are_one_line(pg_url: str) -> None:
    wrong = pg_url.replace(":t3st-Secret@", ":wrong-one@")
    result = run(wrong, "due")
    assert result.returncode == 1
    line = one_line(result)
    assert "refused the login" in line and "wrong-one" not in line and "***" in line
    tls = run(f"{pg_url}?sslmode=require", "due")
    assert tls.returncode == 1
    assert "no TLS connection" in one_line(tls) and "t3st-Secret" not in tls.stderr


def test_a_password_command_is_run_when_the_server_asks(pg_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config.toml"
    script = tmp_path / "secret.sh"
    script.write_text("#!/bin/sh\necho t3st-Secret\n")
    script.chmod(0o700)
    bare = pg_url.replace(":t3st-Secret@", "@")
    config.write_text(f'[ledger]\nurl = "{bare}"\npassword_command = "{script}"\n')
    env = {**os.environ, "FOITRACK_TODAY": TODAY, "FOITRACK_CONFIG": str(config)}
    env.pop("FOITRACK_LEDGER", None)
    env.pop("PGPASSWORD", None)
    result = subprocess.run(foitrack("due", "--json"), env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert '"items": []' in result.stdout


def test_a_server_that_is_down_is_one_line_and_back_when_it_is(postgres, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    postgres.stop()
    try:
        result = run(pg_url, "due")
    finally:
        postgres.start()
    assert result.returncode == 1
    assert "cannot reach the PostgreSQL server" in one_line(result)
    assert run(pg_url, "due").returncode == 0


def test_a_newer_schema_is_refused(postgres, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    database = pg_url.rsplit("/", 1)[1]
    postgres.sql("UPDATE meta SET value = '99' WHERE key = 'schema'", database=database)
    result = run(pg_url, "due")
    assert result.returncode == 2
    assert "written by a newer foitrack (schema 99); upgrade foitrack" in one_line(result)


def test_two_desks_holding_the_remind_lock_wait_for_each_other(
    pg_url: str, calendars: Calendars
) -> None:
    first = Ledger.open(pg_url, calendars)
    second = Ledger.open(pg_url, calendars)
    try:
        with (
            first.exclusive("remind", 1, lambda: RuntimeError("busy")),
            pytest.raises(RuntimeError, match="busy"),
            second.exclusive("remind", 0.3, lambda: RuntimeError("busy")),
        ):
            pass
        with second.exclusive("remind", 1, lambda: RuntimeError("busy")):
            pass
    finally:
        first.close()
        second.close()


def _at_once(url: str, count: int, *args: str) -> list[tuple[int, str]]:
    desks = [
        subprocess.Popen(
            foitrack(*args),
            env=environment(url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    return [(desk.wait(120), desk.stderr.read()) for desk in desks]  # type: ignore[union-attr]


@pytest.mark.parametrize("authority, made", [("essex", 1), ("all-police", 49)])
def test_desks_adding_the_same_request_at_once_make_it_once(
    pg_url: str, calendars: Calendars, authority: str, made: int
) -> None:
    """Issue 19: six desks add the same request at once (to one force, or the
    49): whether foitrack's read or the server's unique index catches them, one
    adds it and the others are refused in one line, nothing of theirs kept."""
    for round, title in enumerate(["LFR", "LFR costs", "LFR vans"]):
        results = _at_once(pg_url, 6, "add", authority, "--title", title, "--sent", "2025-04-14")
        assert sorted(code for code, _ in results) == [0, 2, 2, 2, 2, 2], results
        for code, errors in results:
            if code == 2:
                assert errors.count("\n") == 1 and "Traceback" not in errors, errors
                assert errors.startswith("foitrack: error: request"), errors
                assert errors.endswith(
                    "this title and sent date: nothing added (a different --title records "
                    "another)\n"
                ), errors
        assert len(titles(pg_url, calendars)) == made * (round + 1)
