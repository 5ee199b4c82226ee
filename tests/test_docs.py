"""Docs under test: every command has help with an example and a README section;
the README's config reference matches the schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from foitrack.cli import app
from foitrack.config import SCHEMA
from tests.cli.helpers import run

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    from typer.main import get_command

    group = get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout, f"{name} --help has no examples"
    assert f"foitrack {name}" in result.stdout


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_a_readme_section(name: str) -> None:
    assert f"### `foitrack {name}" in README


@pytest.mark.parametrize("key", SCHEMA, ids=lambda k: k.path)
def test_readme_config_reference_matches_the_schema(key) -> None:  # type: ignore[no-untyped-def]
    row = f"| `{key.path}` | {key.kind} | `{key.default}` | {key.help} |"
    assert row in README
