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
import hashlib
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
TODAY = "2025-06-20"


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
    env["XDG_DATA_HOME"] = str(cache / "data")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_measured(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in MB of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with {process.returncode}")
    return elapsed, usage.ru_maxrss // 1024


def side_by_side(
    command: list[str], floor: list[str], env: dict[str, str], runs: int
) -> tuple[float, float, int]:
    """Medians of the command and its floor, run alternately so load hits both;
    and the command's peak RSS."""
    ours, theirs, peak = [], [], 0
    for _ in range(runs):
        elapsed, rss = run_measured(command, env)
        ours.append(elapsed)
        peak = max(peak, rss)
        theirs.append(run_measured(floor, env)[0])
    return statistics.median(ours), statistics.median(theirs), peak


_PYTHON: list[str] = []


def python() -> str:
    """A Python with foitrack installed as users get it (a regular, not an
    editable, install: an editable finder alone adds ~20 ms to every start)."""
    if not _PYTHON:
        venv = ROOT / "benchmarks" / ".venv"
        if not (venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "--force-reinstall", "--no-deps", "."],
            check=True,
            cwd=ROOT,
        )
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "."], check=True, cwd=ROOT)
        _PYTHON.append(str(venv / "bin" / "python"))
    return _PYTHON[0]


def foitrack() -> list[str]:
    return [python(), "-m", "foitrack"]


def ledger(args: argparse.Namespace, size: int, suffix: str = ".db") -> Path:
    """A generated ledger, kept in benchmarks/data between runs."""
    data = ROOT / "benchmarks" / "data"
    data.mkdir(exist_ok=True)
    source = (ROOT / "benchmarks" / "generate.py").read_bytes()
    stamp = hashlib.sha256(source).hexdigest()[:8]
    path = data / f"ledger-{size}-{stamp}{suffix}"
    if not path.exists():
        # In a process of its own: a fork of a runner that had built a 1M-request
        # ledger in memory would report the runner's size as every command's peak RSS.
        print(f"generating {path.name} ...", file=sys.stderr)
        # Under another name until it is whole: a generator that failed half way
        # must not leave an empty ledger that later runs would time as if full.
        partial = path.with_name(f".{path.name}.partial{suffix}")
        partial.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(size), str(partial)],
            check=True,
            env=environment(Path(args.cache)),
        )
        partial.replace(path)
    return path


DUE_FLOOR = """
import sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
rows = db.execute(
    "SELECT id, authority, title, campaign, regime, status, status_until, status_after, "
    "outcome, due_date, long_overdue, review_request_by, review_response_due, regulator_by, "
    "tribunal_by, fee_lapses, review_request_last, last_event FROM request "
    "WHERE (watch_until >= ? OR last_event > ?)", (sys.argv[2], sys.argv[2])).fetchall()
print(json.dumps(rows))
"""

LIST_FLOOR = """
import sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
rows = db.execute(
    "SELECT id, authority, title, campaign, regime, sent, received, status, outcome, "
    "deadlines, their_ref, tags FROM request ORDER BY id").fetchall()
print(json.dumps(rows))
"""

SHOW_FLOOR = """
import sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
row = db.execute("SELECT * FROM request WHERE id = ?", (int(sys.argv[2]),)).fetchone()
events = db.execute("SELECT * FROM event WHERE request_id = ?", (int(sys.argv[2]),)).fetchall()
print(json.dumps([row, events]))
"""


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
    # The best of several rounds, as timeit advises: slower rounds measure
    # the machine's other work, not the code.
    for _ in range(7):
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
        Figure("add 20 working days (index)", best * 1e6, "µs", 0.5, f"best of 7 x {calls:,}"),
        Figure("add 20 working days (day loop)", loop * 1e6, "µs", None, "for comparison"),
    ]


