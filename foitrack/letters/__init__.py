"""Drafting the next letter: a chaser, an internal review request, a complaint.

The wording lives in plain-text templates (``templates/``), ``${name}``
placeholders filled from the request; a user's own copy in
``$XDG_CONFIG_HOME/foitrack/templates/`` replaces the shipped one. The
grounds for a review come one paragraph per exemption family, by regime,
because FOISA numbers its exemptions differently (personal data is s38
there, s40 under FOIA).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template
from typing import NamedTuple

from foitrack.core.calendar import Calendar
from foitrack.core.dates import format_day
from foitrack.core.errors import ConfigError, FoitrackError
from foitrack.core.events import Event, EventType, Outcome
from foitrack.core.lifecycle import RequestState, live
from foitrack.core.regimes import Regime, ReviewFrom
from foitrack.core.request import Request
from foitrack.core.status import REVIEW_WINDOWS

KINDS = ("chase", "review", "complaint")
_SHIPPED = Path(__file__).parent / "templates"

_OUTCOME_PHRASES = {
    Outcome.PARTIAL: "provided some of the information and withheld the rest",
    Outcome.REFUSED: "refused the request",
    Outcome.NOT_HELD: "said the information is not held",
    Outcome.NCND: "would neither confirm nor deny whether the information is held",
    Outcome.GRANTED: "said the request was answered in full",
}


class DraftRefused(FoitrackError):
    """The letter does not fit the request's state (nothing to chase, say)."""


class _Drafting(NamedTuple):
    """What every letter is drafted from; ``who`` is the authority's name."""

    request: Request
    state: RequestState
    regime: Regime
    calendar: Calendar
    today: date
    config_dir: Path | None
    who: str


@dataclass(frozen=True, slots=True)
class Letter:
    kind: str
    text: str


def split_letter(text: str) -> tuple[dict[str, str], str]:
    """A drafted letter's header lines (``to``, ``subject``), then its body."""
    headers: dict[str, str] = {}
    lines = text.split("\n")
    while lines and ":" in lines[0] and lines[0].split(":", 1)[0] in ("To", "Subject"):
        name, value = lines.pop(0).split(":", 1)
        headers[name.lower()] = value.strip()
    while lines and not lines[0].strip():
        lines.pop(0)
    return headers, "\n".join(lines)


def template(name: str, config_dir: Path | None) -> tuple[Template, Path]:
    """The user's copy of a template if there is one, else the shipped one."""
    for folder in ([config_dir / "templates"] if config_dir else []) + [_SHIPPED]:
        path = folder / f"{name}.txt"
        if path.exists():
            return Template(path.read_text(encoding="utf-8")), path
    raise ConfigError(f"no letter template {name!r}")


def fill(name: str, values: dict[str, str], config_dir: Path | None) -> str:
    text, path = template(name, config_dir)
    try:
        return text.substitute(values)
    except KeyError as missing:
        raise ConfigError(
            f"the template {path} uses ${{{missing.args[0]}}}, which foitrack does not fill; "
            f"use one of: {', '.join(sorted(values))}"
        ) from None
    except ValueError as error:
        raise ConfigError(f"the template {path} is malformed: {error}") from None


def draft(
    kind: str,
    request: Request,
    state: RequestState,
    authority_name: str,
    regime: Regime,
    calendar: Calendar,
    today: date,
    *,
    signature: str = "[your name]",
    config_dir: Path | None = None,
    authority_email: str | None = None,
) -> Letter:
    """The letter ``kind`` for ``request``, its dates read from ``state``
    (the lifecycle's deadlines, never counted again here)."""
    if kind not in KINDS:
        raise DraftRefused(f"unknown letter {kind!r}: use one of {', '.join(KINDS)}")
    values = _common(request, state, authority_name, regime, signature, calendar)
    values["to"] = f"{authority_name} <{authority_email}>" if authority_email else authority_name
    builder = {"chase": _chase, "review": _review, "complaint": _complaint}[kind]
    drafting = _Drafting(request, state, regime, calendar, today, config_dir, authority_name)
    name, extra = builder(drafting)
    values.update(extra)
    # A paragraph left out because nothing is known leaves no gap behind it.
    text = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", fill(name, values, config_dir))
    return Letter(kind, text)


def _common(
    request: Request,
    state: RequestState,
    authority_name: str,
    regime: Regime,
    signature: str,
    calendar: Calendar,
) -> dict[str, str]:
    their_ref = _their_ref(request)
    title = " ".join(request.title.split())
    return {
        "authority_name": authority_name,
        "title": title,
        "request_text": _quoted(request.body or "") or f"    {title}",
        "their_ref": their_ref or "",
        "their_ref_note": _ref_note(request),
        "their_ref_or_title": their_ref or f'"{" ".join(request.title.split())[:60]}"',
        "law": regime.name,
        "received": format_day(request.received),
        "sent": format_day(request.sent),
        "regulator": regime.regulator_short,
        "regulator_short": regime.regulator_short,
        "regulator_full": regime.regulator,
        "response_source": regime.response.source,
        "signature": signature,
        "request_id": str(request.id),
        "lateness": _lateness(state, regime, calendar),
    }


def _their_ref(request: Request) -> str | None:
    responded = _last(request, EventType.RESPONDED)
    return request.their_ref or (responded.ref if responded and responded.ref else None)


def _ref_note(request: Request) -> str:
    their_ref = _their_ref(request)
    return f" (your reference {their_ref})" if their_ref else ""


def _quoted(body: str) -> str:
    """The request's own words, indented as a quotation (blank lines kept)."""
    if not body.strip():
        return ""
    lines = body.strip("\n").splitlines()
    return "\n".join(f"    {line.rstrip()}" if line.strip() else "" for line in lines)


def late_by(state: RequestState, calendar: Calendar) -> tuple[int, int] | None:
    """When the response came after its due date: the working day it came on,
    counted as the lifecycle counted the deadline (from ``counted_from``, less
    the days paused for a fee), and the working day it was due on."""
    due, answered = state.due, state.answered
    if due is None or answered is None or answered <= due.date:
        return None
    start, paused = state.counted_from, state.paused_days
    came = calendar.working_days_between(start, answered) - paused
    allowed = calendar.working_days_between(start, due.date) - paused
    return came, allowed


def _lateness(state: RequestState, regime: Regime, calendar: Calendar) -> str:
    """The sentence "your response came on working day 46 of the 20 ...", or nothing."""
    late = late_by(state, calendar)
    if late is None or state.due is None or state.answered is None:
        return ""
    came, allowed = late
    what = "the extension allowed" if state.due.name == "extended_due" else "the law allows"
    return (
        f"Your response of {format_day(state.answered)} came on working day {came} of "
        f"the {allowed} {what} ({state.due.source}): it was due by "
        f"{format_day(state.due.date)}."
    )


def _last(request: Request, kind: EventType) -> Event | None:
    found = [e for e in live(request.events) if e.type is kind]
    return found[-1] if found else None


def _chase(d: _Drafting) -> tuple[str, dict[str, str]]:
    request, state, regime, calendar, today, _, _ = d
    due = state.due
    if due is None or state.answered is not None:
        raise DraftRefused(f"request {request.id} is not waiting for a response: nothing to chase")
    if today <= due.date:
        raise DraftRefused(
            f"request {request.id} is not overdue: the response is due {format_day(due.date)}"
        )
    late = calendar.working_days_between(due.date, today)
    long_overdue = state.date_of("long_overdue")
    firm = long_overdue is not None and today > long_overdue
    if regime.review_window_from is not ReviewFrom.RESPONSE:
        next_step = (
            f"If I do not receive a response, I will ask for an internal review of your "
            f"failure to respond and then apply to the {regime.regulator}."
        )
    else:
        next_step = (
            f"If I do not receive a response, I will complain to the {regime.regulator}, "
            "which accepts complaints about a failure to respond without an internal review."
        )
    if regime.extension is None:
        outer_limit = f"The {regime.name} allows no extension of that time."
    elif regime.regulator_short == "ICO":
        outer_limit = (
            f"That is beyond the {regime.long_overdue.period} the {regime.regulator_short} "
            "regards as the outer limit for any response, even with an extension."
        )
    else:
        outer_limit = (
            f"That is beyond the {regime.extension.period} that {regime.extension.source} "
            "allows even with an extension."
        )
    day_now = calendar.working_days_between(state.counted_from, today) - state.paused_days
    return ("chase-firm" if firm else "chase"), {
        "due": format_day(due.date),
        "late": str(late),
        "working_day": str(day_now),
        "next_step": next_step,
        "outer_limit": outer_limit,
    }


#: Families whose grounds are not about disclosure, so they stand for NCND too.
_NOT_DISCLOSURE = frozenset({"cost", "vexatious"})


def _grounds(request: Request, state: RequestState, regime: Regime, config_dir: Path | None) -> str:
    advice = regime.advice_section
    paragraphs: list[str] = []
    used: set[str] = set()
    outcome = state.outcome
    if outcome is Outcome.NCND:
        # The question is the public interest in confirming or denying, not in
        # disclosure: the disclosure grounds would answer the wrong test.
        cited = ", ".join(state.exemptions) or "the exemptions cited"
        values = {"exemption": cited, "ncnd_source": regime.ncnd_source}
        paragraphs.append(fill("grounds/ncnd", values, config_dir))
        used.add("ncnd")
    for exemption in state.exemptions:
        family = regime.exemptions.family(exemption)
        if outcome is Outcome.NCND and family not in _NOT_DISCLOSURE:
            continue  # the NCND paragraph answers for it
        key = family if family != "other" else exemption
        if key in used:
            continue
        used.add(key)
        paragraphs.append(
            fill(
                f"grounds/{family}", {"exemption": exemption, "advice_section": advice}, config_dir
            )
        )
    if outcome is Outcome.NOT_HELD or (outcome is Outcome.PARTIAL and not state.exemptions):
        paragraphs.append(fill("grounds/not-held", {}, config_dir))
    if not paragraphs:
        paragraphs.append(
            "Please explain the legal basis for the decision and, for any exemption relied "
            "on, how it applies and how the public interest was weighed."
        )
    return "\n\n".join(p.strip() for p in paragraphs)


def _window_note(
    request: Request, state: RequestState, regime: Regime, today: date
) -> tuple[str, str]:
    """The sentence naming the review window, read from the lifecycle's
    windows: the one it advises (the earlier, where the response states its
    own and it differs from the regime's), or, once that has passed, the other
    one still open; and the period it names. Nothing when the law fixes none."""
    open_windows = [
        d for n in REVIEW_WINDOWS if (d := state.deadlines.get(n)) is not None and d.date >= today
    ]
    if not open_windows:
        return "", ""
    deadline = min(open_windows, key=lambda d: d.date)
    responded = _last(request, EventType.RESPONDED)
    stated = responded.window if responded is not None else None
    by = format_day(deadline.date)
    # Where the response's window and the law's differ, both are named while
    # both are open: the request is made within the earlier, the later noted.
    stated_by = state.date_of(REVIEW_WINDOWS[1])
    default_by = state.date_of(REVIEW_WINDOWS[2])
    period = regime.review_request.period
    if stated is not None and deadline.source == "the window the response states":
        other = (
            f" ({regime.review_request.source} allows {period}, to {format_day(default_by)})"
            if default_by is not None and default_by > deadline.date
            else ""
        )
        return (
            f"I make this request within the {stated} your response allows{other}; "
            f"the last day is {by}. ",
            str(stated),
        )
    other = (
        f" (your response allows {stated}, to {format_day(stated_by)})"
        if stated is not None and stated_by is not None and stated_by > deadline.date
        else ""
    )
    return (
        f"I make this request within the {period} that {deadline.source} allows{other}; "
        f"the last day is {by}. ",
        period,
    )


