"""Reading a police FOI response: outcome, exemptions, dates, review window.

Pure text in, findings out; every finding carries the snippet it came from,
so ``--explain`` shows why and a user can check. The rules are phrase and
citation patterns drawn from how forces write (see tests/fixtures/responses):
they are deliberately general, not tuned to any one force's template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from foitrack.core.dates import parse_date
from foitrack.core.errors import FoitrackError
from foitrack.core.events import Outcome, StatedWindow, parse_window


@dataclass(frozen=True, slots=True)
class Finding:
    value: Any
    snippet: str


@dataclass
class Classification:
    outcome: Finding | None = None
    exemptions: list[Finding] = field(default_factory=list)
    provisions: list[Finding] = field(default_factory=list)
    ncnd: Finding | None = None
    their_ref: Finding | None = None
    date: Finding | None = None
    received: Finding | None = None
    review_window: Finding | None = None
    regime: Finding | None = None
    regulator: Finding | None = None
    #: True when the document answers an internal review rather than a request.
    is_review: Finding | None = None

    def to_json(self, *, explain: bool = False) -> dict[str, Any]:
        """The ``classify --json`` shape (README)."""

        def value(finding: Finding | None) -> Any:
            if finding is None:
                return None
            if isinstance(finding.value, date):
                return finding.value.isoformat()
            if isinstance(finding.value, StatedWindow):
                return {"length": finding.value.length, "unit": str(finding.value.unit)}
            if isinstance(finding.value, Outcome):
                return str(finding.value)
            return finding.value

        result: dict[str, Any] = {
            "outcome": value(self.outcome),
            "exemptions": [f.value for f in self.exemptions],
            "provisions": [f.value for f in self.provisions],
            "ncnd": bool(self.ncnd and self.ncnd.value),
            "their_ref": value(self.their_ref),
            "date": value(self.date),
            "received": value(self.received),
            "review_window": value(self.review_window),
            "regime": value(self.regime),
            "regulator": value(self.regulator),
            "is_review": bool(self.is_review and self.is_review.value),
        }
        if explain:
            result["explain"] = {
                name: [f.snippet for f in finding]
                if isinstance(finding, list)
                else (finding.snippet if finding else None)
                for name, finding in (
                    ("outcome", self.outcome),
                    ("exemptions", self.exemptions),
                    ("provisions", self.provisions),
                    ("ncnd", self.ncnd),
                    ("their_ref", self.their_ref),
                    ("date", self.date),
                    ("received", self.received),
                    ("review_window", self.review_window),
                    ("regime", self.regime),
                    ("regulator", self.regulator),
                    ("is_review", self.is_review),
                )
            }
        return result


def snippet(text: str, start: int, end: int, width: int = 70) -> str:
    """The words around a match, on one line."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    left = text.rfind("\n", left, start) + 1 if "\n" in text[left:start] else left
    if left > 0 and text[left - 1] not in " \n":
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left  # start on a whole word
    newline = text.find("\n", end, right)
    right = newline if newline != -1 else right
    if right < len(text) and text[right] not in " \n":
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right  # end on a whole word
    return " ".join(text[left:right].split())


