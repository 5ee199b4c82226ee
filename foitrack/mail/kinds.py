"""What a message says happened: the event it proposes, and how sure that is.

In this order, the first that fits: a bounce or an auto-reply (delivery
facts, never responses), a response or a review's result (read by
:func:`foitrack.intake.classify.classify`), a fees notice or charge, a
clarification request, an extension, an automatic acknowledgement. Only the
reply is read, not what it quotes: a reply quoting our own request must not
read as a request for clarification because the request used the word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from foitrack.mail.reading import Parsed, reply_part


@dataclass(frozen=True, slots=True)
class Proposal:
    """An event to record, as plain fields (the ``inbox --json`` event), and
    how sure foitrack is of it (0 to 1)."""

    fields: dict[str, Any]
    confidence: float
    note: str | None = None


_BOUNCE_SENDER = re.compile(r"^(mailer-daemon|postmaster)@", re.IGNORECASE)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (status notification|failure|has failed)|mail delivery failed|"
    r"returned mail|failure notice",
    re.IGNORECASE,
)
_AUTO_REPLY = re.compile(
    r"out of (the )?office|automatic reply|auto-?reply|away from (the|my) office|on leave",
    re.IGNORECASE,
)
_ACKNOWLEDGED = re.compile(
    r"acknowledge|receipt of your|we (have )?received your|has been (logged|received)|"
    r"thank you for your (request|email)",
    re.IGNORECASE,
)
_CLARIFY = re.compile(
    r"clarif(y|ication)|(please|could you) (provide|specify|confirm|narrow)|"
    r"more (detail|information) (is|will be) (needed|required)",
    re.IGNORECASE,
)
_FEES = re.compile(
    r"fees? notice|(fee|charge) of £\s?\d|£\s?\d[\d,.]*\s+(is|will be) (payable|charged)|"
    r"regulation 8|section 9\b|s\.?\s?9\b",
    re.IGNORECASE,
)
_EXTENDED = re.compile(
    r"extend(ed|ing)? the (deadline|time)|extension|public interest test|"
    r"(need|require) (further|additional|more) time|section 10\(3\)|s\.?\s?10\(3\)|"
    r"regulation 7",
    re.IGNORECASE,
)
_UNTIL = re.compile(
    r"\b(?:by|until|on or before|no later than)\s+(?:\w+day,?\s+)?(?P<date>\d{1,2}(?:st|nd|rd|th)?"
    r"\s+[a-z]+\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)
_REF = re.compile(
    r"\b(?:our |your |FOI |request )?ref(?:erence)?(?: number| no\.?)?\s*(?:is)?\s*[:#]?\s*"
    r"(?P<ref>[A-Z0-9][A-Z0-9/\-_.]*\d[A-Z0-9/\-_.]*)",
    re.IGNORECASE,
)


def empty(kind: str | None, day: date | None) -> dict[str, Any]:
    return {
        "type": kind,
        "date": day.isoformat() if day else None,
        "outcome": None,
        "exemptions": [],
        "their_ref": None,
        "ncnd": None,
    }


def propose(parsed: Parsed, today: date) -> Proposal:
    """The event a message proposes; the date is the message's (or the one its
    letter states, when that is plausible), never after ``today``."""
    from foitrack.intake.classify import classify

    day = parsed.date if parsed.date and parsed.date <= today else today
    reply = reply_part(parsed.text)
    head = reply[:4000]
    if (
        parsed.report
        or _BOUNCE_SENDER.search(parsed.address)
        or (_BOUNCE_SUBJECT.search(parsed.subject))
    ):
        fields = empty("bounce", day)
        return Proposal(fields, 0.95, "the message could not be delivered: check the address")
    if not reply.strip():
        return Proposal(empty(None, day), 0.0, "; ".join(parsed.notes) or "no text to read")
    found = classify(reply[:200_000])
    acknowledged = bool(_ACKNOWLEDGED.search(head)) and len(reply) < 4000
    ref = _ref(head) or (found.their_ref.value if found.their_ref else None)
    if found.outcome is not None and not (acknowledged and not found.exemptions):
        kind = "review-responded" if found.is_review else "responded"
        fields = empty(kind, day)
        stated = found.date.value if found.date else None
        if stated is not None and stated <= today and (parsed.date is None or stated <= day):
            fields["date"] = stated.isoformat()
        fields["outcome"] = str(found.outcome.value)
        fields["exemptions"] = [f.value for f in found.exemptions]
        fields["ncnd"] = bool(found.ncnd and found.ncnd.value)
        fields["their_ref"] = ref
        if found.review_window and not found.is_review:
            fields["window"] = str(found.review_window.value)
        return Proposal(fields, 0.95 if found.exemptions or found.date else 0.85)
    for kind, pattern, confidence in (
        ("fee-notice", _FEES, 0.9),
        ("clarification-requested", _CLARIFY, 0.9),
        ("extended", _EXTENDED, 0.9),
    ):
        if pattern.search(head):
            fields = empty(kind, day)
            fields["their_ref"] = ref
            note = None
            if kind == "extended":
                until = _until(head)
                if until is None:
                    confidence, note = 0.4, "no new deadline found: log it with --until DATE"
                else:
                    fields["until"] = until.isoformat()
            return Proposal(fields, confidence, note)
    if acknowledged:
        fields = empty("acknowledged", day)
        fields["their_ref"] = ref
        note = None
        confidence = 0.95 if ref else 0.8
        stated = found.received
        if stated is not None and stated.value <= day:
            # The day the clock counts from (DOMAIN.md): accepting the
            # acknowledgement makes it the request's received date.
            fields["received"] = stated.value.isoformat()
            fields["received_sure"] = stated.sure
            note = (
                f"it states the request was received on {stated.value.isoformat()}: "
                "accepting it counts the deadlines from that day"
            )
            if not stated.sure:
                # An inferred date moves deadlines: never recorded without the user.
                confidence = min(confidence, 0.6)
                note += f" (unsure: {stated.snippet})"
        return Proposal(fields, confidence, note)
    if _AUTO_REPLY.search(parsed.subject) or "auto-replied" in parsed.auto_submitted:
        return Proposal(empty("auto-reply", day), 0.9, "an automatic reply (out of office)")
    return Proposal(empty(None, day), 0.0, "foitrack cannot tell what this message says: read it")


def _ref(text: str) -> str | None:
    found = _REF.search(text)
    return found["ref"].rstrip(".-/") if found else None


def _until(text: str) -> date | None:
    from foitrack.core.dates import parse_date
    from foitrack.core.errors import FoitrackError

    for found in _UNTIL.finditer(text):
        try:
            return parse_date(re.sub(r"(\d)(st|nd|rd|th)", r"\1", found["date"]))
        except FoitrackError:
            continue
    return None