def _review(d: _Drafting) -> tuple[str, dict[str, str]]:
    request, state, regime, calendar, today, config_dir, _ = d
    responded = _last(request, EventType.RESPONDED)
    if _last(request, EventType.REVIEW_REQUESTED) is not None:
        raise DraftRefused(f"a review of request {request.id} has already been asked for")
    review_by = state.date_of("review_request_by")
    values: dict[str, str] = {}
    law = regime.name
    # The window is closed only once the later of two windows has passed.
    closes = max(filter(None, (state.date_of(n) for n in REVIEW_WINDOWS)), default=None)
    if responded is None:
        due = state.due
        if due is None or today <= due.date:
            raise DraftRefused(
                f"request {request.id} has no response to review yet, and is not overdue"
            )
        late = calendar.working_days_between(due.date, today)
        no_extension = (
            f" The {law} allows no extension of that time." if regime.extension is None else ""
        )
        opening = (
            f"I am writing to request an internal review of your failure to respond to my "
            f"request for information under the {law}{_ref_note(request)}, which you received "
            f"on {format_day(request.received)}:"
        )
        decision = (
            f"You have not responded to my request of {format_day(request.sent)}, due on "
            f"{format_day(due.date)} ({due.source}); it is now {late} working days late."
            f"{no_extension}"
        )
        outcome_phrase = f"did not respond by {format_day(due.date)}, as {due.source} requires"
        grounds = (
            "Please treat this as a request for a review of that failure, and send the "
            "response without further delay."
        )
        values["responded"] = ""
    else:
        if state.outcome is Outcome.GRANTED:
            raise DraftRefused(
                f"request {request.id} was answered in full: there is nothing to review"
            )
        outcome_phrase = (
            _OUTCOME_PHRASES.get(state.outcome, "responded") if state.outcome else "responded"
        )
        if state.exemptions:
            outcome_phrase += f", citing {', '.join(state.exemptions)}"
        opening = (
            f"I am writing to request an internal review of your response of "
            f"{format_day(responded.date)}{_ref_note(request)} to my request for information "
            f"under the {law}, which you received on {format_day(request.received)}:"
        )
        lateness = _lateness(state, regime, calendar)
        decision = f"You {outcome_phrase}." + (f" {lateness}" if lateness else "")
        decision += " I ask you to review that decision for the reasons below."
        grounds = _grounds(request, state, regime, config_dir)
        values["responded"] = format_day(responded.date)
    if closes is not None and today > closes:
        raise DraftRefused(
            f"the window to ask for a review of request {request.id} closed on {format_day(closes)}"
        )
    window_note, window = _window_note(request, state, regime, today)
    review_answer = regime.review_response.apply(today, calendar)
    return "review", {
        **values,
        "opening": opening,
        "decision": decision,
        "outcome_phrase": outcome_phrase,
        "grounds": grounds,
        "window": window,
        "window_note": window_note,
        "review_source": (
            state.deadlines["review_request_by"].source
            if "review_request_by" in state.deadlines
            else regime.review_request.source
        ),
        "review_request_by": format_day(review_by) if review_by else "",
        "review_period": regime.review_response.period,
        "review_response_source": regime.review_response.source,
        "review_response_due": format_day(review_answer),
    }


