"""People: the names ``assign``, ``due --assignee`` and ``remind --each`` take.

Apart from :mod:`foitrack.services.requests` so that ``due --mine`` checks a
name without loading the lifecycle engine (the daily check never needs it).
"""

from __future__ import annotations

from collections.abc import Mapping

from foitrack.core.errors import FoitrackError


class BadPerson(FoitrackError):
    """A person's name that is empty, not one line, or not among the people listed."""


def person_named(text: str, people: Mapping[str, str]) -> str:
    """A person's name as ``assign`` and ``due --assignee`` take it: one line,
    not empty, and one of ``people`` (the config's) when any are listed."""
    name = text.strip()
    if not name or not name.isprintable():
        raise BadPerson(f"the person's name {text!r} is empty or not one line: give a name")
    if people and name not in people:
        from difflib import get_close_matches

        close = get_close_matches(name, list(people), n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise BadPerson(
            f"unknown person {name!r}: {hint}the people in your config are "
            f"{', '.join(sorted(people))} (add [people.{name}] with its email to add one)"
        )
    return name
