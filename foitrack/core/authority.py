"""An authority a request goes to: a police body from the shipped directory,
or one the user added. A domain type; the directory that finds them by name
is :mod:`foitrack.authorities`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Authority:
    id: str
    name: str
    nation: str
    regime: str
    aliases: tuple[str, ...] = ()
    group: str | None = None
    email: str | None = None
    builtin: bool = False

    def to_record(self) -> dict[str, object]:
        """The ledger's form of a body the user added (or an email they set)."""
        record: dict[str, object] = {"id": self.id}
        if not self.builtin:
            record.update(
                name=self.name, nation=self.nation, regime=self.regime, aliases=list(self.aliases)
            )
        if self.email:
            record["email"] = self.email
        return record