def _complaint(d: _Drafting) -> tuple[str, dict[str, str]]:
    request, state, regime, calendar, today, _, who = d
    complained = _last(request, EventType.COMPLAINED)
    if complained is not None:
        raise DraftRefused(
            f"a complaint about request {request.id} was logged on "
            f"{format_day(complained.date)}: it is with the {regime.regulator_short}; "
            "write to them about that case rather than drafting another"
        )
    late_answer = late_by(state, calendar)
    dated = [(request.sent, "I sent the request")]
    if request.received != request.sent:
        dated.append((request.received, f"{who} received it"))
    due = state.due
    if due is not None:
        dated.append((due.date, f"the response was due ({regime.response.source})"))
    labels = {
        EventType.RESPONDED: "{a} responded",
        EventType.EXTENDED: "{a} extended the deadline",
        EventType.REVIEW_REQUESTED: "I asked for an internal review",
        EventType.REVIEW_RESPONDED: "{a} answered the review",
        EventType.CLARIFICATION_REQUESTED: "{a} asked me to clarify the request",
        EventType.CLARIFICATION_SENT: "I sent the clarification",
        EventType.FEE_NOTICE: "{a} sent a fees notice",
        EventType.FEE_PAID: "I paid the fee",
        EventType.CHASED: "I chased the response",
    }
    for event in live(request.events):
        label = labels.get(event.type)
        if label is None:
            continue
        if event.type is EventType.CHASED and any(
            e.type is EventType.REVIEW_REQUESTED and e.date <= event.date
            for e in live(request.events)
        ):
            label = "I chased the internal review"
        text = label.format(a=who)
        if event.outcome:
            text += f": {event.outcome.label}"
        if event.exemptions:
            text += f", citing {', '.join(event.exemptions)}"
        if event.type is EventType.RESPONDED and late_answer is not None:
            text += f" (late: working day {late_answer[0]} of {late_answer[1]})"
        dated.append((event.date, text))
    # Sorted by date; on the same day, in the order they were recorded.
    lines = [f"- {format_day(day)}: {text}." for day, text in sorted(dated, key=lambda d: d[0])]
    review_answer = _last(request, EventType.REVIEW_RESPONDED)
    review_asked = _last(request, EventType.REVIEW_REQUESTED)
    responded = _last(request, EventType.RESPONDED)
    regulator_by = state.date_of("regulator_by")
    if review_answer is not None:
        if review_answer.outcome is Outcome.GRANTED:
            raise DraftRefused(
                f"the review of request {request.id} released the information: nothing to "
                "complain about"
            )
        unresolved = "did not resolve my complaint"
        answer = review_answer.outcome
        said = _OUTCOME_PHRASES.get(answer, unresolved) if answer else unresolved
        reason = f"The internal review, answered on {format_day(review_answer.date)}, {said}."
    elif review_asked is not None:
        review_due = state.date_of("review_response_due")
        if review_due is None or today <= review_due:
            raise DraftRefused(
                f"the review of request {request.id} is not overdue yet "
                f"(due {format_day(review_due) if review_due else '?'}): wait for it first"
            )
        late = calendar.working_days_between(review_due, today)
        reason = (
            f"I asked for an internal review on {format_day(review_asked.date)}. It was due by "
            f"{format_day(review_due)} ({regime.review_response.source}) and is now {late} "
            "working days late."
        )
    elif responded is None and due is not None and today > due.date:
        if regime.review_before_regulator is not None:
            raise DraftRefused(
                f"request {request.id} has had no response: under the {regime.name} the "
                f"{regime.regulator_short} needs an internal review of the failure to respond "
                f"first ({regime.review_request.source}): use 'foitrack draft review {request.id}'"
            )
        late = calendar.working_days_between(due.date, today)
        reason = (
            f"{who} has not responded at all: the response is {late} working days "
            f"late. I understand the {regime.regulator_short} accepts a complaint about a "
            "failure to respond without an internal review."
        )
    else:
        raise DraftRefused(
            f"request {request.id} is not ready for a complaint: ask for an internal review first"
        )
    window_note = (
        f"I am making this complaint within the {regime.regulator_window.period} allowed "
        f"(by {format_day(regulator_by)}, {regime.regulator_window.source})."
        if regulator_by is not None and today <= regulator_by
        else ""
    )
    return "complaint", {
        "timeline": "\n".join(lines),
        "complaint_reason": reason,
        "window_note": window_note,
    }
