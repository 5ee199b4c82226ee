"""The lock file: exclusive among processes, and gone when given up."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from foitrack.files import file_lock


def _count(lock: str, counter: str, times: int) -> None:
    for _ in range(times):
        with file_lock(Path(lock), 30, lambda: RuntimeError("busy")):
            path = Path(counter)
            value = int(path.read_text())
            path.write_text(str(value + 1))


def test_lock_is_exclusive_and_leaves_no_file(tmp_path: Path) -> None:
    lock, counter = tmp_path / "ledger.toml.lock", tmp_path / "counter"
    counter.write_text("0")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count, args=(str(lock), str(counter), 40)) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    # A lost update would show as fewer than 6 x 40: the lock file is removed on each
    # release, and a waiter that locked a removed file must start again.
    assert counter.read_text() == "240"
    assert not lock.exists()
