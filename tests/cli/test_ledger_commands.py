"""Every ledger command on both backends, through CliRunner."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import digest, run

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "lfr-2025.toml"


def added(*args: str) -> list[int]:
    result = run("add", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["ids"]


def test_init_then_init_again(ledger: Path) -> None:
    assert run("init").stdout == f"created {ledger}\n"
    before = digest(ledger)
    again = run("init")
    assert again.exit_code == 0
    assert again.stderr == f"a ledger already exists at {ledger}; nothing changed\n"
    assert digest(ledger) == before


def test_add_to_a_group_in_one_go(ledger: Path) -> None:
    ids = added("all-police", "--title", "LFR", "--sent", "2025-04-14", "--campaign", "lfr")
    assert len(ids) == 49
    listing = json.loads(run("list", "--json").stdout)
    assert listing["today"] == "2025-06-20"
    scotland = next(r for r in listing["requests"] if r["authority"] == "police-scotland")
    assert scotland["regime"] == "foisa"
    assert scotland["due"] == "2025-05-14"
    essex = next(r for r in listing["requests"] if r["authority"] == "essex")
    assert essex["due"] == "2025-05-15"
    assert essex["status"] == "overdue"


def test_add_refuses_an_exact_duplicate(ledger: Path) -> None:
    """(More in test_same_request.py.)"""
    added("essex", "--title", "LFR", "--sent", "2025-04-14")
    before = digest(ledger)
    result = run("add", "essex", "--title", "LFR", "--sent", "2025-04-14")
    assert result.exit_code == 2
    assert result.stderr == (
        "foitrack: error: request 1 to essex already has this title and sent date: "
        "nothing added (a different --title records another)\n"
    )
    assert digest(ledger) == before


def test_log_show_and_edit(ledger: Path) -> None:
    [request_id] = added("essex", "--title", "LFR", "--sent", "2025-04-14", "--ref", "21708")
    result = run(
        "log", str(request_id), "responded", "--date", "12/05/2025", "--outcome", "partial",
        "--exemption", "Section 12(1)", "--exemption", "s.40 (2)", "--window", "40 working days",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("request 1: logged responded on 2025-05-12; status responded")
    shown = json.loads(run("show", "1", "--json").stdout)
    assert shown["status"] == "responded"
    assert shown["outcome"] == "partial"
    assert shown["exemptions"] == ["s12(1)", "s40(2)"]
    assert shown["deadlines"] == {
        "response_due": "2025-05-15",
        "review_request_by": "2025-07-08",
        "review_response_due": None,
        "regulator_by": None,
        "extended_due_max": "2025-06-13",
        "long_overdue": "2025-06-13",
    }
    assert shown["events"][0]["type"] == "responded"
    assert shown["events"][0]["window"] == "40 working days"

    edit = run("edit", "1", "--received", "2025-04-15", "--note", "their acknowledgement")
    assert edit.exit_code == 0, edit.stderr
    assert "received: 2025-04-14 -> 2025-04-15" in edit.stdout
    removal = run("edit", "1", "--remove-event", "1", "--note", "wrong request")
    assert removal.exit_code == 0, removal.stderr
    shown = json.loads(run("show", "1", "--json").stdout)
    assert shown["received"] == "2025-04-15"
    assert shown["status"] == "overdue"
    assert shown["events"][0]["removed"] == "2025-06-20"
    assert [e["type"] for e in shown["events"]] == ["responded", "edited", "edited"]
    assert shown["events"][2]["note"] == "removed event 1 (responded 2025-05-12) — wrong request"
    human = run("show", "1")
    assert "(removed 2025-06-20)" in " ".join(human.stdout.split())


def test_list_filters_and_csv(ledger: Path) -> None:
    added("essex", "kent", "--title", "LFR", "--sent", "2025-04-14", "--tag", "lfr")
    added("met", "--title", '=HYPERLINK("http://x")', "--sent", "2025-06-18")
    run("log", "1", "responded", "--date", "2025-05-12", "--outcome", "granted")
    overdue = json.loads(run("list", "--overdue", "--json").stdout)["requests"]
    assert [r["id"] for r in overdue] == [2]
    closed = json.loads(run("list", "--status", "closed", "--json").stdout)["requests"]
    assert [r["id"] for r in closed] == [1]
    tagged = json.loads(run("list", "--tag", "lfr", "--json").stdout)["requests"]
    assert [r["id"] for r in tagged] == [1, 2]
    by_authority = json.loads(run("list", "--authority", "mps", "--json").stdout)["requests"]
    assert [r["id"] for r in by_authority] == [3]
    csv = run("list", "--csv").stdout.splitlines()
    assert csv[0].startswith("id,authority,authority_name,title,")
    assert "'=HYPERLINK" in csv[3]
    assert run("list", "--sort", "next").exit_code == 0


def test_authorities_commands(ledger: Path) -> None:
    listing = json.loads(run("authorities", "--json").stdout)
    assert len(listing["groups"]["all-police"]) == 49
    assert (
        run("authorities", "add", "suffolk-cc", "--name", "Suffolk County Council").exit_code == 0
    )
    assert run("authorities", "group", "eastern", "essex", "norfolk", "suffolk-cc").exit_code == 0
    assert run("authorities", "set", "essex", "--email", "foi@example.org").exit_code == 0
    ids = added("eastern", "--title", "Budgets", "--sent", "2025-06-02")
    assert ids == [1, 2, 3]
    listing = json.loads(run("authorities", "--json").stdout)
    essex = next(a for a in listing["authorities"] if a["id"] == "essex")
    assert essex["email"] == "foi@example.org"
    assert listing["groups"]["eastern"] == ["essex", "norfolk", "suffolk-cc"]


def test_export_import_round_trip(ledger: Path, tmp_path: Path) -> None:
    hostile = 'Quote " \' \\ back\nline\r\ttab \x00 \u202eRTL ünï 🚓 =SUM(A1) [[request]] """'
    added("essex", "--title", hostile, "--sent", "2025-04-14", "--ref", hostile, "--tag", hostile)
    run("log", "1", "responded", "--date", "2025-05-12", "--outcome", "refused",
        "--exemption", "s31(1)(a)", "--note", hostile, "--window", "two months")  # fmt: skip
    run("authorities", "add", "suffolk-cc", "--name", hostile)
    for fmt in ("toml", "json"):
        exported = tmp_path / f"export.{fmt}"
        assert run("export", "--format", fmt, "-o", str(exported)).exit_code == 0
        for target in (tmp_path / f"copy-{fmt}.db", tmp_path / f"copy-{fmt}.toml"):
            result = run("import", str(exported), "--ledger", str(target))
            assert result.exit_code == 0, result.stderr
            again = run("export", "--format", fmt, "--ledger", str(target)).stdout
            assert again == exported.read_text(encoding="utf-8")
    assert json.loads(run("show", "1", "--json").stdout)["title"] == hostile


