"""The core stays pure: no I/O libraries, no CLI, no clock (STYLE.md habit 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import foitrack.core

ALLOWED = {
    "__future__", "bisect", "calendar", "collections", "contextlib", "dataclasses", "datetime",
    "enum", "itertools", "re", "typing", "zlib", "foitrack",
}  # fmt: skip
FORBIDDEN_NAMES = {"today", "now", "utcnow"}


def _modules() -> list[Path]:
    return sorted(Path(foitrack.core.__file__).parent.glob("*.py"))


def test_core_imports_only_pure_modules() -> None:
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in ALLOWED, f"{path.name} imports {name}"
                if top == "foitrack":
                    assert name.startswith("foitrack.core"), f"{path.name} imports {name}"


def test_core_never_reads_the_clock() -> None:
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_NAMES:
                raise AssertionError(f"{path.name} calls .{node.attr}()")
