"""Text from a ledger or a document, made safe and tidy for a terminal or a mail reader."""

from __future__ import annotations

from collections.abc import Sequence

#: C0 and C1 control characters (a CR/LF, ESC or CSI starting a terminal
#: escape sequence) and the marks that reorder text on screen.
_CONTROL = dict.fromkeys(
    (*range(32), *range(127, 160), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
     *range(0x2066, 0x206A)),
    " ",
)  # fmt: skip


def one_line(text: str) -> str:
    """Text from a ledger or a document made safe to show on one line of a
    terminal: control characters (a CR/LF in a title, an escape sequence) and
    direction overrides become spaces."""
    return text if text.isprintable() else text.translate(_CONTROL)


def wrap_names(names: Sequence[str], indent: str, width: int) -> list[str]:
    """``A, B, C,`` over as many lines as it takes, never breaking a name."""
    lines: list[str] = []
    line = ""
    for index, name in enumerate(names):
        word = name + ("," if index < len(names) - 1 else "")
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines
