"""Issue 19: a duplicate add (same authority, title and sent date) is refused,
the same on every backend (on PostgreSQL by the server's unique index too)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import digest, run

REFUSED = "this title and sent date: nothing added (a different --title records another)\n"


def added(*args: str) -> list[int]:
    result = run("add", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout)["ids"])


def ids() -> list[int]:
    return [r["id"] for r in json.loads(run("list", "--json").stdout)["requests"]]


def test_a_duplicate_add_is_refused_and_another_title_is_not(ledger: Path) -> None:
    added("essex", "--title", "LFR", "--sent", "2025-04-14")
    before = digest(ledger)
    result = run("add", "essex", "--title", "LFR", "--sent", "2025-04-14")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"foitrack: error: request 1 to essex already has {REFUSED}"
    assert digest(ledger) == before
    # Another title, another sent date or another authority is another request.
    assert added("essex", "--title", "LFR (2)", "--sent", "2025-04-14") == [2]
    assert added("essex", "--title", "LFR", "--sent", "2025-04-15") == [3]
    assert added("kent", "--title", "LFR", "--sent", "2025-04-14") == [4]


def test_a_group_with_one_duplicate_adds_nothing(ledger: Path) -> None:
    added("essex", "--title", "LFR", "--sent", "2025-04-14")
    before = digest(ledger)
    result = run("add", "all-police", "--title", "LFR", "--sent", "2025-04-14")
    assert result.exit_code == 2
    assert result.stderr == f"foitrack: error: request 1 to essex already has {REFUSED}"
    assert digest(ledger) == before
    assert ids() == [1]


def test_a_group_names_the_first_few_duplicates_and_how_many_more(ledger: Path) -> None:
    added("essex", "kent", "norfolk", "suffolk", "--title", "LFR", "--sent", "2025-04-14")
    two = run("add", "kent", "suffolk", "met", "--title", "LFR", "--sent", "2025-04-14")
    assert two.exit_code == 2
    assert two.stderr == (
        f"foitrack: error: requests 2 to kent and 4 to suffolk already have {REFUSED}"
    )
    before = digest(ledger)
    many = run("add", "all-police", "--title", "LFR", "--sent", "2025-04-14")
    assert many.exit_code == 2
    assert many.stderr == (
        "foitrack: error: requests 1 to essex, 2 to kent, 3 to norfolk and 1 more already "
        f"have {REFUSED}"
    )
    assert digest(ledger) == before
    assert ids() == [1, 2, 3, 4]


def test_a_deleted_request_is_no_duplicate(ledger: Path) -> None:
    added("essex", "--title", "LFR", "--sent", "2025-04-14")
    assert run("delete", "1", "--yes").exit_code == 0
    assert added("essex", "--title", "LFR", "--sent", "2025-04-14") == [2]
    assert ids() == [2]


def test_import_refuses_duplicates_of_the_ledger_and_within_the_file(
    ledger: Path, tmp_path: Path
) -> None:
    added("essex", "--title", "LFR", "--sent", "2025-04-14")
    before = digest(ledger)
    source = tmp_path / "twins.toml"
    request = (
        '[[request]]\nid = {id}\nauthority = "{authority}"\ntitle = "LFR"\nregime = "foia"\n'
        "sent = 2025-04-14\nreceived = 2025-04-14\n\n"
    )
    source.write_text(
        request.format(id=7, authority="essex")
        + request.format(id=8, authority="kent")
        + request.format(id=9, authority="kent"),
        encoding="utf-8",
    )
    result = run("import", str(source))
    assert result.exit_code == 2
    assert result.stderr == (
        "foitrack: error: request 7: the ledger's request 1 to essex has the same title and "
        "sent date (give one a different title)\n"
        "foitrack: error: request 9: the file's request 8 to kent has the same title and "
        "sent date (give one a different title)\n"
        "foitrack: error: 2 problem(s); nothing was imported\n"
    )
    assert digest(ledger) == before
    # --renumber does not let them in either.
    assert run("import", str(source), "--renumber").exit_code == 2
    assert digest(ledger) == before


def test_import_takes_a_deleted_twin(ledger: Path, tmp_path: Path) -> None:
    added("essex", "--title", "LFR", "--sent", "2025-04-14")
    source = tmp_path / "deleted.toml"
    source.write_text(
        '[[request]]\nid = 7\nauthority = "essex"\ntitle = "LFR"\nregime = "foia"\n'
        "sent = 2025-04-14\nreceived = 2025-04-14\n\n"
        '  [[request.event]]\n  type = "deleted"\n  date = 2025-04-15\n',
        encoding="utf-8",
    )
    result = run("import", str(source), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == [7]
    assert ids() == [1]


def test_an_edit_or_a_restore_that_would_make_a_twin_is_refused(ledger: Path) -> None:
    added("essex", "kent", "--title", "LFR", "--sent", "2025-04-14")
    before = digest(ledger)
    result = run("edit", "2", "--authority", "essex")
    assert result.exit_code == 2
    assert result.stderr == (
        "foitrack: error: request 1 to essex already has this title and sent date: "
        "nothing changed (a different --title tells them apart)\n"
    )
    assert digest(ledger) == before
    assert run("delete", "1", "--yes").exit_code == 0
    assert added("essex", "--title", "LFR", "--sent", "2025-04-14") == [3]
    restored = run("edit", "1", "--remove-event", "1")
    assert restored.exit_code == 2
    assert restored.stderr == (
        "foitrack: error: request 3 to essex already has this title and sent date: "
        "nothing changed (a different --title tells them apart)\n"
    )
    # Told apart (the title first), both are kept.
    assert run("edit", "1", "--title", "LFR (first)").exit_code == 0
    assert run("edit", "1", "--remove-event", "1").exit_code == 0
    assert ids() == [1, 2, 3]
