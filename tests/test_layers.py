"""The layers, checked: every import of every module points down (README "Architecture").

Every ``import`` counts, those inside functions (the lazy ones that keep
start-up fast) and under ``TYPE_CHECKING`` included: a layer that needs
another's names at any time depends on it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import foitrack

ROOT = Path(foitrack.__file__).parent

#: Each part of foitrack and its layer: a module imports only from its own
#: layer or lower ones. Within one layer, parts may use each other as long as
#: no two of them do so both ways (checked below).
LAYERS: dict[str, int] = {
    # The pure core: dates, calendars, regimes, events, the lifecycle.
    "core": 0,
    # Around the core, below any user action: files, the clock, the config,
    # the bank-holiday lists, the directory of authorities, text for terminals.
    "foitrack": 1,  # the package itself: __version__
    "authorities": 1,
    "calendars": 1,
    "clock": 1,
    "config": 1,
    "files": 1,
    "paths": 1,
    "tabular": 1,
    "text": 1,
    # Persistence.
    "store": 2,
    # Helpers the services call, each knowing one trade and no ledger flow:
    # reading responses, drafting letters, sending mail and writing
    # calendars, formatting reports, keeping response copies.
    "documents": 3,
    "intake": 3,
    "mail": 3,
    "letters": 3,
    "notify": 3,
    "reports": 3,
    # One user action each, over the store, the helpers and the core.
    "services": 4,
    # The command line, and the entry point with its fast lane.
    "cli": 5,
    "entry": 6,
    "__main__": 6,
}

#: Reaching down past the services: the CLI speaks to the services and the
#: helpers, never to the store. Each exception names its reason.
SKIPS_FORBIDDEN = {("cli", "store")}
EXCEPTIONS: dict[tuple[str, str], str] = {}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imports() -> list[tuple[str, str]]:
    """Every (importer, imported) pair of foitrack modules."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        module = _module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    names = [".".join([*base, node.module] if node.module else base)]
                else:
                    names = [node.module or ""]
            else:
                continue
            found.extend((module, name) for name in names if name.split(".")[0] == "foitrack")
    return found


def test_every_part_has_a_layer() -> None:
    parts = {_part(_module_name(path)) for path in ROOT.rglob("*.py")}
    assert parts - set(LAYERS) == set(), "give the new part a layer in LAYERS and the README"
    assert set(LAYERS) - parts == set(), "a part named in LAYERS no longer exists"


def test_imports_point_down() -> None:
    wrong = [
        f"{importer} imports {imported}"
        for importer, imported in imports()
        if LAYERS[_part(imported)] > LAYERS[_part(importer)]
    ]
    assert wrong == []


def test_the_core_imports_nothing_of_foitrack_but_the_core() -> None:
    wrong = [
        f"{importer} imports {imported}"
        for importer, imported in imports()
        if _part(importer) == "core" and _part(imported) != "core"
    ]
    assert wrong == []


def test_nothing_imports_the_cli() -> None:
    wrong = [
        f"{importer} imports {imported}"
        for importer, imported in imports()
        if _part(imported) == "cli" and LAYERS[_part(importer)] <= LAYERS["cli"]
        if _part(importer) != "cli"
    ]
    assert wrong == []


def test_the_cli_does_not_reach_past_the_services() -> None:
    wrong = [
        f"{importer} imports {imported}"
        for importer, imported in imports()
        if (_part(importer), _part(imported)) in SKIPS_FORBIDDEN
        and (importer, imported) not in EXCEPTIONS
    ]
    assert wrong == []


def test_every_exception_is_still_needed() -> None:
    assert set(EXCEPTIONS) - set(imports()) == set(), "remove the exception: the import is gone"


#: Nor does the CLI reach the store through an open ledger (``opened.store``):
#: the modules that still do, with the reason.
STORE_REACHED: dict[str, str] = {}


def _reaching_the_store() -> set[str]:
    found = set()
    for path in sorted((ROOT / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Attribute) and n.attr == "store" for n in ast.walk(tree)):
            found.add(_module_name(path))
    return found


def test_the_cli_does_not_use_the_store_through_a_ledger() -> None:
    assert _reaching_the_store() - set(STORE_REACHED) == set()
    assert set(STORE_REACHED) - _reaching_the_store() == set(), "remove the exception"


def test_no_two_parts_import_each_other() -> None:
    """No cycle between parts (services and notify, say): one of them is the lower."""
    graph: dict[str, set[str]] = defaultdict(set)
    for importer, imported in imports():
        if _part(importer) != _part(imported):
            graph[_part(importer)].add(_part(imported))

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            part = todo.pop()
            if part == goal:
                return True
            if part not in seen:
                seen.add(part)
                todo.extend(graph.get(part, ()))
        return False

    cycles = sorted(f"{a} <-> {b}" for a in graph for b in graph[a] if reaches(b, a) and a < b)
    assert cycles == []


def test_the_checker_sees_lazy_and_relative_imports() -> None:
    # The daily check imports the CLI lazily, inside main(): it must be seen.
    assert ("foitrack.entry", "foitrack.cli.daily") in imports()