def _first(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return pattern.search(text)


# --- citations: exemptions and provisions -------------------------------------

#: FOIA / FOISA sections that refuse information (s12 cost and s14 vexatious
#: included, as requesters count them); everything else cited is a provision
#: (s1 duty, s16 advice, s17 refusal notice, s50 complaint, ...).
_FOIA_EXEMPT = {12, 14, *range(21, 45)}
_FOISA_EXEMPT = {12, 14, *range(25, 42)}

_SUBS = r"(?:\s?\(\s?[0-9a-z]{1,4}\s?\))*"
_CITATION = re.compile(
    r"\b(?P<kind>sections?|ss?\.?|regulations?|regs?\.?|r\.)\s?"
    rf"(?P<list>\d{{1,2}}(?!\d){_SUBS}(?:\s?(?:,|&|/|\band\b|\bor\b|-)\s?(?:s\.?\s?)?\d{{1,2}}(?!\d){_SUBS}"
    rf"|\s?(?:&|\band\b)\s?\(\s?[0-9a-z]{{1,4}}\s?\))*)",
    re.IGNORECASE,
)
_ONE = re.compile(rf"(\d{{1,2}})({_SUBS})")


def expand_citation(text: str) -> list[str]:
    """``40(2)(3)&(4)`` -> 40(2), 40(3), 40(4); ``31(1)(a)(b)`` -> 31(1)(a), 31(1)(b);
    ``30 and 31`` -> 30, 31."""
    text = re.sub(r"\s", "", text.lower())
    # A bare "&(4)" or "and(4)" continues the previous section's subsections.
    text = re.sub(r"(?:&|and)(\()", r"\1", text)
    results: list[str] = []
    for number, subs in _ONE.findall(text):
        groups = re.findall(r"\(([0-9a-z]+)\)", subs)
        if not groups:
            results.append(number)
            continue
        # Siblings: consecutive groups of the same kind (digits, or letters).
        stem: list[str] = []
        previous_kind = None
        for group in groups:
            if group.isdigit():
                kind = "digit"
            elif _roman(group) and (len(group) > 1 or previous_kind == "letter"):
                kind = "roman"  # (b)(i): a sub-paragraph, not the letter i
            else:
                kind = "letter"
            if previous_kind == kind and stem:
                results.append(number + "".join(f"({g})" for g in stem))
                stem = [*stem[:-1], group]
            else:
                stem.append(group)
            previous_kind = kind
        results.append(number + "".join(f"({g})" for g in stem))
    return list(dict.fromkeys(results))


def _roman(group: str) -> bool:
    return bool(re.fullmatch(r"(i|ii|iii|iv|v|vi|vii|viii|ix|x)", group))


def citations(text: str, regime: str | None) -> tuple[list[Finding], list[Finding]]:
    """Exemptions and provisions cited, normalised (``s40(2)``, ``reg12(4)(b)``)."""
    exemptions: dict[str, Finding] = {}
    provisions: dict[str, Finding] = {}
    scottish = regime in ("foisa", "eisr")
    for match in _CITATION.finditer(text):
        kind = match["kind"].lower()
        regulation = kind.startswith("r")
        # A bare "s" takes no space ("s12", "s.12"), to avoid "apples 12".
        bare = kind.startswith("s") and not kind.startswith("sec") and "." not in kind
        if bare and " " in match.group(0)[: len(match["kind"]) + 1]:
            continue
        quote = snippet(text, match.start(), match.end())
        for item in expand_citation(match["list"]):
            number = int(re.match(r"\d+", item).group(0))  # type: ignore[union-attr]
            if regulation:
                name = f"reg{item}"
                # Exceptions are reg 12(4), 12(5) and 13; 12(1) is the public interest test.
                exempt = number == 13 or item.startswith(("12(4)", "12(5)"))
            else:
                name = f"s{item}"
                exempt = number in (_FOISA_EXEMPT if scottish else _FOIA_EXEMPT)
            target = exemptions if exempt else provisions
            target.setdefault(name, Finding(name, quote))
    # "s24" said in passing adds nothing when "s24(2)" is cited too.
    for name in list(exemptions):
        if "(" not in name and any(
            other.startswith(name + "(") for other in exemptions if other != name
        ):
            del exemptions[name]
    return list(exemptions.values()), list(provisions.values())


# --- outcome -------------------------------------------------------------------

_NCND = re.compile(
    r"neither\s+confirms?\s+(?:n|n)or\s+den(?:y|ies)|neither\s+confirming\s+nor\s+denying"
    r"|\bNCND\b|can\s+not\s+confirm\s+or\s+deny|cannot\s+confirm\s+or\s+deny"
    r"|will\s+not\s+confirm\s+or\s+deny|is\s+not\s+obliged\s+to\s+(?:either\s+)?confirm\s+or\s+deny",
    re.IGNORECASE,
)
_NOT_HELD = re.compile(
    r"(?:information|data|records?|it)\s+(?:you\s+(?:have\s+)?(?:requested|asked\s+for)\s+)?"
    r"(?:is|are)\s+(?:therefore\s+|thus\s+|consequently\s+|simply\s+)?not\s+held"
    r"|has\s+no\s+record(?:s)?\s+of|holds?\s+no\s+records?|does\s+not\s+hold|do\s+not\s+hold|doesn't\s+hold|don't\s+hold"
    r"|holds?\s+no\s+(?:recorded\s+)?information|no\s+(?:recorded\s+)?information\s+(?:is\s+)?held"
    r"|not\s+held\s+by|information\s+not\s+held|no\s+information\s+(?:was\s+)?(?:found|located)"
    r"|section\s+17\s+notice|s\.?\s?17\s+notice|hold\s+no\s+(?:recorded\s+)?information",
    re.IGNORECASE,
)
_SOME_HELD = re.compile(
    r"holds?\s+some\s+(?:of\s+the\s+)?information|some\s+of\s+the\s+information"
    r"|part\s+of\s+(?:the\s+|your\s+)?(?:information|request)|partial(?:ly)?\s+(?:disclos|provid|releas|grant)"
    r"|in\s+part\b|redact|some\s+information\s+(?:has\s+been|is\s+being)\s+withheld"
    r"|can\s+however\s+(?:address|provide|answer)|remainder\s+of\s+your\s+request",
    re.IGNORECASE,
)
_DISCLOSED = re.compile(
    r"please\s+find\s+(?:attached|enclosed|below)|(?:is|are)\s+(?:attached|enclosed)"
    r"|(?:information|data)\s+(?:you\s+requested\s+)?(?:is|are)\s+(?:provided|set\s+out)\s+below"
    r"|(?:the\s+)?answers?\s+(?:to\s+your\s+questions?\s+)?(?:is|are)\s+(?:provided\s+)?below"
    r"|disclosed\s+in\s+full|full\s+disclosure|we\s+(?:are\s+(?:able|pleased)\s+to|can)\s+"
    r"(?:provide|disclose|release)|(?:is|are)\s+(?:being\s+)?(?:provided|released|disclosed)"
    r"|^\s*(?:a\d*|answer)\s*[.:\-\u2013]|(?:figures|details|information|answers?)\s+(?:is|are)\s+"
    r"(?:as\s+follows|below)|\bas\s+follows\s*:|holds\s+(?:the\s+)?information\s+"
    r"(?:relating|relevant)\s+to\s+your\s+request\.\s+the",
    re.IGNORECASE | re.MULTILINE,
)
_REFUSED = re.compile(
    r"\brefus|\bexempt(?:ion|ed)?\b|exceed\s+the\s+(?:appropriate|cost|time)\s+limit"
    r"|would\s+exceed|vexatious|repeated\s+request|withh[oe]ld|not\s+(?:be\s+)?(?:able|in\s+a\s+position)\s+to\s+(?:provide|disclose|release|comply)"
    r"|unable\s+to\s+(?:provide|disclose|release|comply)",
    re.IGNORECASE,
)
_REVIEW = re.compile(
    r"internal\s+review\s+(?:decision|outcome|response|has\s+(?:now\s+)?been\s+completed)"
    r"|(?:result|outcome)\s+of\s+(?:the|your)\s+(?:internal\s+)?review|review\s+panel"
    r"|request(?:ed)?\s+(?:for\s+)?(?:an\s+)?internal\s+review\s+(?:of|dated|received)"
    r"|your\s+(?:request|application)\s+for\s+(?:an\s+)?(?:internal\s+)?review"
    r"|(?:result|outcome)\s+of\s+(?:an\s+)?internal\s+review"
    r"|I\s+have\s+(?:now\s+)?(?:reviewed|completed\s+(?:a|an|the|my|your)\s+(?:internal\s+)?review)",
    re.IGNORECASE,
)
_UPHELD = re.compile(
    r"\b(?:decision|original\s+response|exemptions?)\s+(?:is|was|has\s+been|are|were)\s+upheld"
    r"|\bI\s+(?:uphold|have\s+upheld)|\bupholds?\s+the\b|review\s+(?:is|was)\s+upheld"
    r"|\bupheld\b",
    re.IGNORECASE,
)
_STILL_WITHHELD = re.compile(
    r"remains?\s+(?:withheld|exempt)|continue\s+to\s+(?:withhold|apply|rely)"
    r"|still\s+(?:withheld|exempt)|partially\s+upheld",
    re.IGNORECASE,
)
_OVERTURNED = re.compile(
    r"not\s+upheld|overturn|revers(?:e|ed|ing)\s+the|was\s+(?:wrong|incorrect)"
    r"|should\s+(?:have\s+been|be)\s+(?:disclosed|released)|now\s+(?:disclose|release|provide)"
    r"|(?:decision|response)\s+(?:is|has\s+been)\s+(?:varied|amended|substituted)",
    re.IGNORECASE,
)

# Complaint-rights boilerplate (how to ask for a review, how to complain to
# the regulator) talks of refusals and reviews in general: leave it out when
# deciding the outcome.
_RIGHTS = re.compile(
    r"(?:^|\n)[^\n]*(?:complaint\s+rights|requirement\s+for\s+review|right\s+of\s+review"
    r"|appeal\s+procedure|your\s+right\s+to\s+(?:request\s+a\s+)?review"
    r"|if\s+you\s+are\s+(?:not\s+satisfied|dissatisfied|unhappy)|right\s+of\s+appeal"
    r"|you\s+(?:have\s+the\s+right|may|can)\s+(?:to\s+)?(?:request|ask\s+for)\s+(?:an\s+)?"
    r"internal\s+review)",
    re.IGNORECASE,
)


def _decision_text(text: str) -> str:
    """The text before the complaint-rights boilerplate at the end."""
    match = _RIGHTS.search(text)
    if match and match.start() > len(text) * 0.3:
        return text[: match.start()]
    return text


def _outcome(
    text: str, exemptions: list[Finding], review: bool
) -> tuple[Finding | None, Finding | None]:
    body = _decision_text(text)
    ncnd = _NCND.search(body)
    not_held = _NOT_HELD.search(body)
    some = _SOME_HELD.search(body)
    disclosed = _DISCLOSED.search(body)
    refused = _REFUSED.search(body)
    ncnd_finding = Finding(True, snippet(body, ncnd.start(), ncnd.end())) if ncnd else None

    def found(outcome: Outcome, match: re.Match[str] | None) -> Finding:
        quote = snippet(body, match.start(), match.end()) if match else ""
        return Finding(outcome, quote)

    if review:
        overturned = _OVERTURNED.search(body)
        if overturned:
            if some or _STILL_WITHHELD.search(body):
                return found(Outcome.PARTIAL, overturned), ncnd_finding
            return found(Outcome.GRANTED, overturned), ncnd_finding
    # s21 points to where the information already is: as good as given.
    elsewhere = [f for f in exemptions if f.value.startswith("s21")]
    withholding = [f for f in exemptions if not f.value.startswith("s21")]
    if elsewhere and not disclosed:
        disclosed = re.search(re.escape(elsewhere[0].snippet[:20]), body) or _DISCLOSED.search(body)
        disclosed = disclosed or re.search(r"reasonably\s+accessible", body, re.I)
    withheld = bool(withholding or (refused and not elsewhere))
    if some and (withheld or ncnd or not_held):
        return found(Outcome.PARTIAL, some), ncnd_finding
    if disclosed and (withheld or not_held or ncnd):
        # Something given and something kept back.
        return found(Outcome.PARTIAL, disclosed), ncnd_finding
    if not_held and (not disclosed or ncnd):
        return found(Outcome.NOT_HELD, not_held), ncnd_finding
    if ncnd:
        return found(Outcome.NCND, ncnd), ncnd_finding
    if withheld:
        return found(Outcome.REFUSED, refused), ncnd_finding
    if disclosed:
        return found(Outcome.GRANTED, disclosed), ncnd_finding
    return None, ncnd_finding


# --- references, dates, windows, regime -----------------------------------------

_REF = re.compile(
    r"\b(?:our\s+ref(?:erence)?|FOI\s+(?:ref(?:erence)?|no\.?|number)"
    r"|(?:FOI\s+|information\s+)?request(?:\s+(?:ref(?:erence)?|no\.?|number))*"
    r"|ref(?:erence)?(?:\s+(?:no\.?|number))?)"
    r"\s*[:.\-\u2013#]?\s*"
    # An id has a digit in it; a short capitalised prefix may stand before it ("FOI 000761/25").
    r"(?P<ref>(?:(?-i:[A-Z]{1,5})\s)?[A-Z0-9][A-Z0-9/\-_.]*\d[A-Z0-9/\-_.]*)",
    re.IGNORECASE,
)
_NOT_A_REF = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$|\d{4}-\d{2}-\d{2}$")
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    rf"(?P<date>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})"
)
_DATE_ANY = re.compile(_DATE, re.IGNORECASE)
_DATE_LABELLED = re.compile(
    r"(?:date\s+(?:responded|of\s+(?:response|reply|letter|this\s+letter|decision|review))"
    r"|(?:response|reply|letter|review|decision)\s+date|date\s+sent|^\s*date)"
    rf"\s*[:.\-\u2013]?\s*(?:[a-z]{3, 9},?\s+)?{_DATE}",
    re.IGNORECASE | re.MULTILINE,
)
_RECEIVED_LABEL = re.compile(
    r"(?:date\s+(?:received|of\s+receipt|request\s+received)|received\s+on|request\s+received)"
    rf"\s*[:.\-\u2013]?\s*(?:[a-z]{3, 9},?\s+)?{_DATE}",
    re.IGNORECASE,
)
_RECEIVED_PHRASE = re.compile(
    r"(?:received|receipt|dated|submitted|made|sent|request\s+of)\b[^.\n]{0,60}?"
    rf"(?:on|of|dated|date)?\s*[:\-]?\s*(?:\w+day,?\s+)?{_DATE}",
    re.IGNORECASE,
)
_WINDOW = re.compile(
    r"(?:within|no\s+later\s+than|not\s+later\s+than|inside)\s+"
    r"(?P<window>(?:\d+|[a-z]+)(?:\s*\(\s*\d+\s*\))?\s*(?:working\s+|calendar\s+|business\s+)?"
    r"(?:days?|weeks?|months?))",
    re.IGNORECASE,
)
_REVIEW_WORDS = re.compile(r"review|appeal|dissatisfied|not\s+satisfied|complain", re.IGNORECASE)


