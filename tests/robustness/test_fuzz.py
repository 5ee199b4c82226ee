"""Random commands and mangled ledger files: never a traceback, never a half-written
or overwritten ledger. Exit codes are 0, 1 or 2 only."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.helpers import run

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "lfr-2025.toml"
RESULTS = Path(__file__).parent / "results"
COMMANDS = [
    "add", "list", "show", "log", "edit", "due", "deadline", "export", "import", "init",
    "authorities", "classify", "respond", "draft", "stats", "campaign", "exemptions",
    "calendar", "remind", "doctor",
]  # fmt: skip
OPTIONS = [
    "--title", "--sent", "--received", "--regime", "--campaign", "--ref", "--tag", "--json",
    "--csv", "--status", "--authority", "--overdue", "--sort", "--date", "--outcome",
    "--exemption", "--until", "--window", "--note", "--remove-event", "--within", "--quiet",
    "--explain", "--responded", "--format", "--yes", "--since", "--renumber", "--untag",
    "--dry-run", "--fail-if-overdue", "--file",
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(
        [
            "2025-06-20",
            "31/02/2025",
            "10 March 2025",
            "1999-01-01",
            "tomorrow",
            "essex",
            "esex",
            "all-police",
            "responded",
            "review-requested",
            "fee-paid",
            "granted",
            "maybe",
            "s40(2)",
            "Section 12(1)",
            "article 8",
            "40 days",
            "two months",
            "soon",
            "1",
            "0",
            "-1",
            "99999",
            "foia",
            "foisa",
            "fooa",
            "lfr-2025",
            "json",
            "html",
            "",
            " ",
            '=HYPERLINK("x")',
            "line\nbreak",
            "\x00nul",
            "\u202eRTL",
            "x" * 300,
        ]
    ),
    st.text(max_size=20),
)
TODAY = "2025-06-20"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def check(args: list[str], ledger: Path) -> int:
    before = digest(ledger)
    result = run(*args, "--ledger", str(ledger), "--today", TODAY)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr, (args, result.stderr)
    assert "internal error" not in result.stderr, (args, result.stderr)
    if result.exit_code != 0:
        assert digest(ledger) == before, (args, result.stderr)
        assert result.stderr.startswith("foitrack: "), (args, result.stderr)
    return result.exit_code


@pytest.fixture(params=[".db", ".toml"], scope="module")
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    ledger = folder / f"seed{request.param}"
    assert run("import", str(EXAMPLE), "--ledger", str(ledger)).exit_code == 0
    return ledger


CASES: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def _write_the_figures() -> object:
    """The counts of exit codes, for the README's figures: written once the
    module's tests have run, whichever of them ran (not a test of its own)."""
    yield
    if CASES:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "fuzz.json").write_text(json.dumps(CASES, sort_keys=True))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(COMMANDS),
    tail=st.lists(st.one_of(st.sampled_from(OPTIONS), VALUES), max_size=6),
)
def test_random_commands(seeded: Path, tmp_path: Path, command: str, tail: list[str]) -> None:
    ledger = tmp_path / seeded.name
    if not ledger.exists():
        shutil.copy(seeded, ledger)
    if "-o" in tail or "--output" in tail:
        return  # writing files elsewhere is not what this test is about
    code = check([command, *tail], ledger)
    CASES[f"exit {code}"] = CASES.get(f"exit {code}", 0) + 1


def _mangle(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return data[: rng.randrange(len(data))]
    if choice == 1:
        out = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if choice == 2:
        at = rng.randrange(len(data))
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 50))) + data[at:]
    return bytes(rng.randrange(256) for _ in range(rng.randint(0, 4096)))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1))
def test_mangled_ledgers_are_reported_never_overwritten(
    seeded: Path, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    ledger = tmp_path / f"mangled{seeded.suffix}"
    for leftover in (Path(f"{ledger}-wal"), Path(f"{ledger}-shm")):
        leftover.unlink(missing_ok=True)
    ledger.write_bytes(_mangle(seeded.read_bytes(), rng))
    for args in (["list"], ["due"], ["add", "essex", "--title", "fuzz"], ["export"]):
        code = check(args, ledger)
        CASES[f"mangled exit {code}"] = CASES.get(f"mangled exit {code}", 0) + 1
