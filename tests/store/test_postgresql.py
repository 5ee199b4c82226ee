"""What only a PostgreSQL ledger does: its schema, its limits, moving in and out,
and what doctor says of it. (The contract suite runs on it too.)"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from foitrack.calendars import Calendars
from foitrack.core.errors import LedgerError
from foitrack.core.events import Event, EventType
from foitrack.services.ledger import Ledger
from foitrack.store.base import Digest, Mail, Request
from foitrack.store.sql import POSTGRESQL, SCHEMA_VERSION, SQLITE, migrations, statements
from tests.cli.helpers import digest, run


def test_the_migrations_are_numbered_as_sqlites() -> None:
    assert len(migrations(POSTGRESQL)) == len(migrations(SQLITE)) == SCHEMA_VERSION


def test_init_creates_the_schema_once(pg_empty: str, postgres) -> None:  # type: ignore[no-untyped-def]
    first = run("init", "--ledger", pg_empty)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == f"created {pg_empty.replace(':t3st-Secret@', ':***@')}\n"
    again = run("init", "--ledger", pg_empty)
    assert again.exit_code == 0 and "a ledger already exists" in again.stderr
    database = pg_empty.rsplit("/", 1)[1]
    assert postgres.sql("SELECT value FROM meta WHERE key = 'schema'", database=database) == [
        (str(SCHEMA_VERSION),)
    ]
    # The daily check's index is there, as on SQLite.
    indexes = postgres.sql(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'request'", database=database
    )
    assert {"request_watch", "request_last_event"} <= {name for (name,) in indexes}


def test_a_nul_in_text_is_refused_in_one_line_and_nothing_written(
    pg_url: str, calendars: Calendars
) -> None:
    ledger = Ledger.open(pg_url, calendars)
    try:
        nul = Request(0, "essex", "a\x00b", "foia", date(2025, 4, 14), date(2025, 4, 14))
        with pytest.raises(LedgerError, match=r"cannot keep the NUL character"):
            ledger.store.add([nul])
        assert list(ledger.store.requests()) == []
    finally:
        ledger.close()


def test_sqlite_to_postgresql_and_back_is_lossless(
    tmp_path: Path, pg_url: str, calendars: Calendars, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOITRACK_TODAY", "2025-06-20")
    source = tmp_path / "desk.db"
    assert run("add", "all-police", "--title", "LFR", "--sent", "2025-05-01", "--ledger",
               str(source)).exit_code == 0  # fmt: skip
    assert run("log", "3", "responded", "--outcome", "refused", "--date", "2025-05-20",
               "--ledger", str(source)).exit_code == 0  # fmt: skip
    ledger = Ledger.open(source, calendars)
    try:
        ledger.store.record_digest(Digest(date(2025, 6, 2), "me@x.org", "1 overdue", "07:00"))
        ledger.store.save_mail(
            Mail(0, "in", "<a@b>", "ab" * 32, "proposed", sender="foi@essex", subject="re")
        )
    finally:
        ledger.close()
    exported = tmp_path / "desk.json"
    assert run("export", "--format", "json", "-o", str(exported), "--ledger",
               str(source)).exit_code == 0  # fmt: skip
    moved = run("import", str(exported), "--ledger", pg_url)
    assert moved.exit_code == 0, moved.stderr
    back = tmp_path / "back.json"
    assert run("export", "--format", "json", "-o", str(back), "--ledger", pg_url).exit_code == 0
    # Everything comes back, the correspondence too.
    written = json.loads(exported.read_text())
    assert json.loads(back.read_text()) == written
    assert written["mail"][0]["message_id"] == "<a@b>"
    assert written["digest"] and len(written["request"]) == 49
    due = [run("due", "--json", "--ledger", where).stdout for where in (str(source), pg_url)]
    assert due[0] == due[1]
    # New requests on the server continue after the imported ids.
    assert run("add", "essex", "--title", "next", "--ledger", pg_url).exit_code == 0
    assert json.loads(run("show", "50", "--json", "--ledger", pg_url).stdout)["title"] == "next"


def test_doctor_checks_the_connection_tls_schema_and_role(pg_url: str) -> None:
    result = run("doctor", "--json", "--ledger", pg_url)
    checks = [c for c in json.loads(result.stdout)["checks"] if c["area"] == "ledger"]
    assert checks[0]["level"] == "ok" and f"schema {SCHEMA_VERSION}" in checks[0]["message"]
    assert "t3st-Secret" not in result.stdout
    levels = {c["message"].split(":")[0]: c["level"] for c in checks[1:]}
    assert levels["the connection is not encrypted (no TLS)"] == "warning"
    assert (
        levels["the role postgres is a superuser and can create databases and can create roles"]
        == "warning"
    )


def test_doctor_on_a_limited_role_says_it_can_do_no_more(pg_url: str, postgres) -> None:  # type: ignore[no-untyped-def]
    database = pg_url.rsplit("/", 1)[1]
    postgres.sql(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'desk') THEN "
        "CREATE ROLE desk LOGIN PASSWORD 'desk-pw'; END IF; END $$",
        f"GRANT CONNECT ON DATABASE {database} TO desk",
    )
    postgres.sql(
        "GRANT USAGE ON SCHEMA public TO desk",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO desk",
        "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO desk",
        database=database,
    )
    url = postgres.url(database, user="desk", password="desk-pw")
    assert run("add", "essex", "--title", "LFR", "--ledger", url).exit_code == 0
    result = run("doctor", "--json", "--ledger", url)
    messages = [c["message"] for c in json.loads(result.stdout)["checks"]]
    assert "the role desk can do no more than it needs" in messages


def test_a_letter_is_kept_in_the_ledger_and_moves_out_and_in(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """respond --file keeps the letter in the server ledger (no folder beside
    it), in the same transaction as its event; export writes it out beside the
    file, import into a SQLite ledger and back into a new server ledger brings
    it along, byte for byte."""
    monkeypatch.setenv("FOITRACK_TODAY", "2025-06-20")
    letter = Path(__file__).parent.parent / "fixtures" / "responses" / "kent-s12-cost-s16.txt"
    assert run("add", "kent", "--title", "LFR", "--sent", "2025-05-01", "--ledger",
               pg_url).exit_code == 0  # fmt: skip
    done = run("respond", "1", "--file", str(letter), "--yes", "--ledger", pg_url)
    assert done.exit_code == 0, done.stderr
    again = run("respond", "1", "--file", str(letter), "--yes", "--ledger", pg_url)
    assert again.exit_code == 2 and "is already logged for request 1" in again.stderr
    out = tmp_path / "out.json"
    assert run("export", "--format", "json", "-o", str(out), "--ledger", pg_url).exit_code == 0
    written = tmp_path / "out.json.documents" / "1" / letter.name
    assert written.read_bytes() == letter.read_bytes()
    [event] = [e for e in json.loads(out.read_text())["request"][0]["event"] if "document" in e]
    assert event["document"] == f"1/{letter.name}"
    local = tmp_path / "desk.db"
    assert run("import", str(out), "--ledger", str(local)).exit_code == 0
    assert (tmp_path / "desk.db.documents" / "1" / letter.name).read_bytes() == letter.read_bytes()
    again_out = tmp_path / "again.json"
    assert run("export", "--format", "json", "-o", str(again_out), "--ledger",
               str(local)).exit_code == 0  # fmt: skip
    assert json.loads(again_out.read_text()) == json.loads(out.read_text())


def test_import_into_a_server_keeps_the_documents(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOITRACK_TODAY", "2025-06-20")
    letter = Path(__file__).parent.parent / "fixtures" / "responses" / "kent-s12-cost-s16.txt"
    local = tmp_path / "desk.db"
    assert run("add", "kent", "--title", "LFR", "--sent", "2025-05-01", "--ledger",
               str(local)).exit_code == 0  # fmt: skip
    assert run("respond", "1", "--file", str(letter), "--yes", "--ledger",
               str(local)).exit_code == 0  # fmt: skip
    out = tmp_path / "out.toml"
    assert run("export", "-o", str(out), "--ledger", str(local)).exit_code == 0
    moved = run("import", str(out), "--ledger", pg_url)
    assert moved.exit_code == 0, moved.stderr
    back = tmp_path / "back.toml"
    assert run("export", "-o", str(back), "--ledger", pg_url).exit_code == 0
    assert back.read_text() == out.read_text()
    kept = tmp_path / "back.toml.documents" / "1" / letter.name
    assert kept.read_bytes() == letter.read_bytes()


def test_a_letter_that_cannot_be_logged_leaves_nothing_on_a_server(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, postgres
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FOITRACK_LEDGER", pg_url)
    monkeypatch.setenv("FOITRACK_TODAY", "2025-06-20")
    assert run("add", "kent", "--title", "LFR", "--sent", "2025-05-01").exit_code == 0
    before = digest(pg_url)
    letter = Path(__file__).parent.parent / "fixtures" / "responses" / "kent-s12-cost-s16.txt"
    # Dated before the request was sent: refused, and neither event nor letter kept.
    result = run("respond", "1", "--file", str(letter), "--yes", "--date", "2025-04-01")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "t3st-Secret" not in result.stderr
    assert digest(pg_url) == before
    database = pg_url.rsplit("/", 1)[1]
    assert postgres.sql("SELECT count(*) FROM document", database=database) == [(0,)]


def test_a_write_the_server_cancels_for_a_deadlock_is_tried_again(
    pg_url: str, calendars: Calendars, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server breaks a deadlock by cancelling one transaction (nothing of it
    written): the store runs its write again, and it is written once."""
    import psycopg

    from foitrack.store.postgresql import PostgresStore

    ledger = Ledger.open(pg_url, calendars)
    try:
        store = ledger.server
        calls = []
        real = PostgresStore._write_cache

        def deadlocked_once(self: PostgresStore, request: Request) -> None:
            calls.append(request.title)
            if len(calls) == 1:
                raise psycopg.errors.DeadlockDetected("deadlock detected")
            real(self, request)

        monkeypatch.setattr(PostgresStore, "_write_cache", deadlocked_once)
        ids = store.add([Request(0, "essex", "LFR", "foia", date(2025, 4, 14), date(2025, 4, 14))])
        assert calls == ["LFR", "LFR"]
        assert [r.id for r in store.requests()] == ids
    finally:
        ledger.close()


