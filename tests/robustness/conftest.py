"""The robustness suite: kills, concurrency, fuzzing, hostile content, mail faults.

Slower than the unit tests (a few minutes), so it has its own marker:
``pytest -m robustness`` runs it (``.ci/run`` does); plain ``pytest`` leaves it out.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "robustness" in item.nodeid:
            item.add_marker(pytest.mark.robustness)


@pytest.fixture
def ledger(sqlite_ledger):  # type: ignore[no-untyped-def]
    """A SQLite ledger with one overdue request, as FOITRACK_LEDGER."""
    from tests.cli.helpers import run

    assert run("add", "essex", "--title", "LFR", "--sent", "2025-03-10").exit_code == 0
    return sqlite_ledger
