"""Adding the user's own bodies and groups to a ledger's directory."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from foitrack.authorities import NATIONS, Authority, slug
from foitrack.core.errors import FoitrackError, UnknownAuthority
from foitrack.core.regimes import get_regime
from foitrack.services.ledger import Ledger

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _free_name(ledger: Ledger, name: str, what: str) -> str:
    key = slug(name)
    if not _ID.fullmatch(key) or key != name:
        raise FoitrackError(
            f"{what} {name!r} must be lower-case letters, digits and hyphens, such as "
            f"{key or 'suffolk-cc'}"
        )
    try:
        taken = ledger.directory.get(key)
    except UnknownAuthority:
        taken = None
    if taken is not None or key in ledger.directory.groups:
        raise FoitrackError(f"{what} {name!r} is already taken: choose another")
    return key


def add_authority(
    ledger: Ledger,
    authority_id: str,
    name: str,
    nation: str,
    regime: str,
    aliases: Sequence[str],
    email: str | None,
) -> Authority:
    key = _free_name(ledger, authority_id, "the id")
    if not name.strip():
        raise FoitrackError("the name is empty: give --name 'Suffolk County Council'")
    if nation not in NATIONS:
        raise FoitrackError(f"unknown nation {nation!r}: use one of {', '.join(NATIONS)}")
    authority = Authority(
        key,
        name.strip(),
        nation,
        get_regime(regime).code,
        tuple(slug(a) for a in aliases),
        email=_checked_email(email),
    )
    ledger.store.save_authority(authority)
    return authority


def set_email(ledger: Ledger, name: str, email: str) -> Authority:
    authority = replace(ledger.directory.get(name), email=_checked_email(email))
    ledger.store.save_authority(authority)
    return authority


def define_group(ledger: Ledger, name: str, members: Sequence[str]) -> list[str]:
    if name in ledger.directory.groups and name not in ledger.store.groups():
        raise FoitrackError(f"{name!r} is a built-in group: choose another name")
    if name not in ledger.directory.groups:
        _free_name(ledger, name, "the group name")
    ids = [a.id for a in ledger.directory.expand(members)]
    if not ids:
        raise FoitrackError("a group needs at least one authority")
    ledger.store.save_group(name, ids)
    return ids


def _checked_email(email: str | None) -> str | None:
    if email is None:
        return None
    if not _EMAIL.fullmatch(email.strip()):
        raise FoitrackError(f"{email!r} does not look like an email address")
    return email.strip()


def import_emails(ledger: Ledger, text: str, source: str) -> list[Authority]:
    """Addresses for many authorities from CSV text (``authority,email`` a
    row; a header row naming them is skipped): every row checked, then all
    recorded in one transaction, or none."""
    import csv

    from foitrack.core.errors import Problems

    problems: list[str] = []
    updated: dict[str, Authority] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and [c.lower() for c in cells[:2]] == ["authority", "email"]:
            continue
        if len(cells) < 2 or not cells[1]:
            problems.append(f"{source} line {number}: expected authority,email")
            continue
        try:
            authority = ledger.directory.get(cells[0])
            updated[authority.id] = replace(authority, email=_checked_email(cells[1]))
        except FoitrackError as error:
            problems.append(f"{source} line {number}: {error}")
    if problems:
        raise Problems(f"no address recorded: {len(problems)} rows of {source} are wrong", problems)
    if not updated:
        raise FoitrackError(f"{source} holds no authority,email rows")
    with ledger.store.transaction():
        for authority in updated.values():
            ledger.store.save_authority(authority)
    return list(updated.values())
