"""The ranges the services accept, importable without importing the services.

The command line declares its options from these at start-up (typer's and
the fast lane's alike), so they live apart from the code that needs a ledger.
"""

from __future__ import annotations

#: How far ahead the daily check may look (``due --within``), in working days.
WITHIN = range(0, 61)
#: How far ahead it looks when not told.
DEFAULT_WITHIN = 5