@benchmark
def bench_deadline(args: argparse.Namespace) -> list[Figure]:
    """``foitrack deadline 2025-03-10 --json`` as a whole process."""
    env = environment(Path(args.cache))
    command = [*foitrack(), "deadline", "2025-03-10", "--json"]
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)  # warm the cache
    ours, floor, _ = side_by_side(command, [python(), "-c", "import sqlite3"], env, args.runs)
    importtime = subprocess.run(
        [python(), "-X", "importtime", *foitrack()[1:], "deadline", "2025-03-10", "--json"],
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


def _due_figures(args: argparse.Namespace, size: int, target: float) -> list[Figure]:
    env = environment(Path(args.cache))
    path = ledger(args, size)
    label = f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M"
    floor = [python(), "-c", DUE_FLOOR, str(path), TODAY]
    figures = []
    # The figures with a ratio target get more runs: on a small shared machine
    # a burst of load in a few runs moves a median of 9 by 10-20 %.
    runs = max(args.runs, 15)
    for extra in ((), ("--json",)):
        command = [*foitrack(), "due", "--ledger", str(path), "--today", TODAY, *extra]
        run_measured(command, env)  # warm caches (and any cached-state refresh)
        ours, base, peak = side_by_side(command, floor, env, runs)
        name = f"due {' '.join(extra)} at {label}".replace("  ", " ")
        figures += [
            Figure(name, ours * 1000, "ms", None, f"median of {runs}, peak {peak} MB"),
            Figure(f"{name}: floor (python + sqlite3)", base * 1000, "ms", None, "same run"),
            Figure(f"{name} / floor", ours / base, "x", target),
            Figure(f"{name} peak RSS", peak, "MB", 150),
        ]
    importtime = subprocess.run(
        [python(), "-X", "importtime", "-m", "foitrack", "due", "--json", "--ledger", str(path),
         "--today", TODAY],
        env=env, capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    imported = {line.rsplit("|", 1)[-1].strip() for line in importtime.splitlines()}
    figures.append(Figure("rich imported by due --json", float("rich" in imported), "", 0))
    figures.append(Figure("holidays imported by due", float("holidays" in imported), "", 0))
    return figures


@benchmark
def bench_due(args: argparse.Namespace) -> list[Figure]:
    """The daily check on a realistic 100k-request SQLite ledger."""
    return _due_figures(args, 100_000, 2.5)


DUE_FLOOR_POSTGRESQL = """
import psycopg, sys, json
db = psycopg.connect(sys.argv[1])
rows = db.execute(
    "SELECT id, authority, title, campaign, regime, status, status_until, status_after, "
    "outcome, due_date, long_overdue, review_request_by, review_response_due, regulator_by, "
    "tribunal_by, fee_lapses, review_request_last, last_event FROM request "
    "WHERE (watch_until >= %s OR last_event > %s)", (sys.argv[2], sys.argv[2])).fetchall()
print(json.dumps(rows))
"""


def _copy_to_postgresql(path: Path, url: str, env: dict[str, str]) -> None:
    """The generated SQLite ledger's rows, copied as they are into a new
    PostgreSQL ledger (``init`` made its schema and cache key: the same
    foitrack and calendar, so the copied cached states are current)."""
    import sqlite3

    import psycopg

    subprocess.run([*foitrack(), "init", "--ledger", url], env=env, check=True)
    source = sqlite3.connect(path)
    with psycopg.connect(url) as db:
        for table in ("request", "event", "authority", "authority_group", "digest"):
            names = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
            quoted = ", ".join(f'"{n}"' for n in names)
            with db.cursor().copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {quoted} FROM {table}"):
                    copy.write_row(row)
        db.execute(
            "SELECT setval(pg_get_serial_sequence('request', 'id'), (SELECT max(id) FROM request))"
        )
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE")
    source.close()


@benchmark
def bench_due_postgresql(args: argparse.Namespace) -> list[Figure]:
    """``due --json`` on a 100k-request PostgreSQL ledger (a local server the
    tests' helper starts) beside a bare psycopg script running the same query."""
    from tests.postgres import Server

    env = environment(Path(args.cache))
    path = ledger(args, 100_000)
    server = Server()
    try:
        server.sql("CREATE DATABASE bench")
        url = server.url("bench")
        _copy_to_postgresql(path, url, env)
        command = [*foitrack(), "due", "--json", "--ledger", url, "--today", TODAY]
        floor = [python(), "-c", DUE_FLOOR_POSTGRESQL, url, TODAY]
        run_measured(command, env)  # warm caches
        runs = max(args.runs, 15)
        ours, base, peak = side_by_side(command, floor, env, runs)
    finally:
        server.close()
    name = "due --json at 100k on PostgreSQL"
    return [
        Figure(name, ours * 1000, "ms", None, f"median of {runs}, peak {peak} MB"),
        Figure(f"{name}: floor (python + psycopg)", base * 1000, "ms", None, "same run"),
        Figure(f"{name} / floor", ours / base, "x", 2.5),
    ]


@benchmark
def bench_due_1m(args: argparse.Namespace) -> list[Figure]:
    """The daily check at 1M requests (generating the ledger takes minutes once)."""
    return _due_figures(args, 1_000_000, 2.0)


@benchmark
def bench_ledger(args: argparse.Namespace) -> list[Figure]:
    """``list --json`` and ``show`` at 100k; ``add`` to one body and to all 49."""
    env = environment(Path(args.cache))
    path = ledger(args, 100_000)
    figures = []
    for name, command, floor in (
        (
            "list --json at 100k",
            [*foitrack(), "list", "--json", "--ledger", str(path), "--today", TODAY],
            [python(), "-c", LIST_FLOOR, str(path)],
        ),
        (
            "show at 100k",
            [*foitrack(), "show", "4242", "--ledger", str(path), "--today", TODAY],
            [python(), "-c", SHOW_FLOOR, str(path), "4242"],
        ),
    ):
        run_measured(command, env)
        ours, base, peak = side_by_side(command, floor, env, args.runs)
        figures += [
            Figure(name, ours * 1000, "ms", None, f"peak {peak} MB"),
            Figure(f"{name}: floor", base * 1000, "ms", None, "same run"),
            Figure(f"{name} / floor", ours / base, "x", None),
        ]
    scratch = Path(args.cache) / "add.db"

    def new_ledger() -> None:
        scratch.unlink(missing_ok=True)
        subprocess.run([*foitrack(), "init", "--ledger", str(scratch)], env=env, check=True,
                       capture_output=True)  # fmt: skip

    return figures + _add_figures(args, scratch, new_ledger, "SQLite, new ledger", 1.5)


def _add_figures(
    args: argparse.Namespace,
    scratch: Path,
    prepare: Callable[[], None],
    label: str,
    target: float | None,
) -> list[Figure]:
    """``add`` to one body and to all 49 at once, each on a freshly prepared ledger."""
    env = environment(Path(args.cache))
    timings: dict[str, list[float]] = {"essex": [], "all-police": []}
    for _ in range(args.runs):
        for body, taken in timings.items():
            prepare()
            command = [*foitrack(), "add", body, "--title", "x", "--ledger", str(scratch)]
            taken.append(run_measured(command, env)[0])
    single, many = (statistics.median(t) for t in timings.values())
    return [
        Figure(f"add (one body), {label}", single * 1000, "ms", None, ""),
        Figure(f"add all-police (49 bodies), {label}", many * 1000, "ms", None, "one write"),
        Figure(f"add 49 / add 1, {label}", many / single, "x", target),
    ]


TOML_FLOOR = """
import sys, tomllib, json
with open(sys.argv[1], "rb") as handle:
    data = tomllib.load(handle)
print(json.dumps([r["id"] for r in data.get("request", [])]))
"""


def _toml_figures(args: argparse.Namespace, size: int, runs: int) -> list[Figure]:
    env = environment(Path(args.cache))
    path = ledger(args, size, ".toml")
    label = f"{size // 1000}k"
    figures = []
    for name, extra in (("due", ["due"]), ("list --json", ["list", "--json"])):
        command = [*foitrack(), *extra, "--ledger", str(path), "--today", TODAY]
        run_measured(command, env)
        ours, base, peak = side_by_side(command, [python(), "-c", TOML_FLOOR, str(path)], env,
                                        runs)  # fmt: skip
        figures += [
            Figure(f"TOML {name} at {label}", ours * 1000, "ms", None, f"peak {peak} MB"),
            Figure(f"TOML {name} at {label}: floor (tomllib)", base * 1000, "ms", None, "same run"),
            Figure(f"TOML {name} at {label} / floor", ours / base, "x", None),
        ]
    return figures


def _toml_add_figures(args: argparse.Namespace) -> list[Figure]:
    """``add`` to the 1k TOML ledger: every write parses and rewrites the file."""
    source = ledger(args, 1_000, ".toml")
    scratch = Path(args.cache) / "add.toml"

    def copy_of_1k() -> None:
        shutil.copyfile(source, scratch)

    return _add_figures(args, scratch, copy_of_1k, "TOML at 1k", 1.5)


@benchmark
def bench_toml(args: argparse.Namespace) -> list[Figure]:
    """The TOML backend on a 1k-request file: ``due``, ``list --json``, ``add``."""
    return _toml_figures(args, 1_000, args.runs) + _toml_add_figures(args)


@benchmark
def bench_toml_100k(args: argparse.Namespace) -> list[Figure]:
    """The TOML backend at 100k requests, where parsing the file is most of every
    command (about 10 s a run here, so 7 runs, and only when named)."""
    return _toml_figures(args, 100_000, 7)


@benchmark
def bench_transfer(args: argparse.Namespace) -> list[Figure]:
    """``export --format json`` and ``import`` of that file, at 100k."""
    env = environment(Path(args.cache))
    path = ledger(args, 100_000)
    exported = Path(args.cache) / "export.json"
    export = [*foitrack(), "export", "--format", "json", "-o", str(exported), "--ledger",
              str(path)]  # fmt: skip
    took_export, rss_export = run_measured(export, env)
    target = Path(args.cache) / "imported.db"
    import_ = [*foitrack(), "import", str(exported), "--ledger", str(target)]
    took_import, rss_import = run_measured(import_, env)
    return [
        Figure("export --format json at 100k", took_export, "s", None, f"peak {rss_export} MB"),
        Figure(
            "import of that file into a new ledger", took_import, "s", None, f"peak {rss_import} MB"
        ),
    ]


@benchmark
def bench_stats(args: argparse.Namespace) -> list[Figure]:
    """``foitrack stats`` on the 100k ledger, as a whole process."""
    env = environment(Path(args.cache))
    path = ledger(args, 100_000)
    command = [*foitrack(), "stats", "--json", "--ledger", str(path), "--today", TODAY]
    run_measured(command, env)
    ours, _, peak = side_by_side(command, [python(), "-c", "import sqlite3"], env, args.runs)
    return [Figure("stats at 100k", ours * 1000, "ms", 1000, f"peak {peak} MB")]


@benchmark
def bench_classify(args: argparse.Namespace) -> list[Figure]:
    """``foitrack classify`` on a 20-page PDF, as a whole process."""
    from tests.intake.conftest import CORPUS, make_pdf

    env = environment(Path(args.cache))
    text = (CORPUS / "west-midlands-partial-s40.txt").read_text(encoding="utf-8")
    pdf = make_pdf(text * 3, Path(args.cache) / "long.pdf", pages=20)
    command = [*foitrack(), "classify", str(pdf), "--json"]
    run_measured(command, env)
    ours, _, peak = side_by_side(command, [python(), "-c", "import sqlite3"], env, args.runs)
    return [Figure("classify a 20-page PDF", ours * 1000, "ms", 1000, f"peak {peak} MB")]


#: Too slow for every run: each takes minutes.
BY_NAME = ("due_1m", "toml_100k", "due_postgresql")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "names",
        nargs="*",
        help=f"which to run: {', '.join(BENCHMARKS)} ({', '.join(BY_NAME)} only by name)",
    )
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
        for name in args.names or [n for n in BENCHMARKS if n not in BY_NAME]:
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