def test_import_skips_what_is_there_and_reports(ledger: Path, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "example.toml")
    first = run("import", str(tmp_path / "example.toml"), "--json")
    assert json.loads(first.stdout) == {"added": list(range(1, 15)), "skipped": []}
    second = json.loads(run("import", str(tmp_path / "example.toml"), "--json").stdout)
    assert second["added"] == [] and len(second["skipped"]) == 14
    third = json.loads(run("import", str(tmp_path / "example.toml"), "--renumber", "--json").stdout)
    assert third["added"] == []


def test_import_refuses_a_date_after_today(ledger: Path, tmp_path: Path) -> None:
    """What ``add`` and ``log`` refuse (a date that has not happened), import refuses too."""
    added("essex", "--title", "LFR", "--sent", "2025-04-14")
    before = digest(ledger)
    source = tmp_path / "future.toml"
    source.write_text(
        '[[request]]\nid = 7\nauthority = "kent"\ntitle = "LFR"\nregime = "foia"\n'
        "sent = 2025-06-02\nreceived = 2025-06-02\n\n"
        '  [[request.event]]\n  type = "responded"\n  date = 2025-06-23\n'
        '  outcome = "granted"\n',
        encoding="utf-8",
    )
    result = run("import", str(source))
    assert result.exit_code == 2
    assert result.stderr == (
        "foitrack: error: request 7: event 1 (responded) 2025-06-23 is after today "
        "(2025-06-20): record what has happened\n"
        "foitrack: error: 1 problem(s); nothing was imported\n"
    )
    assert digest(ledger) == before
    # The day itself has happened: as of the 23rd, the same file goes in.
    assert run("import", str(source), "--today", "2025-06-23").exit_code == 0


