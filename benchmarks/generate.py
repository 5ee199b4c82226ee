"""Realistic synthetic ledgers for the benchmarks (fixed seed, so repeatable).

    python benchmarks/generate.py 100000 /tmp/ledger-100k.db
    python benchmarks/generate.py 1000 /tmp/ledger-1k.toml

Requests go to every police body over the years before TODAY, at most some
tens a day (a bigger ledger is an older one, as a real one would be). Most are
long closed (granted, refused and reviewed, withdrawn); the open ones are
recent, as in a real ledger; every event type appears.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foitrack.authorities import Directory  # noqa: E402
from foitrack.calendars import Calendars  # noqa: E402
from foitrack.core.events import Event, EventType, Outcome, StatedWindow  # noqa: E402
from foitrack.core.regimes import Unit, get_regime  # noqa: E402
from foitrack.services.ledger import Ledger  # noqa: E402
from foitrack.store.base import Request  # noqa: E402

TODAY = date(2025, 6, 20)
SEED = 20250620
TOPICS = (
    "Live facial recognition deployments",
    "Stop and search by ethnicity",
    "Taser use on children",
    "Body-worn video retention",
    "Spit hood use",
    "Officer misconduct outcomes",
    "Drone flights",
    "Mobile phone extraction",
    "Automatic number plate recognition",
    "Custody deaths",
)
E = EventType


def _events(rng: random.Random, received: date, calendar, regime) -> list[Event]:  # type: ignore[no-untyped-def]
    # The ledger as it stands on TODAY: foitrack refuses to record what has not
    # happened yet, so no real ledger holds an event dated after today.
    return [e for e in _history(rng, received, calendar, regime) if e.date <= TODAY]


def _history(rng: random.Random, received: date, calendar, regime) -> list[Event]:  # type: ignore[no-untyped-def]
    age = (TODAY - received).days
    due = calendar.add_working_days(received, 20)
    events: list[Event] = []
    if rng.random() < 0.5:
        events.append(
            Event(E.ACKNOWLEDGED, received + timedelta(days=1), ref=f"FOI-{rng.randint(1, 99999)}")
        )
    if age < 25 and rng.random() < 0.7:
        return events  # recent and still waiting
    if rng.random() < 0.04:
        events.append(Event(E.WITHDRAWN, received + timedelta(days=2)))
        return events
    if rng.random() < 0.05:
        asked = received + timedelta(days=3)
        events.append(Event(E.CLARIFICATION_REQUESTED, asked))
        if age < 40 and rng.random() < 0.5:
            return events
        received = asked + timedelta(days=rng.randint(1, 10))
        events.append(Event(E.CLARIFICATION_SENT, received))
        due = calendar.add_working_days(received, 20)
    if rng.random() < 0.03:
        notice = received + timedelta(days=5)
        events.append(Event(E.FEE_NOTICE, notice, note="£25"))
        events.append(Event(E.FEE_PAID, notice + timedelta(days=rng.randint(1, 20))))
    if regime.extension is not None and rng.random() < 0.06:
        events.append(
            Event(E.EXTENDED, due - timedelta(days=1), until=calendar.add_working_days(due, 20))
        )
        due = calendar.add_working_days(due, 20)
    if age < 60 and rng.random() < 0.25:
        return events  # overdue
    answered = due + timedelta(days=rng.choice((-14, -7, -3, -1, 0, 0, 2, 10, 30)))
    if answered <= received:
        answered = received + timedelta(days=1)
    outcome = rng.choices(list(Outcome), weights=(50, 22, 15, 9, 4))[0]
    exemptions = ()
    if outcome in (Outcome.PARTIAL, Outcome.REFUSED):
        exemptions = tuple(
            rng.sample(
                ("s12(1)", "s40(2)", "s31(1)(a)", "s30(1)", "s38(1)", "s43(2)"), rng.randint(1, 2)
            )
        )
    elif outcome is Outcome.NCND:
        exemptions = ("s24(2)", "s31(3)")
    window = StatedWindow(40, Unit.DAYS) if rng.random() < 0.1 else None
    events.append(Event(E.RESPONDED, answered, outcome, exemptions, window=window))
    if outcome is Outcome.GRANTED or rng.random() < 0.7 or (TODAY - answered).days < 10:
        return events
    asked = answered + timedelta(days=rng.randint(1, 20))
    if asked > TODAY:
        return events
    events.append(Event(E.REVIEW_REQUESTED, asked))
    answer = calendar.add_working_days(asked, rng.choice((10, 18, 20, 30)))
    if answer > TODAY:
        return events
    review_outcome = rng.choice((outcome, outcome, Outcome.PARTIAL, Outcome.GRANTED))
    events.append(Event(E.REVIEW_RESPONDED, answer, review_outcome, exemptions))
    if review_outcome is Outcome.GRANTED or rng.random() < 0.8:
        return events
    complained = answer + timedelta(days=rng.randint(5, 30))
    if complained > TODAY:
        return events
    events.append(Event(E.COMPLAINED, complained))
    decided = complained + timedelta(days=rng.randint(60, 240))
    if decided <= TODAY:
        events.append(Event(E.DECISION, decided, rng.choice((Outcome.REFUSED, Outcome.GRANTED))))
        if rng.random() < 0.1 and decided + timedelta(days=20) <= TODAY:
            events.append(Event(E.APPEALED, decided + timedelta(days=20)))
    if rng.random() < 0.2:
        events.append(Event(E.NOTE, TODAY, note="chased by phone"))
    return events


def requests(count: int, calendars: Calendars) -> list[Request]:
    rng = random.Random(SEED)
    directory = Directory.load()
    bodies = [directory.authorities[i] for i in directory.groups["all-police"]]
    # One user sends at most some tens of requests a day: a bigger ledger is an
    # older one, not a busier one (1M requests span the 25 years since 2000).
    span = min(max(1800, count // 40), (TODAY - date(2000, 1, 1)).days)
    result = []
    #: Times each (authority, title, sent) was drawn: a repeat is told apart by
    #: its title, as foitrack refuses two requests the same (issue 19).
    drawn: dict[tuple[str, str, date], int] = {}
    for _ in range(count):
        authority = rng.choice(bodies)
        regime = get_regime(authority.regime)
        calendar = calendars.for_regime(regime)
        # Skewed to the recent past: a ledger grows over years, most of it old.
        sent = TODAY - timedelta(days=int(rng.expovariate(3.6 / span)) % span)
        received = sent + timedelta(days=rng.choice((0, 0, 0, 1, 3)))
        if received > TODAY:
            received = sent
        title = rng.choice(TOPICS)
        key = (authority.id, title, sent)
        drawn[key] = drawn.get(key, 0) + 1
        if drawn[key] > 1:
            title = f"{title} ({drawn[key]})"
        result.append(
            Request(
                id=0,
                authority=authority.id,
                title=title,
                regime=regime.code,
                sent=sent,
                received=received,
                campaign=f"campaign-{rng.randint(1, 40)}" if rng.random() < 0.6 else None,
                tags=("bench",) if rng.random() < 0.3 else (),
                events=tuple(_events(rng, received, calendar, regime)),
            )
        )
    return result


def generate(count: int, path: Path, cache: Path | None = None) -> Path:
    if path.exists():
        path.unlink()
    calendars = Calendars(cache)
    ledger = Ledger.open(path, calendars, create=True)
    try:
        batch = 20_000
        made = requests(count, calendars)
        for start in range(0, count, batch):
            ledger.store.add(made[start : start + batch])
    finally:
        ledger.close()
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    generate(int(sys.argv[1]), Path(sys.argv[2]))
