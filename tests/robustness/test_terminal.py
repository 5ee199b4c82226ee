"""Text from a ledger or a document reaches a terminal or a Markdown file inert.

A title, a name or a response may hold terminal escape sequences (a title
bar rewritten, the screen cleared), rich markup, CR/LF, or HTML; each once
went out as it was (issue 16).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.helpers import run

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m\x1b[5m"
HOSTILE = f"LFR {ESCAPES} [bold red]loud[/] [/] \u202eevil\u202c\rdone"
CONTROL = ("\x1b", "\x07", "\x9b", "\r", "\u202e", "\u202c")


def assert_inert(text: str) -> None:
    for character in CONTROL:
        assert character not in text, repr(character)


def test_list_and_show_neutralise_control_characters(tmp_path: Path) -> None:
    ledger = tmp_path / "l.db"
    args = ["--ledger", str(ledger), "--today", "2025-06-20"]
    assert run("authorities", "add", "rogue", "--name", f"Rogue {ESCAPES}Police",
               "--ledger", str(ledger)).exit_code == 0  # fmt: skip
    added = run("add", "rogue", "essex", "--title", HOSTILE, "--ref", ESCAPES,
                "--tag", ESCAPES, "--sent", "2025-04-14", *args)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert run("add", "kent", "--title", "another", *args).exit_code == 0
    logged = run("log", "1", "responded", "--date", "2025-05-12", "--note", HOSTILE, *args)
    assert logged.exit_code == 0
    for command in (["list"], ["list", "--campaign", "none"], ["show", "1"],
                    ["show", "1", "--explain"], ["authorities"], ["stats"]):  # fmt: skip
        result = (
            run(*command, *args)
            if command[0] != "authorities"
            else run(*command, "--ledger", str(ledger))
        )
        assert result.exit_code == 0, (command, result.stderr)
        assert_inert(result.stdout)
    shown = run("show", "1", *args).stdout
    assert "[bold red]loud[/] [/]" in shown  # markup shown as written, not applied


def test_classify_explain_neutralises_the_document(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "Dear requester,\n"
        f"Your request is refused under section 12 of the Act {ESCAPES}[blink]x[/].\n"
        f"Our reference: FOI-{ESCAPES}-123.\n"
    )
    result = run("classify", str(letter), "--explain")
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout)
    assert "refused" in result.stdout


def test_the_markdown_campaign_table_cannot_be_broken(tmp_path: Path) -> None:
    ledger = tmp_path / "l.db"
    args = ["--ledger", str(ledger), "--today", "2025-06-20"]
    injected = "\r\n# Owned\r\n<script>alert(1)</script> | *x* [link](http://evil.example)"
    assert run("authorities", "add", "rogue", "--name", f"Rogue{injected}",
               "--ledger", str(ledger)).exit_code == 0  # fmt: skip
    campaign = f"lfr{injected}"
    added = run("add", "rogue", "essex", "--title", "t", "--campaign", campaign,
                "--sent", "2025-04-14", *args)  # fmt: skip
    assert added.exit_code == 0
    assert_inert(added.stdout)
    result = run("campaign", campaign, "--format", "md", *args)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + 2 + 2  # heading, blank, header, rule, two rows
    assert all(line.startswith("|") for line in lines[2:])
    # eight cells, none split: nine pipes that are not escaped
    assert all(len(re.findall(r"(?<!\\)\|", line)) == 9 for line in lines[2:])
    assert "<script>" not in result.stdout and "&lt;script&gt;" in result.stdout
    assert not any(line.startswith("#") for line in lines)
    assert "\\[link\\]" in result.stdout and "\\*x\\*" in result.stdout
    table = run("campaign", campaign, *args)
    assert table.exit_code == 0
    assert_inert(table.stdout)