def _date_finding(match: re.Match[str], text: str) -> Finding | None:
    try:
        value = parse_date(match["date"])
    except FoitrackError:
        return None
    return Finding(value, snippet(text, match.start(), match.end()))


def _response_date(text: str) -> Finding | None:
    labelled = _DATE_LABELLED.search(text)
    if labelled:
        return _date_finding(labelled, text)
    # Otherwise the first date that is not about the request itself: letters
    # put their date at the top; a web page may only say "correct as at ...".
    for match in _DATE_ANY.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[max(line_start, match.start() - 60) : match.start()].lower()
        if re.search(r"receiv|dated|request|between|from|since|until|to\s*$|and\s*$", before):
            continue
        found = _date_finding(match, text)
        if found:
            return found
    return None


def _received(text: str) -> Finding | None:
    labelled = _RECEIVED_LABEL.search(text)
    if labelled:
        found = _date_finding(labelled, text)
        if found:
            return found
    candidates = []
    for match in _RECEIVED_PHRASE.finditer(text):
        context = text[max(0, match.start() - 80) : match.end() + 60].lower()
        if "request" not in context and "receiv" not in match.group(0).lower():
            continue
        if re.search(r"review|appeal", match.group(0), re.IGNORECASE):
            continue
        found = _date_finding(match, text)
        if found:
            candidates.append((not match.group(0).lower().startswith("receiv"), found))
    # "dated 6 June, received on 9 June": the receipt is what the clock counts from.
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _window(text: str) -> Finding | None:
    for match in _WINDOW.finditer(text):
        around = text[max(0, match.start() - 250) : match.end() + 120]
        if not _REVIEW_WORDS.search(around):
            continue
        # The regulator's own window ("within six weeks ... Information
        # Commissioner") is not the review window.
        regulator = re.search(
            r"commissioner|\bICO\b", text[max(0, match.start() - 120) : match.end() + 60], re.I
        )
        if regulator and not re.search(r"internal\s+review|review\s+of", around, re.I):
            continue
        try:
            window = parse_window(match["window"])
        except FoitrackError:
            continue
        if window.length < 5 and window.unit.value.endswith("days"):
            continue
        return Finding(window, snippet(text, match.start(), match.end()))
    return None


