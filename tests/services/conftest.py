"""The services receive an open ledger: here ``ledger`` is the shared
``opened`` fixture (tests/conftest.py, each backend), not a path."""

from __future__ import annotations

import pytest


@pytest.fixture
def ledger(opened):  # type: ignore[no-untyped-def]
    return opened
