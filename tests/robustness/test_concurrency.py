"""Two processes adding 500 requests each to the same ledger: all 1,000 land."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from foitrack.calendars import Calendars
from foitrack.services.ledger import Ledger

RESULTS = Path(__file__).parent / "results"
ADDS = int(os.environ.get("FOITRACK_CONCURRENT_ADDS", "500"))

SCRIPT = """
import sys
from foitrack.cli import app
failures = 0
for n in range(int(sys.argv[3])):
    code = app(["add", "essex", "--title", f"{sys.argv[1]} {n}", "--ledger", sys.argv[2],
                "--today", "2025-06-20"], standalone_mode=False)
    failures += bool(code)
sys.exit(failures and 1)
"""


@pytest.mark.parametrize("suffix", [".db", ".toml"])
def test_two_writers(suffix: str, tmp_path: Path, calendars: Calendars) -> None:
    ledger = tmp_path / f"ledger{suffix}"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, name, str(ledger), str(ADDS)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    errors = [w.communicate(timeout=600)[1] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], errors
    # At most "busy, retrying" may be said; never an error or a traceback.
    for stderr in errors:
        for line in stderr.splitlines():
            assert "started a new ledger" in line or "busy" in line, line
    opened = Ledger.open(ledger, calendars)
    titles = sorted(r.title for r in opened.store.requests())
    ids = sorted(r.id for r in opened.store.requests())
    opened.close()
    assert len(titles) == 2 * ADDS
    assert titles == sorted(f"{w} {n}" for w in ("first", "second") for n in range(ADDS))
    assert ids == list(range(1, 2 * ADDS + 1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"concurrency-{suffix[1:]}.json").write_text(
        json.dumps({"writers": 2, "adds_each": ADDS, "requests": len(titles)})
    )
