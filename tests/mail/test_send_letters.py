"""``draft chase|review|complaint ID --send`` against the real SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import json
from email.utils import getaddresses
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.mail.conftest import Outbox, write_config


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("FOITRACK_LEDGER", str(path))
    monkeypatch.setenv("FOITRACK_TODAY", "2025-04-14")
    return path


@pytest.fixture
def sent(ledger: Path, outbox: tuple[Outbox, int], isolated_home: Path) -> Outbox:
    """Request 1 to Essex, sent by foitrack on Monday 14 April 2025 (due 13 May)."""
    handler, port = outbox
    write_config(isolated_home, port)
    assert run("add", "essex", "--title", "LFR deployments", "--unsent").exit_code == 0
    assert run("authorities", "set", "essex", "--email", "foi@essex.example").exit_code == 0
    assert run("send", "1").exit_code == 0
    return handler


def logged(*args: str) -> None:
    done = run("log", "1", *args)
    assert done.exit_code == 0, done.stderr


def shown(day: str) -> dict:  # type: ignore[type-arg]
    return json.loads(run("show", "1", "--json", "--today", day).stdout)  # type: ignore[no-any-return]


def test_a_review_goes_threaded_to_the_request_and_is_logged_once(
    ledger: Path, sent: Outbox
) -> None:
    request_message = sent.messages[0]
    logged("responded", "--outcome", "refused", "--date", "2025-05-01", "--today", "2025-05-01")

    done = run("draft", "review", "1", "--send", "--today", "2025-05-02")

    assert done.exit_code == 0, done.stderr
    review = sent.messages[1]
    assert review["To"] == "foi@essex.example"
    assert review["In-Reply-To"] == request_message["Message-ID"]
    assert review["References"] == request_message["Message-ID"]
    tag = request_message["Subject"].rsplit("[", 1)[1]
    assert review["Subject"].endswith(f"[{tag}")  # the same subject tag as send's
    assert "internal review" in review.get_payload(decode=True).decode().lower()
    assert review["Message-ID"] in done.stdout
    event = shown("2025-05-02")["events"][-1]
    assert (event["type"], event["date"]) == ("review-requested", "2025-05-02")
    assert review["Message-ID"] in event["note"]
    kept = ledger.parent / "ledger.db.documents" / event["document"]
    assert email.message_from_bytes(kept.read_bytes())["Message-ID"] == review["Message-ID"]
    assert kept.stat().st_mode & 0o777 == 0o600
    mail = {m["message_id"]: m for m in shown("2025-05-02")["correspondence"]}
    assert review["Message-ID"] in mail

    again = run("draft", "review", "1", "--send", "--today", "2025-05-02")
    assert again.exit_code == 2
    assert len(sent.messages) == 2
    assert sum(e["type"] == "review-requested" for e in shown("2025-05-02")["events"]) == 1


def test_dry_run_shows_exactly_what_would_go_and_records_nothing(
    ledger: Path, sent: Outbox
) -> None:
    done = run("draft", "chase", "1", "--send", "--dry-run", "--today", "2025-05-20")

    assert done.exit_code == 0, done.stderr
    assert "To: foi@essex.example" in done.stdout
    assert f"In-Reply-To: {sent.messages[0]['Message-ID']}" in done.stdout
    assert "(dry run: nothing sent; sending logs chased on 2025-05-20)" in done.stdout
    assert len(sent.messages) == 1
    assert [e["type"] for e in shown("2025-05-20")["events"]] == ["sent"]


def test_a_refused_letter_records_nothing(ledger: Path, sent: Outbox) -> None:
    sent.reply = "554 no thanks"

    done = run("draft", "chase", "1", "--send", "--today", "2025-05-20")

    assert done.exit_code == 1
    assert done.stderr.startswith("foitrack: failed: the mail server at 127.0.0.1:")
    assert [e["type"] for e in shown("2025-05-20")["events"]] == ["sent"]
    assert list((ledger.parent / "ledger.db.documents" / "mail").iterdir()) == [
        ledger.parent / "ledger.db.documents" / shown("2025-05-20")["events"][0]["document"]
    ]


def test_a_letter_that_does_not_fit_is_refused_before_anything_goes(
    ledger: Path, sent: Outbox
) -> None:
    done = run("draft", "review", "1", "--send", "--today", "2025-04-20")

    assert done.exit_code == 2
    assert len(sent.messages) == 1


def test_a_complaint_needs_the_regulator_s_address_and_then_goes_there(
    ledger: Path, sent: Outbox
) -> None:
    logged("responded", "--outcome", "refused", "--date", "2025-05-01", "--today", "2025-05-01")
    logged("review-requested", "--date", "2025-05-02", "--today", "2025-05-02")
    logged(
        "review-responded", "--outcome", "refused", "--date", "2025-05-20", "--today", "2025-05-20"
    )

    refused = run("draft", "complaint", "1", "--send", "--today", "2025-05-21")

    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        "foitrack: error: no address known for complaints to the Information Commissioner's "
        "Office: nothing sent."
    )
    assert "foitrack authorities set ico --email ADDRESS" in refused.stderr
    assert len(sent.messages) == 1

    run("authorities", "set", "ico", "--email", "casework@ico.example")
    done = run("draft", "complaint", "1", "--send", "--today", "2025-05-21")

    assert done.exit_code == 0, done.stderr
    assert getaddresses([sent.messages[1]["To"]]) == [("", "casework@ico.example")]
    assert shown("2025-05-21")["status"] == "with-regulator"


def test_send_goes_with_one_request_only(ledger: Path) -> None:
    done = run("draft", "chase", "--campaign", "lfr", "--send")
    assert done.exit_code == 2
    assert done.stderr == (
        "foitrack: error: --send emails one request's letter and logs it: without "
        "--campaign, --csv, --sent or -o\n"
    )
    assert run("draft", "chase", "1", "--dry-run").stderr == (
        "foitrack: error: --dry-run goes with --send\n"
    )