BAD_INPUT = [
    (["add", "essex", "--title", "x", "--sent", "2025-04-14", "--received", "2025-04-10"],
     "foitrack: error: received 2025-04-10 is before sent 2025-04-14: check --sent and "
     "--received\n"),
    (["add", "esex", "--title", "x"],
     "foitrack: error: unknown authority 'esex' — did you mean essex?\n"),
    (["add", "essex", "--title", "x", "--sent", "31/02/2025"],
     "foitrack: error: '31/02/2025' is not a real date: use 2025-03-10, 10/03/2025 (day first), "
     "10 March 2025, 10 Mar 2025 or 10th March 2025\n"),
    (["add", "essex", "--title", "x", "--sent", "2025-07-01"],
     "foitrack: error: --sent 2025-07-01 is after today (2025-06-20): record what has happened\n"),
    (["log", "1", "answered"],
     "foitrack: error: unknown event type 'answered': use one of sent, acknowledged, "
     "clarification-requested, clarification-sent, fee-notice, fee-paid, extended, responded, "
     "review-requested, review-responded, complained, decision, appealed, withdrawn, note, "
     "chased\n"),
    (["log", "1", "responded", "--outcome", "maybe"],
     "foitrack: error: unknown outcome 'maybe': use one of granted, partial, refused, "
     "not-held, ncnd\n"),
    (["log", "1", "responded", "--exemption", "article 8"],
     "foitrack: error: cannot read the exemption 'article 8': write it like s40(2), s12 or "
     "reg12(4)(b)\n"),
    (["log", "99", "responded"],
     "foitrack: error: no request 99 in {ledger}: see 'foitrack list'\n"),
    (["log", "1", "responded", "--date", "2025-04-01"],
     "foitrack: error: the responded event of 2025-04-01 is before the request was received "
     "on 2025-04-14\n"),
    (["log", "1", "review-requested", "--date", "2025-05-01"],
     "foitrack: error: the review-requested event of 2025-05-01 needs a response first; a "
     "failure to respond can be reviewed after 2025-05-15\n"),
    (["log", "1", "fee-paid"],
     "foitrack: error: the fee-paid event of 2025-06-20 needs a fee-notice event before it\n"),
    (["edit", "1", "--received", "2025-04-01"],
     "foitrack: error: received 2025-04-01 would be before sent 2025-04-14\n"),
    (["edit", "1", "--remove-event", "5"],
     "foitrack: error: request 1 has no event 5: 'foitrack show 1' numbers its events\n"),
    (["list", "--status", "late"],
     "foitrack: error: unknown status 'late': use one of unsent, awaiting-response, overdue, "
     "awaiting-clarification, fee-pending, responded, review-requested, review-overdue, "
     "with-regulator, closed, withdrawn\n"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"), BAD_INPUT, ids=lambda v: " ".join(v)[:40] if isinstance(v, list) else ""
)
def test_bad_input_leaves_the_ledger_byte_for_byte(
    ledger: Path, args: list[str], message: str
) -> None:
    added("essex", "--title", "LFR", "--sent", "2025-04-14")
    before = digest(ledger)
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, message.format(ledger=ledger))
    assert result.stdout == ""
    assert digest(ledger) == before


def test_bad_input_on_a_missing_ledger_creates_nothing(ledger: Path) -> None:
    result = run("add", "esex", "--title", "x")
    assert result.exit_code == 2
    assert not ledger.exists()
    result = run("list")
    assert result.exit_code == 2
    assert result.stderr == (
        f"foitrack: error: no ledger at {ledger}: run 'foitrack init', or add a request to "
        "start one\n"
    )


def test_a_toml_ledger_edited_into_nonsense(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.toml"
    shutil.copy(EXAMPLE, path)
    text = path.read_text(encoding="utf-8").replace("date = 2025-05-12", 'date = "yesterday"', 1)
    path.write_text(text, encoding="utf-8")
    before = digest(path)
    result = run("add", "essex", "--title", "x", "--ledger", str(path))
    assert result.exit_code == 2
    line = text.splitlines().index("id = 1") + 1
    assert result.stderr == (
        f"foitrack: error: {path}: line {line}, request 1 event 2: date 'yesterday' is not a "
        "date like 2025-03-10; fix it by hand (foitrack has not changed the file)\n"
    )
    assert digest(path) == before
    path.write_text(text.replace("[[request]]", "[[request]", 1), encoding="utf-8")
    broken = run("list", "--ledger", str(path))
    assert broken.exit_code == 2
    header = text.splitlines().index("[[request]]") + 1
    assert "is not valid TOML: " in broken.stderr
    assert f"(at line {header}, column" in broken.stderr


def test_a_sqlite_file_that_is_not_a_ledger(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER)")
    before = digest(path)
    result = run("add", "essex", "--title", "x", "--ledger", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"foitrack: error: {path} is a SQLite database but not a foitrack ledger\n",
    )
    assert digest(path) == before
    text = tmp_path / "notes.db"
    text.write_text("hello", encoding="utf-8")
    result = run("list", "--ledger", str(text))
    assert result.stderr.startswith(f"foitrack: error: {text} is not a SQLite database")


def test_the_two_example_ledgers_hold_the_same_data(tmp_path: Path) -> None:
    """examples/ ships the campaign as TOML and as SQLite; they must not drift."""
    exports = []
    for name in ("lfr-2025.toml", "lfr-2025.db"):
        copy = tmp_path / name
        shutil.copy(EXAMPLE.parent / name, copy)
        exports.append(run("export", "--format", "json", "--ledger", str(copy)).stdout)
    assert exports[0] == exports[1]
    assert json.loads(exports[0])["request"][0]["authority"] == "essex"


def test_the_same_event_twice_is_refused(ledger: Path | str) -> None:
    """Of two desks logging the same thing, the second is told (and nothing written)."""
    assert run("add", "essex", "--title", "LFR", "--sent", "2025-05-01").exit_code == 0
    assert run("log", "1", "acknowledged", "--date", "2025-05-02").exit_code == 0
    before = digest(ledger)
    again = run("log", "1", "acknowledged", "--date", "2025-05-02")
    assert (again.exit_code, again.stderr) == (
        2,
        "foitrack: error: request 1 already has this acknowledged event of 2025-05-02: "
        "nothing logged\n",
    )
    assert digest(ledger) == before
    # The same type on another day, or with another reference, is a new event.
    assert run("log", "1", "acknowledged", "--date", "2025-05-02", "--ref", "X1").exit_code == 0
