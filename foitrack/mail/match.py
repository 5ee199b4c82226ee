"""Which request a message belongs to, and by which rule.

The rules, in this order (the first that names exactly one request wins):

1. ``thread``: its In-Reply-To or References name a message foitrack sent (or
   one already filed under a request); a bounce, the message it returns.
2. ``tag``: its subject carries a genuine tag, ``[FOI #12 k3f9q2]``.
3. ``their_ref``: it states a reference the authority gave the request (the
   request's ``their_ref``, or one recorded with its acknowledgement).
4. ``domain``: it comes from the domain of an authority that has exactly one
   open request in the campaign its subject names.

Anything else waits unassigned. :func:`from_authority` says whether the
sender is the authority's address (or its domain): a message from anyone
else is never recorded without the user's confirmation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from foitrack.mail.outgoing import tagged_request
from foitrack.mail.reading import Parsed

RULES = ("thread", "tag", "their_ref", "domain")
#: How sure each rule is that it found the right request.
RULE_CONFIDENCE = {"thread": 1.0, "tag": 0.98, "their_ref": 0.9, "domain": 0.75}


@dataclass(frozen=True, slots=True)
class Candidate:
    """What matching needs to know of a request."""

    id: int
    authority: str
    campaign: str | None
    open: bool
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Known:
    """Everything a message is matched against, gathered once per fetch."""

    #: Message-IDs filed under a request (those foitrack sent, and replies).
    threads: dict[str, int]
    candidates: Sequence[Candidate]
    #: Each authority's address, as recorded (``authorities set``).
    addresses: Mapping[str, str]
    key: bytes


def match(parsed: Parsed, known: Known) -> tuple[int | None, str | None]:
    for message_id in parsed.thread:
        if message_id in known.threads:
            return known.threads[message_id], "thread"
    if parsed.report:
        # A bounce returns the message it could not deliver, Message-ID and all.
        for message_id in re.findall(r"<[^<>\s]{1,250}>", parsed.returned):
            if message_id in known.threads:
                return known.threads[message_id], "thread"
    tagged = tagged_request(known.key, parsed.subject)
    if tagged is None and parsed.report:
        tagged = tagged_request(known.key, parsed.returned)
    if tagged is not None and any(c.id == tagged for c in known.candidates):
        return tagged, "tag"
    found = _by_ref(parsed, known.candidates)
    if found is not None:
        return found, "their_ref"
    found = _by_domain(parsed, known)
    if found is not None:
        return found, "domain"
    return None, None


def _by_ref(parsed: Parsed, candidates: Sequence[Candidate]) -> int | None:
    text = f"{parsed.subject}\n{parsed.text[:20_000]}"
    hits = {
        c.id
        for c in candidates
        for ref in c.refs
        if len(ref) >= 3 and re.search(rf"(?<![\w/-]){re.escape(ref)}(?![\w/-])", text, re.I)
    }
    return hits.pop() if len(hits) == 1 else None


def _by_domain(parsed: Parsed, known: Known) -> int | None:
    domain = parsed.address.rpartition("@")[2]
    if not domain:
        return None
    authorities = {a for a, address in known.addresses.items() if _same_domain(address, domain)}
    subject = parsed.subject.lower()
    hits = [
        c.id
        for c in known.candidates
        if c.open and c.authority in authorities and c.campaign and c.campaign.lower() in subject
    ]
    return hits[0] if len(hits) == 1 else None


def _same_domain(address: str, domain: str) -> bool:
    theirs = address.lower().rpartition("@")[2]
    return bool(theirs) and (domain == theirs or domain.endswith("." + theirs))


def from_authority(parsed: Parsed, address: str | None) -> bool:
    """Whether the sender is the authority: its address, or one at its domain."""
    if not address or not parsed.address:
        return False
    return _same_domain(address, parsed.address.rpartition("@")[2])