_REGIMES = (
    (
        re.compile(r"Environmental\s+Information\s+\(Scotland\)\s+Regulations|\bEISR\b", re.I),
        "eisr",
    ),
    (
        re.compile(
            r"Freedom\s+of\s+Information\s+\(Scotland\)\s+Act|\bFOISA\b|FOI\s*\(S\)\s*A", re.I
        ),
        "foisa",
    ),
    (re.compile(r"Environmental\s+Information\s+Regulations|\bEIR\b", re.I), "eir"),
    (re.compile(r"Freedom\s+of\s+Information\s+Act(?:\s+2000)?|\bFOIA\b", re.I), "foia"),
)
_REGULATORS = (
    (
        re.compile(r"Scottish\s+Information\s+Commissioner|\bOSIC\b", re.I),
        "Scottish Information Commissioner",
    ),
    (
        re.compile(
            r"Information\s+Commissioner(?:'|\u2019)?s?\s+Office|\bICO\b|Information\s+Commissioner",
            re.I,
        ),
        "ICO",
    ),
)


def _regime(text: str) -> Finding | None:
    for pattern, code in _REGIMES:
        match = pattern.search(text)
        if match:
            return Finding(code, snippet(text, match.start(), match.end()))
    return None


def _regulator(text: str) -> Finding | None:
    for pattern, name in _REGULATORS:
        match = pattern.search(text)
        if match:
            return Finding(name, snippet(text, match.start(), match.end()))
    return None


def classify(text: str) -> Classification:
    """Everything foitrack can read from a response's text."""
    result = Classification()
    result.regime = _regime(text)
    result.regulator = _regulator(text)
    regime = result.regime.value if result.regime else None
    # Exemptions are what the decision relies on; the complaint-rights text at
    # the end still cites provisions (s50, reg 11) worth knowing.
    result.exemptions, _ = citations(_decision_text(text), regime)
    _, result.provisions = citations(text, regime)
    review = _REVIEW.search(_decision_text(text))
    if review:
        result.is_review = Finding(True, snippet(text, review.start(), review.end()))
    result.outcome, result.ncnd = _outcome(text, result.exemptions, review is not None)
    for ref in _REF.finditer(text):
        value = ref["ref"].rstrip(".-/")
        if _NOT_A_REF.search(value) or len(value) < 3:
            continue  # a date, or "request 1"
        result.their_ref = Finding(value, snippet(text, ref.start(), ref.end()))
        break
    result.date = _response_date(text)
    result.received = _received(text)
    # A review's answer has no review window: any window in it is the regulator's.
    result.review_window = None if result.is_review else _window(text)
    return result
