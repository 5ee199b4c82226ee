"""The bodies requests go to: the police directory shipped as data, plus yours.

Names are matched leniently (``Essex Police``, ``essex``, ``ESSEX`` all find
Essex); an unknown name is refused with the closest matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from foitrack.core.authority import Authority as Authority  # re-exported
from foitrack.core.errors import UnknownAuthority

NATIONS = ("england", "wales", "scotland", "northern-ireland", "uk")

#: Groups every ledger has; users add their own with ``authorities group``.
_BUILTIN_GROUPS = {
    "all-police": ("territorial", "scotland", "northern-ireland", "special"),
    "england-wales": ("territorial",),
    "scotland": ("scotland",),
    "northern-ireland": ("northern-ireland",),
}


def slug(text: str) -> str:
    """``Essex Police`` -> ``essex-police``; how names are compared."""
    text = text.strip().lower().replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@cache
def builtin_authorities() -> tuple[Authority, ...]:
    import tomllib

    data = tomllib.loads((Path(__file__).parent / "police.toml").read_text(encoding="utf-8"))
    return tuple(
        Authority(
            id=item["id"],
            name=item["name"],
            nation=item["nation"],
            regime=item["regime"],
            aliases=tuple(item.get("aliases", ())),
            group=item.get("group"),
            builtin=True,
        )
        for item in data["authority"]
    )


@dataclass
class Directory:
    """Every authority and group a ledger knows: built in, then the user's."""

    authorities: dict[str, Authority] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(
        cls, custom: Iterable[Authority] = (), groups: Mapping[str, Sequence[str]] | None = None
    ) -> Directory:
        directory = cls()
        builtin = builtin_authorities()
        for authority in builtin:
            directory._add(authority)
        for authority in custom:
            known = directory.authorities.get(authority.id)
            if known is not None and known.builtin:
                directory.authorities[authority.id] = replace(known, email=authority.email)
            else:
                directory._add(authority)
        for name, kinds in _BUILTIN_GROUPS.items():
            directory.groups[name] = tuple(a.id for a in builtin if a.group in kinds)
        for name, members in (groups or {}).items():
            directory.groups[name] = tuple(members)
        return directory

    def _add(self, authority: Authority) -> None:
        self.authorities[authority.id] = authority
        for key in (authority.id, *authority.aliases, authority.name):
            self._index.setdefault(slug(key), authority.id)

    def get(self, name: str) -> Authority:
        """The authority called ``name`` (id, alias or full name)."""
        key = self._index.get(slug(name))
        if key is None:
            raise UnknownAuthority(self._unknown(name))
        return self.authorities[key]

    def expand(self, names: Iterable[str]) -> list[Authority]:
        """Authorities and groups, expanded in order, each authority once."""
        result: dict[str, Authority] = {}
        for name in names:
            group = self.groups.get(slug(name))
            members = group if group is not None else (name,)
            for member in members:
                authority = self.get(member)
                result.setdefault(authority.id, authority)
        return list(result.values())

    def display_name(self, authority_id: str) -> str:
        authority = self.authorities.get(authority_id)
        return authority.name if authority else authority_id

    def short_name(self, authority_id: str) -> str:
        """A territorial force as a list of many names it: "Avon and Somerset", "Kent".

        Other bodies keep their whole name ("British Transport Police" is not a place).
        """
        authority = self.authorities.get(authority_id)
        if authority is None:
            return authority_id
        if authority.group == "territorial":
            for suffix in (" Police Service", " Constabulary", " Police"):
                if authority.name.endswith(suffix):
                    return authority.name.removesuffix(suffix)
        return authority.name

    def _unknown(self, name: str) -> str:
        import difflib

        wanted = slug(name)
        scored = sorted(
            (difflib.SequenceMatcher(None, wanted, c).ratio(), c)
            for c in set(self._index) | set(self.groups)
        )
        best = scored[-1][0] if scored else 0.0
        # Only the matches about as good as the best: "essex", not "essex or sussex".
        close = [c for score, c in reversed(scored) if score >= max(0.6, best - 0.05)][:3]
        if not close and len(wanted) >= 3:
            # A word of a longer name: "devon" for devon-and-cornwall, "thames" for
            # thames-valley (the spelling is right, the name is just longer).
            close = sorted(
                c for c in set(self._index) | set(self.groups) if wanted in c.split("-")
            )[:3]
        names = list(dict.fromkeys(self._index.get(c, c) for c in close))
        hint = (
            f" — did you mean {' or '.join(names)}?"
            if names
            else " — see 'foitrack authorities' for the list, or add it with "
            "'foitrack authorities add'"
        )
        return f"unknown authority {name!r}{hint}"
