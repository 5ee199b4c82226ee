"""foitrack's benchmarks: whole commands timed beside their floors, in one run.

    python benchmarks/run.py            # every benchmark, a table of figures
    python benchmarks/run.py calendar   # only those named
    python benchmarks/run.py --check    # exit 1 when a figure misses its target

Each whole-process benchmark runs the command and its floor (a bare Python
script doing the least the same job needs) alternately, at least 7 times
each, and reports the medians and their ratio. Timing assertions live here,
not in the unit tests: machines are noisy, so read a miss twice.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.target is None or self.value <= self.target

    def row(self) -> str:
        target = f"<= {self.target:g}" if self.target is not None else ""
        mark = "" if self.target is None else ("ok" if self.ok else "MISS")
        return f"| {self.name} | {self.value:.3g} {self.unit} | {target} | {mark} | {self.note} |"


BENCHMARKS: dict[str, Callable[[argparse.Namespace], list[Figure]]] = {}


def benchmark(function: Callable[[argparse.Namespace], list[Figure]]):  # type: ignore[no-untyped-def]
    BENCHMARKS[function.__name__.removeprefix("bench_")] = function
    return function


def environment(cache: Path) -> dict[str, str]:
    """A quiet environment with its own warm calendar cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOITRACK_")}
    env["XDG_CACHE_HOME"] = str(cache)
    env["XDG_CONFIG_HOME"] = str(cache / "config")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def median_seconds(argv: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def side_by_side(
    command: list[str], floor: list[str], env: dict[str, str], runs: int
) -> tuple[float, float]:
    """Medians of the command and its floor, run alternately so load hits both."""
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(median_seconds(command, env, 1))
        theirs.append(median_seconds(floor, env, 1))
    return statistics.median(ours), statistics.median(theirs)


def foitrack() -> list[str]:
    return [sys.executable, "-m", "foitrack"]


@benchmark
def bench_calendar(args: argparse.Namespace) -> list[Figure]:
    """Adding working days in-process: the precomputed index against a day loop."""
    from foitrack.calendars import Calendars
    from foitrack.core.regimes import FOIA

    calendar = Calendars(Path(args.cache) / "foitrack").for_regime(FOIA)
    add = calendar.add_working_days
    start = date(2025, 3, 10)
    calls = 1_000_000 if not args.quick else 100_000
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for _ in range(calls):
            add(start, 20)
        best = min(best, (time.perf_counter() - began) / calls)

    offdays = {
        d
        for d in (date.fromordinal(o) for o in range(start.toordinal(), start.toordinal() + 60))
        if not calendar.is_working_day(d) and d.weekday() < 5
    }
    one = timedelta(days=1)

    def day_by_day(day: date, n: int) -> date:
        while n:
            day += one
            if day.weekday() < 5 and day not in offdays:
                n -= 1
        return day

    loop_calls = calls // 10
    began = time.perf_counter()
    for _ in range(loop_calls):
        day_by_day(start, 20)
    loop = (time.perf_counter() - began) / loop_calls
    assert day_by_day(start, 20) == add(start, 20)
    return [
        Figure("add 20 working days (index)", best * 1e6, "µs", 0.5, f"best of 3 x {calls:,}"),
        Figure("add 20 working days (day loop)", loop * 1e6, "µs", None, "for comparison"),
    ]


@benchmark
def bench_deadline(args: argparse.Namespace) -> list[Figure]:
    """``foitrack deadline 2025-03-10 --json`` as a whole process."""
    env = environment(Path(args.cache))
    command = [*foitrack(), "deadline", "2025-03-10", "--json"]
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)  # warm the cache
    ours, floor = side_by_side(command, [sys.executable, "-c", "import sqlite3"], env, args.runs)
    importtime = subprocess.run(
        [sys.executable, "-X", "importtime", *foitrack()[1:], "deadline", "2025-03-10", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in importtime.splitlines()}
    return [
        Figure("deadline --json", ours * 1000, "ms", None, "median, whole process"),
        Figure("python -c 'import sqlite3'", floor * 1000, "ms", None, "the floor, same run"),
        Figure("deadline --json / floor", ours / floor, "x", None, ""),
        Figure("holidays imported (warm cache)", float("holidays" in imported), "", 0, "0 = no"),
        Figure("rich imported by --json", float("rich" in imported), "", 0, "0 = no"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"which to run: {', '.join(BENCHMARKS)}")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--runs", type=int, default=9, help="runs per command (default 9)")
    parser.add_argument("--quick", action="store_true", help="fewer iterations")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    args.runs = max(args.runs, 7)
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="foitrack-bench-") as cache:
        args.cache = cache
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "foitrack")], check=True
        )
        for name in args.names or BENCHMARKS:
            figures.extend(BENCHMARKS[name](args))
        shutil.rmtree(cache, ignore_errors=True)
    if args.json:
        print(json.dumps([f.__dict__ for f in figures], indent=2))
    else:
        print("| figure | value | target | | note |\n|---|---|---|---|---|")
        for figure in figures:
            print(figure.row())
    missed = [f for f in figures if not f.ok]
    if args.check and missed:
        print(f"missed {len(missed)} target(s): {', '.join(f.name for f in missed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