@pytest.fixture(scope="session")
def pg_tls(postgres, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The session's server behind a TLS front that negotiates as PostgreSQL
    does (the server's own build has no TLS): (port, the CA's certificate)."""
    from tests.tls import TlsFront, certificates

    folder = tmp_path_factory.mktemp("pg-tls")
    ca = certificates(folder)
    front = TlsFront(postgres.port, folder / "cert.pem", folder / "key.pem", postgres=True)
    yield front.port, ca
    front.stop()


def _through(url: str, port: int) -> str:
    """The same ledger's URL, reached through the TLS front's port."""
    head, _, tail = url.rpartition("@")
    _host, _, database = tail.partition("/")
    return f"{head}@127.0.0.1:{port}/{database}"


def _ledger_checks(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    checks = [c for c in json.loads(result.stdout)["checks"] if c["area"] == "ledger"]
    return {c["message"]: c["level"] for c in checks}


def test_a_ledger_over_tls_with_the_certificate_checked(pg_url: str, pg_tls) -> None:  # type: ignore[no-untyped-def]
    port, ca = pg_tls
    url = f"{_through(pg_url, port)}?sslmode=verify-full&sslrootcert={ca}"
    assert (
        run("add", "essex", "--title", "LFR", "--sent", "2025-06-02", "--ledger", url).exit_code
        == 0
    )
    listed = run("list", "--json", "--ledger", url)
    assert [r["authority"] for r in json.loads(listed.stdout)["requests"]] == ["essex"]
    checks = _ledger_checks(run("doctor", "--json", "--ledger", url))
    assert (
        checks[
            "the connection is encrypted (TLS) and the server's certificate checked "
            "(sslmode=verify-full)"
        ]
        == "ok"
    )


def test_tls_without_the_certificate_checked_is_a_warning(pg_url: str, pg_tls) -> None:  # type: ignore[no-untyped-def]
    port, _ca = pg_tls
    checks = _ledger_checks(
        run("doctor", "--json", "--ledger", f"{_through(pg_url, port)}?sslmode=require")
    )
    [warning] = [m for m in checks if m.startswith("the connection is encrypted (TLS) but")]
    assert checks[warning] == "warning" and "sslmode=require" in warning


def test_a_server_whose_certificate_is_not_trusted_is_refused(
    pg_url: str, pg_tls, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import trustme

    port, _ca = pg_tls
    stranger = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(stranger))
    url = f"{_through(pg_url, port)}?sslmode=verify-full&sslrootcert={stranger}"
    result = run("list", "--ledger", url)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "no TLS connection" in result.stderr
    assert "t3st-Secret" not in result.stderr


def _lfr(authority: str = "essex", title: str = "LFR") -> Request:
    return Request(0, authority, title, "foia", date(2025, 4, 14), date(2025, 4, 14))


def test_the_server_refuses_a_duplicate_the_check_did_not_see(
    pg_url: str, calendars: Calendars, postgres
) -> None:  # type: ignore[no-untyped-def]
    """Two desks both pass foitrack's read; the unique index refuses the second
    insert (it waits for the first desk's transaction, then finds its row), and
    the refusal names the request the first desk added; nothing of it is kept."""
    from foitrack.store.base import SameRequest

    first = Ledger.open(pg_url, calendars)
    second = Ledger.open(pg_url, calendars)
    try:
        first.store.add([_lfr("kent")])
        with first.store.transaction():
            [mine] = first.store.add([_lfr()])
            # The second desk's add, bypassing the check (as if it read before
            # the first committed), waits on the index: run it once this commits.
        with pytest.raises(SameRequest) as refused:
            second.store.add([_lfr("norfolk"), _lfr(), _lfr("kent"), _lfr("suffolk", "other")])
        assert str(refused.value) == (
            f"requests 1 to kent and {mine} to essex already have this title and sent date: "
            "nothing added (a different --title records another)"
        )
        assert [r.id for r in second.store.requests()] == [1, mine]
        # A deleted one is no duplicate; restoring it while its twin is live is refused.
        deleted = Request(
            0, "essex", "LFR", "foia", date(2025, 4, 14), date(2025, 4, 14),
            events=(Event(EventType.DELETED, date(2025, 4, 15)),),
        )  # fmt: skip
        [gone] = second.store.add([deleted])
        with pytest.raises(LedgerError, match="already has a request to that authority"):
            second.store.save(replace(second.store.get(gone), events=()))
    finally:
        first.close()
        second.close()


def test_duplicates_from_before_stop_the_migration_and_are_named(
    pg_empty: str, calendars: Calendars, postgres
) -> None:  # type: ignore[no-untyped-def]
    database = pg_empty.rsplit("/", 1)[1]
    scripts = migrations(POSTGRESQL)
    postgres.sql(
        *(s for script in scripts[: SCHEMA_VERSION - 1] for s in statements(script)),
        f"INSERT INTO meta (key, value) VALUES ('schema', '{SCHEMA_VERSION - 1}')",
        *(
            "INSERT INTO request (authority, title, regime, sent, received) "
            f"VALUES ('{a}', '{t}', 'foia', '2025-04-14', '2025-04-14')"
            for a, t in [("essex", "LFR"), ("kent", "LFR"), ("essex", "LFR"), ("essex", "x")]
        ),
        database=database,
    )
    with pytest.raises(LedgerError) as refused:
        Ledger.open(pg_empty, calendars)
    assert "holds requests that duplicate each other (same authority, title and sent date): " in (
        str(refused.value)
    )
    assert "1 and 3 to essex; this foitrack refuses duplicates, so nothing was changed" in str(
        refused.value
    )
    assert postgres.sql("SELECT value FROM meta WHERE key = 'schema'", database=database) == [
        (str(SCHEMA_VERSION - 1),)
    ]
    # Once the extra one is deleted (as the older foitrack does: an event, the column), it opens.
    postgres.sql(
        "INSERT INTO event (request_id, position, type, date) "
        "VALUES (3, 1, 'deleted', '2025-04-15')",
        "UPDATE request SET deleted = '2025-04-15' WHERE id = 3",
        database=database,
    )
    Ledger.open(pg_empty, calendars).close()
    assert postgres.sql("SELECT value FROM meta WHERE key = 'schema'", database=database) == [
        (str(SCHEMA_VERSION),)
    ]
