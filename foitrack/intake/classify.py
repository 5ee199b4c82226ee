"""Reading a police FOI response: outcome, exemptions, dates, review window.

Pure text in, findings out; every finding carries the snippet it came from,
so ``--explain`` shows why and a user can check. The rules are phrase and
citation patterns drawn from how forces write (see tests/fixtures/responses):
they are deliberately general, not tuned to any one force's template.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from foitrack.core.dates import parse_date
from foitrack.core.errors import FoitrackError
from foitrack.core.events import Outcome, StatedWindow, parse_window
from foitrack.core.regimes import SCOTTISH_EXEMPTIONS, UK_EXEMPTIONS, named_regime


@dataclass(frozen=True, slots=True)
class Finding:
    value: Any
    snippet: str
    #: False when the value was inferred or read from weak evidence:
    #: ``--explain`` and ``respond`` say so, and ``respond`` asks.
    sure: bool = True


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
            # Fields read from weak evidence or inferred: check them.
            "unsure": [name for name, finding in self._findings() if not _all_sure(finding)],
        }
        if explain:
            result["explain"] = {
                name: [f.snippet for f in finding]
                if isinstance(finding, list)
                else (finding.snippet if finding else None)
                for name, finding in self._findings()
            }
        return result

    def _findings(self) -> tuple[tuple[str, Finding | list[Finding] | None], ...]:
        return (
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


def _all_sure(finding: Finding | list[Finding] | None) -> bool:
    if finding is None:
        return True
    if isinstance(finding, list):
        return all(f.sure for f in finding)
    return finding.sure


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
# Each regime's exemption numbering is the regime's own (core/regimes.py).
_FOIA_EXEMPT = UK_EXEMPTIONS.sections
_FOISA_EXEMPT = SCOTTISH_EXEMPTIONS.sections

# "(1()" is "(1)" typed with a slip.
_SUBS = r"(?:\s?\(\s?[0-9a-z]{1,4}\s?\(?\))*"
# "40(2) & 3A(a)": a number with a capital letter after a section continues it
# (subsection 3A of section 40), not a new section 3.
_ITEM = rf"\d{{1,2}}(?:(?-i:[A-Z])(?![a-z]))?(?!\d){_SUBS}"
# "Sections 12(1) (Excessive cost of compliance) and 16(4)": a name after an item.
_NAMED = r"(?:\s?\((?=[A-Za-z]{4})[^()\n]{3,60}\))?"
_CITATION = re.compile(
    r"\b(?P<kind>sections?|ss?\.?|regulations?|regs?\.?|r\.)\s?"
    rf"(?P<list>{_ITEM}(?:{_NAMED}\s?(?:,|&|/|\band\b|\bor\b|-)\s?(?:s\.?\s?)?{_ITEM}"
    rf"|\s?(?:&|\band\b)\s?\(\s?[0-9a-z]{{1,4}}\s?\))*)",
    re.IGNORECASE,
)
_ONE = re.compile(rf"(\d{{1,2}})(?:((?-i:[A-Z]))(?![a-z]))?(?!\d)({_SUBS})", re.IGNORECASE)
#: FOIA subsections that exclude the duty to confirm or deny: an exemption
#: cited by one of these is an NCND answer, not a withholding.
_FOIA_NCND = {
    23: "5", 24: "2", 26: "3", 27: "4", 28: "3", 29: "2", 30: "3", 31: "3", 32: "3",
    33: "3", 34: "2", 35: "3", 36: "3", 37: "2", 38: "2", 39: "2", 40: "5", 41: "2",
    42: "2", 43: "3", 44: "2",
}  # fmt: skip


def expand_citation(text: str) -> list[str]:
    """``40(2)(3)&(4)`` -> 40(2), 40(3), 40(4); ``31(1)(a)(b)`` -> 31(1)(a), 31(1)(b);
    ``30 and 31`` -> 30, 31; ``40(5B)(a)(i)`` -> 40(5b)(a)(i); ``40(2) & 3A(a)`` ->
    40(2), 40(3a)(a); ``31(1)(g)(2)(a)(b)`` -> 31(1)(g), 31(2)(a), 31(2)(b)."""
    text = re.sub(r"\s", "", text)
    text = text.replace("()", ")")  # "31 (1()(a)": a slip of the keyboard
    # A bare "&(4)" or "and(4)" continues the previous section's subsections.
    text = re.sub(r"(?:&|and)(\()", r"\1", text, flags=re.IGNORECASE)
    results: list[str] = []
    previous = None
    for number, letter, subs in _ONE.findall(text):
        groups = re.findall(r"\(([0-9a-z]+)\)", subs.lower())
        if letter:
            if previous is None:
                continue  # "3A" with no section before it: not readable
            groups = [number + letter.lower(), *groups]
            number = previous
        previous = number
        if not groups:
            results.append(number)
            continue
        # Siblings: consecutive groups of the same kind (digits, or letters).
        stem: list[str] = []
        previous_kind = None
        for group in groups:
            if group[0].isdigit():
                kind = "digit"  # (2) or (5b): a subsection
            elif _roman(group) and (len(group) > 1 or previous_kind == "letter"):
                kind = "roman"  # (b)(i): a sub-paragraph, not the letter i
            else:
                kind = "letter"
            if previous_kind == kind and stem:
                results.append(number + "".join(f"({g})" for g in stem))
                stem = [*stem[:-1], group]
            elif kind == "digit" and stem:
                # "31(1)(g)(2)(a)": a subsection after a paragraph starts anew.
                results.append(number + "".join(f"({g})" for g in stem))
                stem = [group]
            else:
                stem.append(group)
            previous_kind = kind
        results.append(number + "".join(f"({g})" for g in stem))
    return list(dict.fromkeys(results))


def _roman(group: str) -> bool:
    return bool(re.fullmatch(r"(i|ii|iii|iv|v|vi|vii|viii|ix|x)", group))


#: Statute quoted, not relied on: "Information which is not exempt
#: information by virtue of section 30 is exempt information if ...".
_OTHER_LAW = re.compile(
    r"\s*of\s+(?:the\s+)?([^.\n]{0,60}?)\b(?:act|regulations|order|rules)\b", re.IGNORECASE
)
_THIS_LAW = re.compile(
    r"freedom\s+of\s+information|environmental\s+information|\bfoi|\bthis\b|^\W*$", re.IGNORECASE
)
_CARVE_OUT = re.compile(r"not\s+exempt\s+information\s+by\s+virtue\s+of\s*$", re.IGNORECASE)


def _sentence_bounds(text: str, start: int, end: int, reach: int = 400) -> tuple[int, int]:
    """Where the sentence (or line) a match is in starts and ends, looking at
    most ``reach`` either side."""
    low, high = max(0, start - reach), min(len(text), end + reach)
    left = max(text.rfind(". ", low, start), text.rfind("\n", low, start), low - 1) + 1
    stops = [i for i in (text.find(". ", end, high), text.find("\n", end, high)) if i != -1]
    return left, min(stops) if stops else high


def _sentence_around(text: str, start: int, end: int) -> str:
    left, right = _sentence_bounds(text, start, end)
    return text[left:right]


# "Under S 1 (1) (a) of the Freedom of Information Act 2000": a capital S
# before a subsection is a section, whatever the spaces.
_SPACED_S = re.compile(r"(?-i:S)\s\d{1,2}\s?\(")
_ANSWERED_UNDER = re.compile(
    r"(?:in\s+respect\s+of|in\s+accordance\s+with|in\s+compliance\s+with"
    r"|(?:(?<=[.\n])|(?<![\s\S]))[ \t]*under)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def citations(text: str, regime: str | None) -> tuple[list[Finding], list[Finding]]:
    """Exemptions and provisions cited, normalised (``s40(2)``, ``reg12(4)(b)``)."""
    exemptions: dict[str, Finding] = {}
    provisions: dict[str, Finding] = {}
    scottish = regime in ("foisa", "eisr")
    # Template phrases found once; a citation's sentence is looked up among them.
    templates = [m.start() for m in _TEMPLATE.finditer(text)]
    for match in _CITATION.finditer(text):
        kind = match["kind"].lower()
        regulation = kind.startswith("r")
        # A bare "s" takes no space ("s12", "s.12"), to avoid "apples 12".
        bare = kind.startswith("s") and not kind.startswith("sec") and "." not in kind
        if (
            bare
            and " " in match.group(0)[: len(match["kind"]) + 1]
            and not _SPACED_S.match(match.group(0))
        ):
            continue
        if re.match(r"\.\d", text[match.end() : match.end() + 2]):
            continue  # "section 9.6" of some document, not of the Act
        if _CARVE_OUT.search(text[max(0, match.start() - 60) : match.start()]):
            continue
        other = _OTHER_LAW.match(text, match.end(), match.end() + 80)
        if other and not _THIS_LAW.search(other[1]):
            continue  # "section 13 of the Terrorism Act", "regulation 39 of the ... Regulations"
        quote = snippet(text, match.start(), match.end())
        for item in expand_citation(match["list"]):
            number = int(re.match(r"\d+", item).group(0))  # type: ignore[union-attr]
            if regulation:
                name = f"reg{item}"
                # EIR's exceptions are reg 12(4), 12(5) and 13 (12(1) is the public
                # interest test); EISR's reg 10(4), 10(5) and 11.
                numbering = SCOTTISH_EXEMPTIONS if scottish else UK_EXEMPTIONS
                exempt = numbering.is_regulation_exception(item)
            else:
                name = f"s{item}"
                exempt = number in (_FOISA_EXEMPT if scottish else _FOIA_EXEMPT)
                left, right = _sentence_bounds(text, match.start(), match.end())
                first = bisect.bisect_left(templates, left)
                if not exempt and first < len(templates) and templates[first] < right:
                    # The s1 duties and the s17 checklist every letter prints
                    # are mentions; s17 counts where the letter says it is
                    # issued as one ("this refusal notice is issued under s17").
                    continue
                if number == 1 and not _ANSWERED_UNDER.search(
                    text, max(0, match.start() - 40), match.start()
                ):
                    # s1 counts where the answer is given under it ("In
                    # respect of Section 1(1)(a) ... does not hold"), not in
                    # the NCND formula or "the obligation of s1(1)(b)".
                    continue
            target = exemptions if exempt else provisions
            target.setdefault(name, Finding(name, quote))
    # "s24" said in passing adds nothing when "s24(2)" is cited too.
    for name in list(exemptions):
        if "(" not in name and any(
            other.startswith(name + "(") for other in exemptions if other != name
        ):
            del exemptions[name]
    return list(exemptions.values()), list(provisions.values())


def exemption_problem(name: str, regime: str | None) -> str | None:
    """Why the normalised ``name`` is not an exemption of ``regime``, or None."""
    match = re.fullmatch(r"(s|reg)(\d+)(.*)", name)
    if match is None:
        return f"cannot read the exemption {name!r}: write it like s40(2), s12 or reg12(4)(b)"
    number = int(match[2])
    if match[1] == "reg":
        numbering = SCOTTISH_EXEMPTIONS if regime in ("foisa", "eisr") else UK_EXEMPTIONS
        if numbering.is_regulation_exception(name[3:]):
            return None
        listed = ", ".join(f"reg{r}" for r in numbering.regulations)
        hint = f"the environmental regulations' exceptions are {listed}"
    elif regime in ("foisa", "eisr"):
        if number in _FOISA_EXEMPT:
            return None
        hint = "FOISA's exemptions are s12, s14 and s25 to s41"
    else:
        if number in _FOIA_EXEMPT:
            return None
        hint = "FOIA's exemptions are s12, s14 and s21 to s44"
    return (
        f"{name} is not an exemption ({hint}): "
        "give the one the letter relies on, or --no-exemptions"
    )


def is_ncnd_exemption(name: str) -> bool:
    """``s31(3)``, ``s40(5)``, ``s40(5b)``: the duty to confirm or deny excluded."""
    match = re.fullmatch(r"s(\d+)\((\d+)[a-z]?\).*", name)
    return bool(match and _FOIA_NCND.get(int(match[1])) == match[2])


# --- what the force itself says ---------------------------------------------------

# A request quoted back ("Request:", "You asked:", "I note you seek the
# following:") runs up to the answer ("Response:", "Answer 2", "Our
# response"); it is the requester's words, not the force's, so the outcome
# and the exemptions are read without it.
_REQUEST_LABEL = re.compile(
    r"\s*(?:(?:the\s+|your\s+)?(?:original\s+)?(?:request|question)s?"
    r"(?:\s*(?:no\.?\s*)?\d{1,3}[a-z]?)?(?:\s+details)?|you\s+asked(?:\s+for)?|request\s+text)"
    r"\s*(?P<sep>[:.\-\u2013]?)\s*(?P<rest>[^\n]*)",
    re.IGNORECASE,
)
_REQUEST_INTRO = re.compile(
    r"I\s+note\s+(?:that\s+)?you\s+(?:seek|have\s+asked|request|are\s+seeking)"
    r"|you\s+(?:asked|requested)(?:\s+for)?(?:\s+the\s+following)?[^\n.]{0,40}:\s*$"
    r"|(?:your\s+request|request)\s+(?:is\s+|has\s+been\s+)?(?:replicated|repeated|reproduced)\s+below"
    # "your request ... which for clarity I repeat below"
    r"|\bwhich\s+(?:for\s+clarity\s+)?I\s+(?:repeat|reproduce|quote|replicate)\s+below"
    # "Below is your request and our response": the answers are inline.
    r"|below\s+(?:is\s+your\s+request|are\s+the\s+questions)"
    r"(?![^\n]{0,40}\band\s+(?:our|the)\s+(?:response|answers?|information))",
    re.IGNORECASE,
)
_ANSWER_LABEL = re.compile(
    r"\s*(?:(?-i:[A-Z][\w'\u2019-]*\s+){0,3}(?:response|answer|reply|result|outcome|decision)s?\b"
    r"|a\d{1,2}\b|in\s+response\b|(?:your|this)\s+request\s+(?:for\s+information\s+)?has\s+"
    r"(?:now\s+)?been\s+considered|following\s+(?:receipt|searches|enquiries|a\s+search)"
    r"|having\s+(?:made|completed|considered|conducted)"
    r"|[\W]{0,3}(?:(?-i:[A-Z])[\w'\u2019-]*\s+){1,4}(?:can|does|do|has|have)\s+(?:now\s+)?(?:not\s+)?"
    r"(?:confirm|hold|locate|establish))",
    re.IGNORECASE,
)
#: The longest request quoted before its answer, in lines.
_REQUEST_LINES = 80


def _without_request(text: str) -> str:
    """The text with quoted request wording blanked out (lines kept, emptied)."""
    lines = text.split("\n")
    # The next answer label at or after each line, found in one pass backwards.
    next_answer = [len(lines)] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        is_answer = _ANSWER_LABEL.match(lines[index][:200]) is not None
        next_answer[index] = index if is_answer else next_answer[index + 1]
    keep = [True] * len(lines)
    index = 0
    while index < len(lines):
        line = lines[index][:300]
        first = None
        label = _REQUEST_LABEL.fullmatch(line)
        if label and (
            not label["rest"].strip()
            or (label["sep"] == ":" and not re.fullmatch(r"\S*\d\S*", label["rest"].strip()))
        ):
            first = index
        elif _REQUEST_INTRO.search(line):
            first = index + 1
        if first is None or first >= len(lines):
            index += 1
            continue
        end = next_answer[first + 1] if first == index else next_answer[first]
        if end - first > _REQUEST_LINES or end >= len(lines):
            index += 1
            continue
        for blank in range(first, end):
            keep[blank] = False
        index = max(end, index + 1)
    return "\n".join(line if kept else "" for line, kept in zip(lines, keep, strict=True))


# Paragraphs every letter carries whatever the answer (the s1 duties, the s17
# checklist, "applicant blind", where the exemptions' text is): they talk of
# exemptions and disclosure in general, so they are left out of the outcome.
_TEMPLATE = re.compile(
    r"places\s+two\s+duties|(?:first|second)\s+duty\s+(?:at|under|in|is)"
    r"|confirmed\s+as\s+being\s+held|exemptions?\s+(?:are|is)\s+relied"
    r"|states?\s+that\s+fact|specif(?:y|ies)\s+the\s+exemption|why\s+the\s+exemption\s+appl"
    r"|when\s+refusing\s+to\s+provide\s+such\s+information|blind\s+to\s+the\s+identity"
    r"|(?:applicant|motive)\s+blind|disclosure\s+to\s+the\s+world|without\s+caveat"
    r"|if\s+any\s+part\s+of\s+(?:this|your|the)\s+request|like\s+for\s+like"
    r"|full\s+text\s+of\s+(?:the\s+)?exemptions|explanation\s+of\s+(?:these|the)\s+exemptions"
    r"|(?:does\s+not|doesn't)\s+oblige\s+a\s+public\s+authority|exempt\s+information\s+if",
    re.IGNORECASE,
)
# "Section 40(2) has not been relied upon", "no exemptions have been applied".
_NEGATED = re.compile(
    r"(?:has|have|was|were|is|are)\s+not\s+(?:been\s+)?(?:relied|applied|engaged|used|cited|claimed)"
    r"|no\s+exemptions?\s+(?:has|have|were|was|are|is)\s+(?:been\s+)?(?:applied|relied|engaged|used|cited)"
    r"|(?:not|no\s+longer)\s+(?:relying|rely)\s+(?:up)?on|without\s+(?:relying|applying)"
    r"|(?:been|are|is|was|were)\s+(?:disregarded|withdrawn|set\s+aside|dropped)",
    re.IGNORECASE,
)
# Not after an answer's label: "A1. 14 deployments." is one answer.
_SENTENCE_END = re.compile(r"(?<=[.!?;])(?<!\b[AQ]\d\.)(?<!\b[AQ]\d\d\.)\s+|\n")


# A letter wrapped at a fixed width: a long line with no full stop runs on.
_WRAPPED = re.compile(r"(?<=[^\n]{40})(?<![.:;!?])[ \t]*\n(?=[ \t]*[^\s\d(\u2022*-])")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(_WRAPPED.sub(" ", text)) if s.strip()]


def _answer_text(text: str, *, templates: bool = False) -> str:
    """The force's own sentences: no complaint rights, quoted request,
    negated citations or (unless ``templates``) template paragraphs. One
    sentence a line."""
    kept = [
        s
        for s in _sentences(_without_request(_decision_text(text)))
        if (templates or not _TEMPLATE.search(s)) and not _NEGATED.search(s)
    ]
    return "\n".join(kept)


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
    # "The detainee's religion is not recorded on the custody system."
    r"|\b(?:is|are)\s+not\s+(?:recorded|captured|collected|kept)"
    r"(?:\s+(?:on|in|within|by|centrally|electronically)\b|\s*[.;]|\s*$)"
    r"|\b(?:have|has)\s+no\s+(?:recorded\s+)?(?:information|data|records?)\b"
    r"|has\s+no\s+record(?:s)?\s+of|holds?\s+no\s+records?|does\s+not\s+hold|do\s+not\s+hold|doesn't\s+hold|don't\s+hold"
    r"|holds?\s+no\s+(?:recorded\s+)?information|no\s+(?:recorded\s+)?information\s+(?:is\s+)?held"
    r"|not\s+held\s+by|information\s+not\s+held|no\s+information\s+(?:was\s+)?(?:found|located)"
    r"|section\s+17\s+notice|s\.?\s?17\s+notice|hold\s+no\s+(?:recorded\s+)?information"
    r"|failed\s+to\s+locate\s+any",
    re.IGNORECASE,
)
# "does not hold the information in a retrievable format": a cost refusal.
_NOT_RETRIEVABLE = re.compile(r"\bformat\b|\bretriev|within\s+the\s+(?:time|cost)", re.IGNORECASE)


def _not_held(text: str) -> re.Match[str] | None:
    for match in _NOT_HELD.finditer(text):
        if not _NOT_RETRIEVABLE.search(text, match.end(), match.end() + 90):
            return match
    return None


_SOME_HELD = re.compile(
    r"(?:withh[oe]ld(?:ing)?|exempt\w*|refus\w*|appl(?:y|ied|ying))\s+"
    r"(?:has\s+been\s+applied\s+|have\s+been\s+applied\s+)?(?:to\s+)?"
    r"(?:some|part|parts|elements?|certain\s+parts)\s+of"
    r"|(?<!not\s)holds?\s+some\s+(?:of\s+the\s+)?information"
    r"|some\s+of\s+the\s+(?:requested\s+)?information\s+(?:is|was)\s+held"
    r"|(?:disclos|provid|releas|suppl)\w*\s+(?:some|part)\s+of"
    r"|partial(?:ly)?\s+(?:disclos|provid|releas|grant)|(?:been|is|are|was|were)\s+redacted"
    r"|redactions?\s+(?:have|has)\s+been|\bin\s+part\b|some\s+information\s+(?:has\s+been|is\s+being)\s+withheld"
    r"|some\s+of\s+(?:that|the|this)\s+information\s+(?:has\s+been|is|was)\s+(?:exempt|withheld|redacted|refused)"
    r"|can\s+however\s+(?:address|provide|answer)|remainder\s+of\s+(?:your|the)\s+request"
    # "Parts of this request are exempt", "not obliged to supply the information ... in full"
    r"|\b(?:parts?|elements?|some)\s+of\s+(?:this|your|the)\s+request\s+(?:are|is|were|was|ha(?:ve|s)\s+been)\s+"
    r"(?:exempt|refused|withheld|redacted)"
    r"|not\s+obliged\s+to\s+(?:supply|provide|disclose)\b[^.\n]{0,60}\bin\s+full\b"
    # "holds addition[al] information ... however, I am not obliged to supply": the rest was given.
    r"|holds?\s+(?:addition(?:al)?|further|other)\s+information\b[^.\n]{0,80}\bhowever\b",
    re.IGNORECASE,
)
_DISCLOSED = re.compile(
    # "Please find below answers to your questions" announces an answer, whatever it is.
    r"please\s+find\s+(?:attached|enclosed|below(?!\s+(?:the\s+|our\s+)?(?:answers?|responses?|repl(?:y|ies))\b))"
    r"|(?:is|are)\s+(?:attached|enclosed)|\b(?:attached|enclosed)\s+(?:is|are)\b"
    r"|please\s+(?:find|see)\s+(?:the\s+)?(?:attached|enclosed)\b"
    # "Please find the information you requested in the attached spreadsheet."
    r"|please\s+(?:find|see)\s+(?:the\s+)?(?:requested\s+)?(?:information|data|figures|details)\b"
    r"[^.\n]{0,40}\b(?:attached|enclosed)\b"
    r"|(?:is|are)\s+(?:contained|included|shown|set\s+out|provided)\s+in\s+the\s+"
    r"(?:attached|enclosed|table|spreadsheet)"
    r"|(?:has|have)\s+(?:located|identified|found)\s+the\s+following"
    # "Police Scotland holds two reports. One is provided with this letter."
    r"|\b(?:is|are|has\s+been|have\s+been)\s+(?:provided|enclosed|attached|included)\s+(?:with|in)\s+this\b"
    r"|^\W*the\s+following\s+(?:is\s+)?(?:the\s+)?(?:information|figures|data)\b"
    r"(?!\s+(?:is\s+|are\s+|has\s+been\s+|have\s+been\s+)?(?:not|exempt|withheld|refused|redacted))"
    # "for question 1 there are currently 2,109 subjects"
    r"|\bquestions?\s+\d{1,2}\W{0,3}\s+there\s+(?:are|were|is|was)\s+(?:currently\s+)?£?\d"
    r"|please\s+(?:find|see)\s+(?:the\s+|our\s+)?(?:requested\s+|relevant\s+)?(?:information|data|figures"
    r"|details|table|answers?|spreadsheet|documents?|cop(?:y|ies))\s+(?:\w+\s+)?(?:below|attached|enclosed|above|overleaf)"
    r"|(?:information|data)\s+(?:you\s+requested\s+)?(?:is|are)\s+(?:provided|set\s+out)\s+below"
    r"|(?:the\s+)?answers?\s+(?:to\s+your\s+questions?\s+)?(?:is|are)\s+(?:provided\s+)?below"
    r"|disclosed\s+in\s+full|full\s+disclosure|we\s+(?:are\s+(?:able|pleased)\s+to|can)\s+"
    r"(?:provide|disclose|release)|(?:information|data|figures|details|answers?|documents?|reports?|"
    r"spreadsheet|table|breakdown)\s+(?:you\s+requested\s+|requested\s+|held\s+)?(?:is|are|ha(?:ve|s)\s+been)\s+"
    r"(?:being\s+)?(?:provided|released|disclosed|shown|set\s+out|detailed|given|outlined|listed)\b"
    r"|^\s*(?:(?-i:A)\d*|answer\s*\d*)[ \t]*[.:\-\u2013][ \t]*\S"
    r"|(?:figures|details|information|answers?|data)\s+(?:is|are)\s+"
    r"(?:as\s+follows|below)|\bas\s+follows\s*:|holds\s+(?:the\s+)?information\s+"
    r"(?:relating|relevant)\s+to\s+your\s+request\.\s+the"
    r"|as\s+(?:outlined|detailed|set\s+out|shown)\s+below|decided\s+to\s+disclose"
    r"|holds?\s+the\s+(?:requested\s+information|information\s+you\s+(?:requested|asked\s+for))\s+and\b"
    r"(?!\s+(?:it\s+|this\s+)?(?:is\s+|has\s+been\s+)?(?:refus|withh|exempt|not))"
    r"|(?:information|figures|data|details)\s+(?:provided|given|shown)\s+above"
    r"|\bit\s+is\s+(?:being\s+)?(?:provided|set\s+out|shown)\s+below|(?:provided|disclosed|released)\s+"
    r"(?:below\s+)?in\s+full|above\s+is\s+all\s+(?:the\s+)?(?:information|data|that)|here\s+(?:is|are)\s+the\s+"
    r"(?:information|figures|data|details)|\bI\s+am\s+pleased\s+to\s+(?:provide|enclose|attach|confirm)",
    re.IGNORECASE | re.MULTILINE,
)
_CONDITIONAL = re.compile(
    r"\bif\s+you\b|\bshould\s+you\b|\bwere\s+you\s+to\b|\bif\s+(?:the\s+)?request\b", re.IGNORECASE
)
# "Our response is provided below" says an answer follows, not what it is:
# a grant only when nothing else is said.
_WEAK_DISCLOSED = re.compile(
    r"(?:see|find)\s+(?:our|the)\s+(?:response|reply)\s+below|response\s+is\s+(?:provided\s+)?below"
    r"|please\s+find\s+below\s+(?:the\s+|our\s+)?(?:answers?|responses?|repl(?:y|ies))\b"
    r"|(?:response|reply)\s+(?:is\s+)?as\s+follows",
    re.IGNORECASE,
)
# An answer that is a figure ("0", "2017 - 7", "- officers suspended - 9",
# "£2,713") or a yes/no, alone or ending its line.
_FIGURE_LINE = re.compile(
    # "1." alone is a list's number (a numbered line split at its full stop), not a figure.
    r"^(?![ \t]*\d{1,3}\.[ \t]*$)[ \t]*£?\d[\d,.]*%?[ \t]*$"
    r"|(?:(?<=[ \t])[\u2013=-]|:)[ \t]+£?\d[\d,.]*%?[ \t]*$"
    r"|^[ \t]*(?:[a-z0-9]{1,3}[.)][ \t]*)?(?:yes|no)\.?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_NUMBER = re.compile(r"£?\d[\d,.]*%?")
_YEAR_LINE = re.compile(r"\s*(?:19|20)\d\d\s*")
_REFUSED = re.compile(
    r"refus(?:e|ed|ing)\s+(?:your|this|the)\s+request|decided\s+to\s+refuse"
    r"|(?:am|are|is)\s+refusing\s+to\s+(?:provide|disclose|release|supply|comply)|(?:is|are|be)\s+(?:being\s+)?refused"
    r"|full\s+refusal|exceed(?:s|ed|ing)?\s+the\s+['\u2018\u201c\"]?(?:appropriate|cost|time|fees?)\s+(?:limit|level)"
    r"|would\s+exceed|exceed(?:s|ed|ing)?\s+the\s+\d+[\s-]*hours?|too\s+costly|excessive\s+cost"
    r"|vexatious|repeated\s+request|withh[oe]ld|withholding"
    r"|not\s+(?:be\s+)?(?:able|in\s+a\s+position)\s+to\s+(?:provide|disclose|release|comply|answer|supply)"
    r"|unable\s+to\s+(?:provide|disclose|release|comply|answer|supply)"
    r"|not\s+obliged\s+to\s+(?:supply|provide|disclose|release|comply)"
    r"|deemed\s+(?:unsuitable|inappropriate)\s+for\s+(?:disclosure|release)"
    r"|not\s+to\s+(?:supply|provide|disclose|release)\s+(?:the|this|any)"
    r"|exempt\s+(?:from\s+disclosure|by\s+virtue|under)|(?:is|are)\s+(?:considered\s+)?(?:to\s+be\s+)?exempt\b"
    r"|engaged\s+an?\s+exemption|applying\s+an?\s+exemption"
    r"|exemptions?\s+(?:has|have)\s+been\s+applied|would\s+not\s+provide|cannot\s+(?:answer|provide|disclose)"
    r"|we\s+(?:would\s+)?rely\s+on|would\s+not\s+be\s+appropriate\s+to\s+(?:disclose|release)",
    re.IGNORECASE,
)
# "publicly available on our website and is therefore exempt under Section 21".
_ELSEWHERE = re.compile(
    r"\bsection\s+21\b|\bs\.?\s?21\b|reasonably\s+accessible|publicly\s+available"
    r"|already\s+(?:published|available)",
    re.IGNORECASE,
)
# A refusal or NCND said of one part ("for question 2", "the question
# concerning", "Qs 2, 3 & 5"): the other parts were answered.
_SCOPE = re.compile(
    r"(?:for|to|in\s+relation\s+to|regarding|concerning|with\s+regards?\s+to)\s+"
    r"(?:questions?|requests?|parts?|q)\s*(?:numbers?\s*)?\d|the\s+question\s+concerning",
    re.IGNORECASE,
)
_SCOPE_LINE = re.compile(
    r"\s*(?:qs?|questions?)\s*\d{1,2}(?:\s*(?:,|&|and|-|\u2013)\s*\d{1,2})+\s*", re.IGNORECASE
)
_REVIEW = re.compile(
    r"internal\s+review\s+(?:\(\w{1,4}\)\s+)?(?:decision|outcome|response|has\s+(?:now\s+)?been\s+completed)"
    r"|(?:result|outcome)\s+of\s+(?:the|your)\s+(?:internal\s+)?review|review\s+panel"
    r"|request(?:ed)?\s+(?:for\s+)?(?:an\s+)?internal\s+review\s+(?:of|dated|received)"
    r"|your\s+(?:request|application)\s+for\s+(?:an\s+)?(?:internal\s+)?review"
    r"|(?:result|outcome)\s+of\s+(?:an\s+)?internal\s+review"
    r"|I\s+have\s+(?:now\s+)?(?:reviewed|completed\s+(?:a|an|the|my|your)\s+(?:internal\s+)?review)"
    r"|having\s+reviewed\s+the\s+original\s+(?:decision|response)"
    r"|I\s+have\s+(?:now\s+)?(?:conducted|carried\s+out|undertaken)\s+(?:a|an|the|my)\s+(?:internal\s+)?review"
    r"|findings\s+of\s+the\s+(?:internal\s+)?review|^\W*re:\s+(?:internal\s+)?review\s+of\b"
    r"|(?:decided|decision)\s+to\s+(?:partially\s+|partly\s+)?uphold",
    re.IGNORECASE | re.MULTILINE,
)
_UPHELD = re.compile(
    r"\b(?:decision|original\s+response|exemptions?)\s+(?:is|was|has\s+been|are|were)\s+upheld"
    r"|\bI\s+(?:uphold|have\s+upheld)|\bupholds?\s+the\b|review\s+(?:is|was)\s+upheld"
    r"|\bupheld\b",
    re.IGNORECASE,
)
# The review changed part of the answer: "additional information and
# amended/augmented decisions made under the internal review".
_VARIED = re.compile(
    r"\b(?:amended|augmented|varied)(?:\s*/\s*(?:amended|augmented|varied))?\s+decisions?"
    r"|additional\s+information\s+(?:and\s+[^.\n]{0,40})?(?:made|released|disclosed|provided)\s+"
    r"(?:under|at|following|as\s+a\s+result\s+of)\s+(?:the\s+)?(?:internal\s+)?review"
    r"|(?:partially|partly)\s+uph[eo]ld|uph[eo]ld\s+in\s+part"
    r"|(?:decision|response)\s+(?:should\s+be|is|has\s+been|was)\s+varied"
    r"|previously\s+withheld\s+(?:is|are|has\s+been|have\s+been)\s+(?:now\s+)?(?:disclosed|released|provided)",
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


# A disclosure log's own summary of the answer: "Decision: Disclosed".
_DECISIONS = (
    (
        Outcome.PARTIAL,
        re.compile(r"part(?:ial(?:ly)?)?\s*(?:disclos\w*|releas\w*)?|disclosed\s+in\s+part", re.I),
    ),
    (
        Outcome.GRANTED,
        re.compile(
            r"(?:(?:information|fully|full)\s+)?(?:disclosed|released|granted|disclosure)(?:\s+in\s+full)?",
            re.I,
        ),
    ),
    (Outcome.NOT_HELD, re.compile(r"(?:information\s+)?not\s+held|no\s+information\s+held", re.I)),
    (Outcome.NCND, re.compile(r"neither\s+confirm(?:ed)?\s+nor\s+den(?:y|ied)|NCND", re.I)),
    (
        Outcome.REFUSED,
        re.compile(
            r"refused(?:\s+in\s+full)?|(?:full\s+)?refusal|withheld|not\s+disclosed|exempt(?:ion\s+applied)?",
            re.I,
        ),
    ),
)
_DECISION_LABEL = re.compile(
    r"^[ \t]*(?:decision|outcome|disclosure\s+decision)[ \t]*[:\-\u2013][ \t]*(?P<decision>"
    + "|".join(f"(?:{p.pattern})" for _, p in _DECISIONS)
    + r")[ \t.]*$",
    re.IGNORECASE | re.MULTILINE,
)

#: A line of prose: the letter head (references, phone numbers) comes before it.
_PROSE = re.compile(r"^[^\n]*?(?:[A-Za-z,'\u2019()]+[ \t]+){7}", re.MULTILINE)


_CONTACT = re.compile(r"\b(?:tel(?:ephone)?|fax|phone|ext|mobile|dx)\b", re.IGNORECASE)


def _figures(body: str) -> re.Match[str] | None:
    prose = _PROSE.search(body)
    start = prose.end() if prose else len(body)
    for line in re.finditer(r"[^\n]+", body[:start]):
        if _ANSWER_LABEL.match(line.group(0)[:200]):
            start = line.end()  # an answer's label: what follows is the answer
            break
    for match in _FIGURE_LINE.finditer(body, start):
        line_start = body.rfind("\n", 0, match.start()) + 1
        if _CONTACT.search(body, line_start, match.end()):
            continue  # "Tel: 101 Ext 800 2507 Fax: 0115 967 2896"
        if not _YEAR_LINE.fullmatch(match.group(0).lstrip(" \t\u2013:=-")):
            return match
    # A table flattened into a line: mostly figures ("FY 2014-15 ... 6175 23734 14954").
    for line in re.finditer(r"[^\n]+", body[start:]):
        words = line.group(0).split()
        numbers = [w for w in words if _NUMBER.fullmatch(w) and not _YEAR_LINE.fullmatch(w)]
        digits = [w for w in words if any(c.isdigit() for c in w)]
        if _CONTACT.search(line.group(0)):
            continue
        if len(numbers) >= 3 and len(digits) * 2 >= len(words):
            return re.search(re.escape(line.group(0)), body)
    return None


# An answer under a question, in prose: "1. How many Tasers does the force
# own?" then "The force owns 312 Taser devices." A count stated outright:
# "there were 14 officers dismissed". Neither when the figure is the cost
# estimate's ("there were 798 incidents recorded. To answer your queries each
# ... would require a manual review").
_COUNT = re.compile(
    r"(?<![\w/.])£?\d{1,3}(?:,\d{3})*(?:\.\d+)?%?(?![\w/.]?\d)(?!\s*(?:st|nd|rd|th)\b)"
)
_STATED_COUNT = re.compile(
    r"\bthere\s+(?:were|was|are|is|have\s+been|has\s+been)\s+(?:currently\s+|a\s+total\s+of\s+)?"
    r"(?:£?\d[\d,]*\s+[a-z]"
    # "there have been no such incidents": an answer of nought.
    r"|no\s+(?:such\s+|recorded\s+|reported\s+)?(?:incidents|instances|cases|occasions|complaints"
    r"|arrests|reports|deaths|injuries|payments|claims|convictions|prosecutions|occurrences"
    r"|offences|crimes|deployments|seizures|dismissals|suspensions)\b)",
    re.IGNORECASE,
)
_NOT_AN_ANSWER = re.compile(
    r"^\W*(?:please|I\s+would|could|can\s+you|would\s+you|also|and|if|for\s+each|to\s+include)\b"
    r"|hours?\b|minutes?\b|cost|limit|exceed|manual(?:ly)?\b|\beach\b|per\s+record|retriev"
    r"|\?\s*$",
    re.IGNORECASE,
)


#: A question's number: "1)", "2.", "Q3", "(a)".
_NUMBERED = re.compile(
    r"^\W{0,3}(?:q(?:uestion)?\s*)?(?:\d{1,2}|[a-z])\s*[.):](?:\s|$)", re.IGNORECASE
)


def _answered(sentences: list[str]) -> re.Match[str] | None:
    lines = [s for s in sentences if s.strip()]
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            _NUMBERED.match(line)
            or _NOT_AN_ANSWER.search(line)
            or _NOT_AN_ANSWER.search(following)
            or _REFUSED.search(line)
            or _not_held(line)
            or _NCND.search(line)
        ):
            continue
        before = lines[index - 1] if index > 0 else ""
        asked = before.rstrip().endswith("?") or bool(_NUMBERED.match(before))
        counts = [m for m in _COUNT.finditer(line) if not _YEAR_LINE.fullmatch(m.group(0))]
        if asked and counts:
            return counts[0]
        stated = _STATED_COUNT.search(line)
        if stated:
            return stated
    return None


def _outcome(
    text: str, exemptions: list[Finding], review: bool
) -> tuple[Finding | None, Finding | None]:
    """The letter's answer, from the force's own sentences taken together:
    something given and something kept back (withheld, not held, NCND) is
    partial; nothing given is the strongest of refused, not held, NCND."""
    body = _answer_text(text)
    sentences = body.split("\n")
    if not review:
        label = _DECISION_LABEL.search(text, 0, 3000)
        if label:
            outcome = next(o for o, p in _DECISIONS if p.fullmatch(label["decision"]))
            ncnd = _NCND.search(body)
            return Finding(outcome, label.group(0).strip()), (
                Finding(True, snippet(body, ncnd.start(), ncnd.end())) if ncnd else None
            )
    ncnd = _NCND.search(body)
    ncnd_finding = Finding(True, snippet(body, ncnd.start(), ncnd.end())) if ncnd else None
    not_held = _not_held(body)
    some = _SOME_HELD.search(body)
    # "if you were to narrow your request ... we can provide": advice, not an answer.
    disclosed = next(
        (
            m
            for m in _DISCLOSED.finditer(body)
            if not _CONDITIONAL.search(body, body.rfind("\n", 0, m.start()) + 1, m.start())
        ),
        None,
    )
    figures = _figures(body) or _answered(sentences)
    # An NCND sentence ("does not apply, by virtue of the following
    # exemptions") withholds nothing: its refusal words are the NCND's.
    # Nor does s21's: the information is out there already.
    refused = next(
        (
            m
            for s in sentences
            if not _NCND.search(s) and not _ELSEWHERE.search(s)
            for m in [_REFUSED.search(s)]
            if m
        ),
        None,
    )
    refused = refused and re.search(re.escape(refused.group(0)), body)

    def found(outcome: Outcome, match: re.Match[str] | None, sure: bool = True) -> Finding:
        quote = snippet(body, match.start(), match.end()) if match else ""
        return Finding(outcome, quote, sure)

    if review:
        varied = _VARIED.search(body)
        if varied:
            return found(Outcome.PARTIAL, varied), ncnd_finding
        overturned = _OVERTURNED.search(body)
        if overturned:
            if some or _STILL_WITHHELD.search(body):
                return found(Outcome.PARTIAL, overturned), ncnd_finding
            return found(Outcome.GRANTED, overturned), ncnd_finding
    # s21 points to where the information already is: as good as given.
    elsewhere = [f for f in exemptions if f.value.startswith("s21")]
    withholding = [
        f for f in exemptions if not f.value.startswith("s21") and not is_ncnd_exemption(f.value)
    ]
    # Part given here and part pointed to elsewhere (s21) is partial; all of
    # it pointed to elsewhere is as good as given.
    pointed = bool(elsewhere and (disclosed or figures))
    if elsewhere and not disclosed:
        disclosed = re.search(re.escape(elsewhere[0].snippet[:20]), body) or re.search(
            r"reasonably\s+accessible", body, re.I
        )
    # Exemptions cited in an NCND letter may be the NCND's own (s31(1) for
    # "neither confirm nor deny"): there only a refusal in words withholds.
    withheld = bool(refused or (withholding and not ncnd))
    given = disclosed or figures
    kept_back = withheld or not_held or ncnd or pointed
    if some:
        # "withholding some of", "decided to disclose some of": part of each.
        return found(Outcome.PARTIAL, some), ncnd_finding
    if given and kept_back:
        # Something given and something kept back.
        return found(Outcome.PARTIAL, given, sure=bool(disclosed)), ncnd_finding
    scoped = [
        s
        for s in sentences
        if (_SCOPE.search(s) and (_REFUSED.search(s) or _NCND.search(s) or _not_held(s)))
        or _SCOPE_LINE.fullmatch(s)
    ]
    if len(scoped) == 1 and not given:
        # One part refused (or NCND) by name, and nothing else kept back in
        # other words: the other parts were answered.
        kinds = {
            "withheld": bool(refused or withholding),
            "not-held": bool(not_held),
            "ncnd": bool(ncnd),
        }
        in_scope = {
            "withheld": bool(_REFUSED.search(scoped[0])) or _SCOPE_LINE.fullmatch(scoped[0]),
            "not-held": bool(_not_held(scoped[0])),
            "ncnd": bool(_NCND.search(scoped[0])),
        }
        if not any(kinds[k] and not in_scope[k] for k in kinds):
            match = re.search(re.escape(scoped[0][:40]), body)
            return found(Outcome.PARTIAL, match, sure=False), ncnd_finding
    if withheld:
        match = refused or re.search(re.escape(withholding[0].value[1:3]), body)
        return found(Outcome.REFUSED, match), ncnd_finding
    if not_held:
        return found(Outcome.NOT_HELD, not_held), ncnd_finding
    if ncnd:
        return found(Outcome.NCND, ncnd), ncnd_finding
    if given:
        return found(Outcome.GRANTED, given, sure=bool(disclosed)), ncnd_finding
    weak = _WEAK_DISCLOSED.search(body)
    if weak:
        return found(Outcome.GRANTED, weak, sure=False), ncnd_finding
    return None, ncnd_finding


# --- references, dates, windows, regime -----------------------------------------

# "No" may come out of a PDF as "N o".
_NO = r"(?:no\.?|n\so\.?|number)"
_REF = re.compile(
    rf"\b(?:our\s+ref(?:erence)?|FOI\s+(?:ref(?:erence)?|{_NO})"
    rf"|(?:FOI\s+|information\s+)?requests?(?:\s+(?:ref(?:erence)?|{_NO}))*"
    rf"|ref(?:erence)?(?:\s+{_NO})?)"
    r"\s*[:.\-\u2013#]?\s*"
    # A case system's own label under ours: "Our Ref: eCase: FOI2017/07922".
    r"(?:(?-i:[a-z]{0,2}[A-Z][A-Za-z]{1,6}):\s*)?"
    # An id has a digit in it; a short capitalised prefix may stand before it ("FOI 000761/25").
    # "2023 - 324 / WE7239" (an en dash): a year and number with a case number after.
    r"(?P<ref>\d{1,6}\s[-\u2013]\s\d{2,4}\b(?:\s?/\s?[A-Z]{0,4}\d{2,8}\b)?"
    r"|(?:(?-i:[A-Z]{1,5})(?:/(?-i:[A-Z]{1,5}))?\s)?[A-Z0-9][A-Z0-9/\-_.]*\d[A-Z0-9/\-_.]*)",
    re.IGNORECASE,
)
_TITLE_REF = re.compile(
    r"(?:\((?P<a>\d{1,7}[_/-]\d{2,4})\)|\s[-\u2013]\s(?P<b>[A-Z0-9]{0,6}\d[A-Z0-9]{0,6}/\d{2,4}))\s*$"
)
_NOT_A_REF = re.compile(r"\d{1,2}[/.]\d{1,2}[/.](?:\d{2}|\d{4})$|\d{4}-\d{2}-\d{2}$")
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?"
_DATE = (
    rf"(?P<date>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}"
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}(?![\d/]))|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})"
)
_MONTH_FIRST = re.compile(
    rf"({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.IGNORECASE
)
_DATE_ANY = re.compile(_DATE, re.IGNORECASE)
# "Date: ...", "Date of response: ...", "Review date ...": not "Date of
# request", "Request date" or "Due date".
_DATE_LABELLED = re.compile(
    r"(?<![\w-])(?:date(?:\s+(?:responded|sent|issued|of\s+(?:response|reply|letter|this\s+letter"
    r"|decision|review|internal\s+review|review\s+decision|outcome)))?"
    r"|(?:response|reply|letter|review|decision)\s+date"
    r"|(?:internal\s+)?review\s+(?:\(IR\)\s+)?decision)"
    rf"\s*[:.=\-\u2013]?\s*(?:{_WEEKDAY},?\s+)?{_DATE}",
    re.IGNORECASE,
)
_NOT_OUR_DATE = re.compile(
    r"(?:request|receiv\w*|due|birth|publish\w*|start|end|closing|expiry|the|this|that|your|a|to"
    r"|on|from|of|by|any|which|what|incident|offence)\W*$",
    re.IGNORECASE,
)
# A date standing alone on a line: how a letter head or a signature dates it.
_DATE_LINE = re.compile(rf"[ \t]*(?:{_WEEKDAY},?[ \t]+)?{_DATE}[ \t.]*", re.IGNORECASE)
_DATE_ENDS_LINE = re.compile(rf"(?:^|(?<=\s)){_DATE}[ \t.]*$", re.IGNORECASE)
_DATE_BEFORE_REF = re.compile(rf"[^\n]{{0,200}}?(?<!\S){_DATE}\s+(?:our|your)\s+ref", re.IGNORECASE)
# Words before a date in a head line that make it some other date.
_NOT_HEAD_DATE = re.compile(
    r"request|receiv|dated|publish|between|from|since|until|to\s*$|as\s+(?:at|of)|birth|due"
    r"|period|[-\u2013/&]\s*$|\band\s*$"
    r"|\b(?:on|of|by|the)\W*$",
    re.IGNORECASE,
)
_SALUTATION = re.compile(r"^[ \t]*dear\b", re.IGNORECASE | re.MULTILINE)
_SIGN_OFF = re.compile(
    r"^[ \t]*(?:yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm)\s+regards|regards)\b",
    re.IGNORECASE | re.MULTILINE,
)
#: Lines of a letter's head, when it has no "Dear ...".
_HEAD_LINES = 12
_RECEIVED_LABEL = re.compile(
    r"(?:date\s+(?:received|of\s+receipt|request\s+received)|received\s+on|request\s+received)"
    rf"\s*[:.\-\u2013]?\s*(?:{_WEEKDAY},?\s+)?{_DATE}",
    re.IGNORECASE,
)
_RECEIVED_PHRASE = re.compile(
    r"(?:received|receipt|dated|submitted|made|request\s+of)\b[^.]{0,60}?"
    rf"(?:on\s+the|on|of|dated|date)?\s*[:\-]?\s*(?:{_WEEKDAY},?\s+)?{_DATE}",
    re.IGNORECASE,
)
_RECEIVED_ONLY = re.compile(
    r"(?:received|receipt|first\s+notified)\b[^.]{0,60}?"
    rf"(?:on\s+the|on|of|dated|date)?\s*[:\-]?\s*(?:{_WEEKDAY},?\s+)?{_DATE}",
    re.IGNORECASE,
)
# "dated 4 January which was received ... on that date".
_SAME_DAY = re.compile(
    r"[^.]{0,40}?received[^.]{0,60}?(?:on\s+that\s+(?:date|day)|(?:on\s+)?the\s+same\s+day)",
    re.IGNORECASE,
)
# "received on 28th February": the year is the letter's (or the one before).
_RECEIVED_NO_YEAR = re.compile(
    r"(?:received|receipt)\b[^.]{0,40}?(?:on\s+the|on)\s+"
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTHS})\b(?!\.?,?\s*\d)",
    re.IGNORECASE,
)
_WINDOW = re.compile(
    r"(?:within|no\s+later\s+than|not\s+later\s+than|inside|you\s+have|a\s+period\s+of)\s+"
    r"(?P<window>(?:\d+|[a-z]+)(?:\s*\(\s*(?:\d+|[a-z]+)\s*\))?\s*"
    r"(?:working\s+|calendar\s+|business\s+)?"
    r"(?:days?|weeks?|months?))",
    re.IGNORECASE,
)
_REVIEW_WORDS = re.compile(r"review|appeal|dissatisfied|not\s+satisfied|complain", re.IGNORECASE)


def _date_finding(match: re.Match[str], text: str, sure: bool = True) -> Finding | None:
    raw = match["date"]
    month_first = _MONTH_FIRST.fullmatch(raw)
    if month_first:
        raw = f"{month_first[2]} {month_first[1]} {month_first[3]}"  # "March 19, 2025"
    try:
        value = parse_date(raw)
    except FoitrackError:
        return None
    return Finding(value, snippet(text, match.start(), match.end()), sure)


def _response_date(text: str) -> Finding | None:
    """The letter's own date: a "Date:" label, a date alone on a line in the
    letter's head or under its signature; never one from the body (the
    request's, the data's). None when there is none."""
    for labelled in _DATE_LABELLED.finditer(text):
        bare = labelled.group(0)[:4].lower() == "date"
        if bare and _NOT_OUR_DATE.search(text, max(0, labelled.start() - 25), labelled.start()):
            continue  # "the date of", "request date": not the letter's
        found = _date_finding(labelled, text)
        if found:
            return found
    salutation = _SALUTATION.search(text, 0, 4000)
    head = text[: salutation.start()] if salutation else text[:4000]
    lines = head.split("\n")
    if not salutation:
        kept = []
        for line in lines:
            if _ANSWER_LABEL.match(line[:200]) or _REQUEST_LABEL.fullmatch(line[:300]):
                break
            kept.append(line)
            if len([k for k in kept if k.strip()]) >= _HEAD_LINES:
                break
        lines = kept
    offset = 0
    for line in lines:
        alone = _DATE_LINE.fullmatch(line)
        if alone:
            found = _date_finding(alone, line)
            if found:
                return found
        offset += len(line) + 1
    # A head line ending in the date ("Tel: 101 ... Fax: 0115 967 2896 10 March
    # 2015"), or a date just before the references ("NOT PROTECTIVELY MARKED
    # 3 March 2016 Our Ref: IM-FOI-2016-2711"), in the letter's head only.
    for line in lines:
        ends = _DATE_ENDS_LINE.search(line)
        if ends and not _NOT_HEAD_DATE.search(line[: ends.start()]):
            found = _date_finding(ends, line)
            if found:
                return found
    before_ref = _DATE_BEFORE_REF.match(text[:300])
    if before_ref and not _NOT_HEAD_DATE.search(text[: before_ref.start("date")]):
        found = _date_finding(before_ref, text)
        if found:
            return found
    for sign_off in _SIGN_OFF.finditer(text):
        for line in text[sign_off.end() :].split("\n", 9)[1:9]:
            alone = _DATE_LINE.fullmatch(line)
            if alone:
                found = _date_finding(alone, line)
                if found:
                    return found
    return None


def _received(text: str, letter: date | None) -> Finding | None:
    labelled = _RECEIVED_LABEL.search(text)
    if labelled:
        found = _date_finding(labelled, text)
        if found:
            return found
    candidates = []
    matches = [*_RECEIVED_PHRASE.finditer(text), *_RECEIVED_ONLY.finditer(text)]
    for match in matches:
        context = text[max(0, match.start() - 80) : match.end() + 60].lower()
        word = match.group(0).lower()
        if "request" not in context and "receiv" not in word:
            continue
        if re.search(r"review|appeal", match.group(0), re.IGNORECASE):
            continue
        if word.startswith(("dated", "made", "request")) and not _SAME_DAY.match(
            text, match.end(), match.end() + 120
        ):
            continue  # the request's own date is not when they received it
        found = _date_finding(match, text)
        if found:
            candidates.append((not word.startswith("receiv"), found))
    # "dated 6 June, received on 9 June": the receipt is what the clock counts from.
    if candidates:
        return min(candidates, key=lambda c: c[0])[1]
    no_year = _RECEIVED_NO_YEAR.search(text)
    if no_year and letter is not None:
        for year in (letter.year, letter.year - 1):
            try:
                value = parse_date(f"{no_year['day']} {no_year['month']} {year}")
            except FoitrackError:
                return None
            if value <= letter:
                quote = snippet(text, no_year.start(), no_year.end())
                return Finding(value, quote + f" (year {year} from the letter's date)", False)
    return None


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


# Said without naming the Act: the limits and the regulator are each regime's own.
_REGIME_HINTS = (
    (re.compile(r"£\s?600\b|Scottish\s+Information\s+Commissioner", re.I), "foisa"),
    (
        re.compile(
            r"£\s?450\b|Fees\s+and\s+Appropriate\s+Limit\)?\s+Regulations"
            r"|Appropriate\s+Limit\s+and\s+Fees\)?\s+Regulations",
            re.I,
        ),
        "foia",
    ),
)
# Where to complain, not the regulator's guidance cited along the way.
_COMPLAINT = re.compile(
    r"complain|appeal|apply\s+(?:to|for)|application\s+to|dissatisfied|unhappy|not\s+satisfied"
    r"|section\s+50|\bs\.?\s?50\b|right\s+to|decision\s+notice|refer\s+(?:the\s+matter|it)"
    r"|write\s+to|contact|remain",
    re.IGNORECASE,
)
_GUIDANCE = re.compile(r"guidance|website|www\.|\bfollowed\b", re.IGNORECASE)
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


_THE_COMMISSIONER = re.compile(r"\b(?-i:the\s+Commissioner)\b", re.IGNORECASE)


def _regime(text: str) -> Finding | None:
    named = named_regime(text)
    if named is not None:
        regime, match = named
        return Finding(regime.code, snippet(text, match.start(), match.end()))
    for pattern, code in _REGIME_HINTS:
        hint = pattern.search(text)
        if hint:
            quote = snippet(text, hint.start(), hint.end())
            return Finding(code, f"inferred from: {quote}", sure=False)
    return None


def _regulator(text: str, regime: str | None) -> Finding | None:
    regulators: tuple[tuple[re.Pattern[str], str], ...] = _REGULATORS
    if regime is not None:
        # "you may make an application to the Commissioner": the regime's own.
        own = "Scottish Information Commissioner" if regime in ("foisa", "eisr") else "ICO"
        regulators = (*regulators, (_THE_COMMISSIONER, own))
    for pattern, name in regulators:
        for match in pattern.finditer(text):
            sentence = _sentence_around(text, match.start(), match.end())
            if _GUIDANCE.search(sentence):
                continue
            before = text[max(0, match.start() - 200) : match.start()]
            if _COMPLAINT.search(sentence) or _COMPLAINT.search(before[-120:]):
                return Finding(name, snippet(text, match.start(), match.end()))
    return None


# The cost limit named without its section ("we will not be able to answer
# your request without exceeding the appropriate limit"): that is s12.
_COST_LIMIT = re.compile(
    r"exceed\w*\s+(?:the\s+)?['\u2018\u201c\"]?(?:upper\s+|prescribed\s+|statutory\s+)?"
    r"(?:appropriate|cost)\s+(?:limit|level)"
    r"|(?:more\s+than|in\s+excess\s+of)\s+£\s?(?:450|600)\b"
    # The estimate worked out at the regulations' rate: "71 hours. At the given
    # rate of £25 per hour this would total £1775.00".
    r"|£\s?25(?:\.00)?\s+(?:per|an|each)\s+hour",
    re.IGNORECASE,
)
# Which limb: the cost of finding out whether it is held (s12(2)), of
# complying (s12(1)), or both named (s12).
_COST_OF_CONFIRMING = re.compile(
    r"(?:determin|establish|confirm|ascertain)\w*\s+(?:if|whether)\b", re.IGNORECASE
)
_COST_OF_COMPLYING = re.compile(
    r"locat|retriev|extract|compl(?:y|ying|iance)|provid|search|collat|compil", re.IGNORECASE
)


def _cost_limit(answer: str, exemptions: list[Finding]) -> Finding | None:
    if any(f.value.startswith("s12") for f in exemptions):
        return None
    for sentence in answer.split("\n"):
        match = _COST_LIMIT.search(sentence)
        # "if the cost would exceed" is the rule stated, not applied; "determining
        # if it is held" is the s12(2) limb.
        rest = _COST_OF_CONFIRMING.sub(" ", sentence)
        if match and not re.search(r"\bif\b|where\s+the\s+cost", rest, re.IGNORECASE):
            confirming = _COST_OF_CONFIRMING.search(sentence)
            complying = _COST_OF_COMPLYING.search(rest)
            if confirming:
                name = "s12" if complying else "s12(2)"
            else:
                name = "s12(1)" if complying else "s12"
            return Finding(
                name, f"inferred from: {snippet(sentence, match.start(), match.end())}", False
            )
    return None


def classify(text: str) -> Classification:
    """Everything foitrack can read from a response's text."""
    result = Classification()
    result.regime = _regime(text)
    regime = result.regime.value if result.regime else None
    result.regulator = _regulator(text, regime)
    # Exemptions are what the decision relies on; the complaint-rights text at
    # the end still cites provisions (s50, reg 11) worth knowing.
    result.exemptions, _ = citations(_answer_text(text, templates=True), regime)
    if not (result.regime and result.regime.value in ("eir", "eisr")):
        cost = _cost_limit(_answer_text(text), result.exemptions)
        if cost:
            result.exemptions.append(cost)
    _, result.provisions = citations(_WRAPPED.sub(" ", _without_request(text)), regime)
    review = _REVIEW.search(_decision_text(text))
    if review:
        result.is_review = Finding(True, snippet(text, review.start(), review.end()))
    result.outcome, result.ncnd = _outcome(text, result.exemptions, review is not None)
    for ref in _REF.finditer(text):
        value = ref["ref"].rstrip(".-/")
        if re.match(r"request-\d+-", text[ref.start() : ref.end() + 1], re.IGNORECASE):
            continue  # a WhatDoTheyKnow address, request-123456-abcd@...
        if _NOT_A_REF.search(value) or len(value) < 3:
            continue  # a date, or "request 1"
        result.their_ref = Finding(value, snippet(text, ref.start(), ref.end()))
        break
    else:
        # A disclosure log's title: "Response Officers (6863_17)", "... - 163A/23".
        title = re.search(r"[^\n]*\S[^\n]*", text[:2000])
        titled = title and _TITLE_REF.search(title.group(0)[:300])
        if title and titled:
            ref_value = titled["a"] or titled["b"]
            result.their_ref = Finding(ref_value, title.group(0).strip()[:120], False)
    result.date = _response_date(text)
    result.received = _received(text, result.date.value if result.date else None)
    # A review's answer has no review window: any window in it is the regulator's.
    result.review_window = None if result.is_review else _window(text)
    return result
