"""An open ledger on each backend, as the services receive it.

The fixtures are the store contract's own (``tests/store/conftest.py``),
imported rather than copied: one ledger fixture per backend.
"""

from tests.store.conftest import ledger, ledger_path

__all__ = ["ledger", "ledger_path"]
