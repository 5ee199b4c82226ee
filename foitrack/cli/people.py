"""``foitrack assign``: who follows which request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from foitrack.cli import options
from foitrack.cli.application import app

if TYPE_CHECKING:
    from foitrack.core.request import Request


@app.command(
    epilog=(
        "Examples:\n\n"
        "  foitrack assign 12 alice\n\n"
        "  foitrack assign 12 13 14 bob --note 'back from leave'\n\n"
        "  foitrack assign --campaign lfr-2025 alice\n\n"
        "  foitrack assign 12 --clear   # nobody follows it now"
    )
)
def assign(
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID... PERSON",
            help="The requests, then the person (no person with --clear; no id with --campaign).",
            show_default=False,
        ),
    ] = None,
    campaign: Annotated[
        str | None, typer.Option(help="Every request of this campaign (no ID).")
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Assign the requests to nobody.")] = False,
    note: Annotated[str | None, typer.Option(help="Why, recorded with the change.")] = None,
    json: options.Json = False,
    today: options.Today = None,
    ledger: options.Ledger = None,
) -> None:
    """Give requests to a person to follow, or to nobody (--clear).

    The person is a name: once [people.NAME] tables are in your config, one of
    those. Each change is recorded as an 'edited' event (with who made it),
    and 'due --mine', 'due --assignee P' and 'remind --each' read it.
    """
    from foitrack.cli.context import Env
    from foitrack.services.requests import assign as assign_requests

    person, ids = _person_and_ids(list(words or ()), campaign=campaign, clear=clear)
    env = Env(today=today, ledger=ledger)
    people = env.config.people
    with env.ledger() as opened:
        if campaign is not None:
            from foitrack.services.campaigns import campaign_requests

            ids = [r.id for r in campaign_requests(opened, campaign, today=env.today)]
        done = assign_requests(opened, ids, person, env.today, people=people, note=note)
        if json:
            from foitrack.services.views import listed_requests

            changed = {r.id for r in done.changed}
            items = listed_requests(opened, [*changed, *(r.id for r in done.unchanged)], env.today)
    if json:
        from foitrack.cli.render import print_json

        print_json({"ids": sorted(changed), "requests": items})
        return
    who = person if person is not None else "nobody"
    if done.changed:
        typer.echo(f"assigned {_ids(done.changed)} to {who}")
    if done.unchanged:
        typer.echo(f"{_ids(done.unchanged)} already assigned to {who}: nothing recorded")


def _person_and_ids(
    words: list[str], *, campaign: str | None, clear: bool
) -> tuple[str | None, list[int]]:
    """Split ``ID... PERSON`` (or ``ID...`` with --clear, ``PERSON`` with
    --campaign); every id checked before the ledger is opened."""
    from foitrack.core.errors import FoitrackError

    usage = "foitrack assign ID... PERSON (or ID... --clear, or --campaign C PERSON)"
    if clear:
        person, id_words = None, words
    elif not words:
        raise FoitrackError(f"name the requests and the person: {usage}")
    else:
        person, id_words = words[-1], words[:-1]
        if person.strip().isdigit():
            raise FoitrackError(
                f"{person.strip()!r} looks like a request id, not a person: name the person "
                f"after the requests: {usage}"
            )
    if campaign is not None:
        if id_words:
            raise FoitrackError(f"--campaign goes without request ids: {usage}")
        if clear and words:
            raise FoitrackError(f"--campaign --clear takes no person: {usage}")
        return person, []
    if not id_words:
        raise FoitrackError(f"name at least one request: {usage}")
    ids = []
    for word in id_words:
        if not word.isdigit():
            raise FoitrackError(f"{word!r} is not a request id (a whole number): {usage}")
        ids.append(int(word))
    return person, ids


def _ids(requests: Sequence[Request]) -> str:
    numbers = [f"#{r.id}" for r in requests]
    return ("request " if len(numbers) == 1 else "requests ") + ", ".join(numbers)
