"""Who did what (issue 19): each event's actor, assignment, ``due --mine``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from foitrack.store.location import Location
from tests.cli.helpers import digest, run, run_process


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def config(home: Path, text: str) -> Path:
    path = home / "config" / "foitrack" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def three(ledger: Path) -> Path:
    """Three overdue requests of one campaign, added by 'reporter' (LOGNAME)."""
    ok("add", "essex", "kent", "norfolk", "--title", "LFR", "--sent", "2025-04-01",
       "--campaign", "lfr")  # fmt: skip
    return ledger


def shown(request_id: int) -> dict:  # type: ignore[type-arg]
    return json.loads(ok("show", str(request_id), "--json"))  # type: ignore[no-any-return]


def test_every_event_records_its_actor(three: Path, isolated_home: Path) -> None:
    assert shown(1)["added_by"] == "reporter"  # the login name, with no [user] in config
    ok("log", "1", "acknowledged", "--ref", "F-1")
    config(isolated_home, '[user]\nname = "Alice Lawyer"\n')
    ok("log", "1", "chased", "--note", "phoned")
    ok("edit", "1", "--title", "LFR use")
    ok("delete", "2", "--yes")
    events = shown(1)["events"]
    assert [(e["type"], e["actor"]) for e in events] == [
        ("acknowledged", "reporter"),
        ("chased", "Alice Lawyer"),
        ("edited", "Alice Lawyer"),
    ]
    assert shown(2)["events"][-1]["actor"] == "Alice Lawyer"
    text = ok("show", "1")
    assert "By" in text and "Alice Lawyer" in text and "reporter" in text


def test_the_actor_survives_export_and_import(three: Path, tmp_path: Path) -> None:
    ok("log", "1", "acknowledged")
    ok("assign", "1", "bob")
    exported = json.loads(ok("export", "--format", "json"))
    [first, *_] = exported["request"]
    assert first["added_by"] == "reporter" and first["assignee"] == "bob"
    assert [e["actor"] for e in first["event"]] == ["reporter", "reporter"]
    # import keeps what the file says, whoever imports it
    (tmp_path / "in.json").write_text(json.dumps(exported), encoding="utf-8")
    for name in ("copy.db", "copy.toml"):
        other = tmp_path / name
        result = run("import", str(tmp_path / "in.json"), "--ledger", str(other),
                     env={"LOGNAME": "someone-else"})  # fmt: skip
        assert result.exit_code == 0, result.stderr
        again = json.loads(ok("export", "--format", "json", "--ledger", str(other)))
        assert again["request"] == exported["request"]


def test_old_events_have_no_actor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example = Path(__file__).parent.parent.parent / "examples" / "lfr-2025.db"
    path = tmp_path / "old.db"
    shutil.copy(example, path)
    detail = json.loads(ok("show", "1", "--json", "--ledger", str(path), "--today", "2025-06-20"))
    assert detail["added_by"] is None and detail["assignee"] is None
    assert {e["actor"] for e in detail["events"]} == {None}
    assert "By" not in ok("show", "1", "--ledger", str(path), "--today", "2025-06-20")


def test_an_unknown_login_records_nobody(three: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    def nobody() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", nobody)
    ok("log", "1", "acknowledged")
    assert shown(1)["events"][0]["actor"] is None
    result = run("due", "--mine")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "foitrack: error: --mine needs to know who you are: set name under [user] in your "
        "config (foitrack cannot find your login name)\n"
    )


def test_assign_records_each_change_as_an_edit(three: Path) -> None:
    assert ok("assign", "1", "2", "alice") == "assigned requests #1, #2 to alice\n"
    assert ok("assign", "1", "alice") == "request #1 already assigned to alice: nothing recorded\n"
    ok("assign", "--campaign", "lfr", "bob", "--note", "alice on leave")
    ok("assign", "3", "--clear")
    assert [r["assignee"] for r in json.loads(ok("list", "--json"))["requests"]] == [
        "bob",
        "bob",
        None,
    ]
    notes = [(e["type"], e["note"], e["actor"]) for e in shown(1)["events"]]
    assert notes == [
        ("edited", "assignee: (none) -> 'alice'", "reporter"),
        ("edited", "assignee: 'alice' -> 'bob' — alice on leave", "reporter"),
    ]
    assert [e["note"] for e in shown(3)["events"]] == [
        "assignee: (none) -> 'bob' — alice on leave",
        "assignee: 'bob' -> (none)",
    ]
    assert "assigned to bob" in ok("show", "1")
    csv = ok("list", "--csv").splitlines()
    assert csv[0].endswith(",assignee") and csv[1].endswith(",bob")
    done = json.loads(ok("assign", "3", "carol", "--json"))
    assert done["ids"] == [3] and done["requests"][0]["assignee"] == "carol"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1", "99", "alice"], "no request 99 in {ledger}: see 'foitrack list'"),
        (["1", " "], "the person's name ' ' is empty or not one line: give a name"),
        (["1", "2"], "'2' looks like a request id, not a person: name the person after the "
         "requests: foitrack assign ID... PERSON (or ID... --clear, or --campaign C PERSON)"),
        (["x", "alice"], "'x' is not a request id (a whole number): foitrack assign ID... "
         "PERSON (or ID... --clear, or --campaign C PERSON)"),
        ([], "name the requests and the person: foitrack assign ID... PERSON (or ID... "
         "--clear, or --campaign C PERSON)"),
        (["--campaign", "nope", "alice"], "no requests in campaign 'nope': 'foitrack list "
         "--json' shows each request's campaign"),
        (["--campaign", "lfr", "1", "alice"], "--campaign goes without request ids: foitrack "
         "assign ID... PERSON (or ID... --clear, or --campaign C PERSON)"),
    ],
)  # fmt: skip
def test_bad_assignments_write_nothing(three: Path, args: list[str], message: str) -> None:
    before = digest(three)
    result = run("assign", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    named = Location.of(three)  # a URL is named with its password masked
    assert result.stderr == f"foitrack: error: {message.format(ledger=named)}\n"
    assert digest(three) == before


def test_a_deleted_request_is_not_assigned(three: Path) -> None:
    ok("delete", "2", "--yes")
    result = run("assign", "1", "2", "alice")
    assert result.exit_code == 2
    assert "request 2 was deleted on 2025-06-20" in result.stderr
    assert shown(1)["assignee"] is None  # all or nothing


def test_with_people_configured_assign_takes_only_their_names(
    three: Path, isolated_home: Path
) -> None:
    config(
        isolated_home,
        '[people.alice]\nemail = "alice@example.org"\n[people.bob]\nemail = "bob@example.org"\n',
    )
    result = run("assign", "1", "alcie")
    assert (result.exit_code, result.stderr) == (
        2,
        "foitrack: error: unknown person 'alcie': did you mean alice? the people in your "
        "config are alice, bob (add [people.alcie] with its email to add one)\n",
    )
    ok("assign", "1", "alice")


def test_due_mine_and_assignee(three: Path, isolated_home: Path) -> None:
    ok("assign", "1", "reporter")
    ok("assign", "2", "bob")

    def ids(*args: str) -> list[int]:
        return [i["id"] for i in json.loads(ok("due", "--json", *args))["items"]]

    assert sorted(ids()) == [1, 2, 3]
    assert ids("--mine") == [1]
    assert ids("--assignee", "bob") == [2]
    assert ids("--assignee", "carol") == []
    config(isolated_home, '[user]\nname = "bob"\n')
    assert ids("--mine") == [2]
    both = run("due", "--mine", "--assignee", "bob")
    assert (both.exit_code, both.stderr) == (
        2,
        "foitrack: error: choose one of --mine and --assignee\n",
    )
    blank = run("due", "--assignee", "")
    assert blank.exit_code == 2 and "the person's name '' is empty" in blank.stderr


def test_due_mine_in_the_fast_lane(three: Path) -> None:
    ok("assign", "1", "reporter")
    for args in (["--mine"], ["--assignee", "reporter", "--json"], ["--mine", "--assignee", "x"]):
        fast = run_process("due", *args)
        typer = run("due", *args)
        assert (fast.exit_code, fast.stdout, fast.stderr) == (
            typer.exit_code,
            typer.stdout,
            typer.stderr,
        )
    assert "#1" in run_process("due", "--mine").stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[people.alice]\n", "config key 'people.alice.email' in {path} is missing: alice's "
         'address, email = "name@example.org"'),
        ('[people.alice]\nemail = "a@example.org"\nphone = "1"\n',
         "unknown config key 'people.alice.phone' in {path} (only email)"),
        ('[people]\nalice = "a@example.org"\n', "config key 'people.alice' in {path} must be a "
         'table: [people.alice] with email = "..."'),
        ('[people.alice]\nemail = "not an address"\n', "config key 'people.alice.email' in "
         "{path}: 'not an address' is not one address"),
        ('[user]\nname = ""\n', "config key 'user.name' in {path} must be a one-line string"),
        ('[user]\nnick = "al"\n', "unknown config key 'user.nick' in {path}"),
        ('[user]\nname = "al\\u001b[31m"\n', "config key 'user.name' in {path} must be "
         "printable text"),
    ],
)  # fmt: skip
def test_bad_people_config_is_one_line(
    three: Path, isolated_home: Path, text: str, message: str
) -> None:
    path = config(isolated_home, text)
    result = run("due")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"foitrack: error: {message.format(path=path)}\n"


def test_a_login_name_the_ledger_could_not_keep_records_nobody(
    three: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "evil\x1b[2Jname")
    ok("log", "1", "acknowledged")
    assert shown(1)["events"][0]["actor"] is None
    assert shown(1)["added_by"] == "reporter"


@pytest.mark.parametrize("args", [[], ["--mine"], ["--assignee", "bob", "--json"]])
def test_due_mine_stays_in_the_fast_lane_without_the_engine(
    sqlite_ledger: Path, args: list[str]
) -> None:
    """On SQLite (the TOML ledger derives every state, so it needs the engine)."""
    ok("add", "essex", "--title", "LFR", "--sent", "2025-04-01")
    ok("assign", "1", "bob")
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "foitrack", "due", *args],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=60,
        check=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "foitrack.entry" in imported
    assert "typer" not in imported
    assert "foitrack.core.lifecycle" not in imported


def test_list_mine_and_assignee(three: Path, isolated_home: Path) -> None:
    ok("assign", "1", "3", "reporter")
    ok("assign", "2", "bob")

    def ids(*args: str) -> list[int]:
        return [r["id"] for r in json.loads(ok("list", "--json", *args))["requests"]]

    assert ids("--mine") == [1, 3]
    assert ids("--assignee", "bob") == [2]
    assert ids("--assignee", "bob", "--campaign", "nope") == []
    bad = run("list", "--mine", "--assignee", "bob")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "foitrack: error: choose one of --mine and --assignee\n",
    )
