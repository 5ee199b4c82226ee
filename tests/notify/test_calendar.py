from __future__ import annotations

import shutil
from pathlib import Path

from icalendar import Calendar

from tests.cli.helpers import run

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "lfr-2025.toml"


def events(path: Path) -> dict[str, tuple[str, str]]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {
        str(e["uid"]): (e.decoded("dtstart").isoformat(), str(e["summary"]))
        for e in calendar.walk("VEVENT")
    }


def test_the_ics_parses_back_with_stable_uids(tmp_path: Path) -> None:
    ledger = tmp_path / "lfr.toml"
    shutil.copy(EXAMPLE, ledger)
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    for target in (first, second):
        result = run(
            "calendar", "-o", str(target), "--ledger", str(ledger), "--today", "2025-06-20"
        )
        assert result.exit_code == 0, result.stderr
    parsed = events(first)
    assert parsed == events(second)
    assert parsed["foitrack-1-review_request_by@foitrack"] == (
        "2025-07-08",
        "Ask for review by: Essex Police — Live facial recognition: deployments, costs and arrests",
    )
    assert parsed["foitrack-8-review_response_due@foitrack"][0] == "2025-07-15"
    assert not any(uid.startswith("foitrack-2-") for uid in parsed)  # granted: nothing open
    assert first.stat().st_mode & 0o777 == 0o600


def test_response_due_summary_and_campaign_filter(tmp_path: Path) -> None:
    ledger = tmp_path / "l.db"
    run("add", "essex", "--title", "A; B, C\\D", "--campaign", "x", "--ledger", str(ledger),
        "--today", "2025-03-10")  # fmt: skip
    run("add", "kent", "--title", "Other", "--ledger", str(ledger), "--today", "2025-03-10")
    out = tmp_path / "x.ics"
    run("calendar", "-o", str(out), "--campaign", "x", "--ledger", str(ledger), "--today",
        "2025-03-11")  # fmt: skip
    parsed = events(out)
    assert parsed["foitrack-1-response_due@foitrack"] == (
        "2025-04-08",
        "FOI due: Essex Police — A; B, C\\D",
    )
    assert not any(uid.startswith("foitrack-2-") for uid in parsed)
