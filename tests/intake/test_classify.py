"""Every field on every corpus document, and the same findings from PDF and email."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from foitrack.core.errors import FoitrackError
from foitrack.intake.classify import classify, expand_citation
from foitrack.intake.extract import read_document
from tests.intake.conftest import CORPUS, EXPECTED, make_pdf

FIELDS = (
    "outcome", "exemptions", "provisions", "ncnd", "their_ref", "date", "received",
    "review_window", "regime", "regulator", "is_review",
)  # fmt: skip


def expected(name: str) -> dict:  # type: ignore[type-arg]
    want = EXPECTED[name]
    defaults = {"exemptions": [], "provisions": [], "ncnd": False, "is_review": False}
    return {f: want.get(f, defaults.get(f)) for f in FIELDS}


def found(path: Path) -> dict:  # type: ignore[type-arg]
    result = classify(read_document(path).text).to_json()
    for key in ("exemptions", "provisions"):
        result[key] = sorted(result[key])
    return {f: result[f] for f in FIELDS}


def normalised(want: dict) -> dict:  # type: ignore[type-arg]
    return {
        **want,
        "exemptions": sorted(want["exemptions"]),
        "provisions": sorted(want["provisions"]),
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_field(name: str) -> None:
    assert found(CORPUS / name) == normalised(expected(name))


def test_the_corpus_is_big_and_varied() -> None:
    assert len(EXPECTED) >= 17
    outcomes = {EXPECTED[n]["outcome"] for n in EXPECTED}
    assert outcomes == {"granted", "partial", "refused", "not-held", "ncnd"}
    assert {EXPECTED[n].get("regime") for n in EXPECTED} >= {"foia", "foisa", "eir"}
    units = {EXPECTED[n].get("review_window", {}).get("unit") for n in EXPECTED}
    assert units >= {"working-days", "days", "months", None}


@pytest.mark.parametrize(
    "name", ["kent-s12-cost-s16.txt", "police-scotland-foisa.txt", "durham-ncnd-only.txt"]
)
def test_a_pdf_reads_as_its_text(name: str, tmp_path: Path) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    pdf = make_pdf(text, tmp_path / "response.pdf")
    assert found(pdf) == normalised(expected(name))


def test_an_email_with_the_response_as_a_pdf_attachment(tmp_path: Path) -> None:
    text = (CORPUS / "northumbria-2018-not-held-ncnd.txt").read_text(encoding="utf-8")
    pdf = make_pdf(text, tmp_path / "response.pdf")
    message = EmailMessage()
    message["Subject"] = "Your FOI request"
    message["Date"] = "Mon, 13 Aug 2018 09:12:00 +0100"
    message.set_content("Please find our response attached.")
    message.add_attachment(
        pdf.read_bytes(), maintype="application", subtype="pdf", filename="response.pdf"
    )
    eml = tmp_path / "reply.eml"
    eml.write_bytes(bytes(message))
    result = found(eml)
    assert result["outcome"] == "not-held"
    assert result["ncnd"] is True
    assert result["exemptions"] == ["s24(2)", "s31(3)"]


@pytest.mark.parametrize(
    ("citation", "expanded"),
    [
        ("40(2)(3)&(4)", ["40(2)", "40(3)", "40(4)"]),
        ("40(2)", ["40(2)"]),
        ("12(1)/12(2)", ["12(1)", "12(2)"]),
        ("31(1)(a)(b)", ["31(1)(a)", "31(1)(b)"]),
        ("30 and 31", ["30", "31"]),
        ("40(5)(b)(i)", ["40(5)(b)(i)"]),
        # A capital letter belongs to the subsection; "& 3A(a)" continues section 40.
        ("40(5B)(a)(i)", ["40(5b)(a)(i)"]),
        ("40 (5A)", ["40(5a)"]),
        ("40(2) & 3A(a)", ["40(2)", "40(3a)(a)"]),
        ("40 and 38", ["40", "38"]),
        # West Yorkshire: "Section 31 (1)(g)(2)(a)(b) Law Enforcement".
        ("31 (1)(g)(2)(a)(b)", ["31(1)(g)", "31(2)(a)", "31(2)(b)"]),
        # Cambridgeshire: "Section 31 (1()(a) \u2013 Law Enforcement".
        ("31 (1()(a)", ["31(1)(a)"]),
    ],
)
def test_citations_expand(citation: str, expanded: list[str]) -> None:
    assert expand_citation(citation) == expanded


@pytest.mark.parametrize(
    ("text", "exemptions", "provisions"),
    [
        ("withheld under Section 40(2)(3)&(4) of the Act", ["s40(2)", "s40(3)", "s40(4)"], []),
        ("exempt under s.40(2) FOIA", ["s40(2)"], []),
        (
            "refused under Section 12(1); this is a notice under section 17(5)",
            ["s12(1)"],
            ["s17(5)"],
        ),
        ("Environmental Information Regulations 2004 regulation 12(5)(b)", ["reg12(5)(b)"], []),
        # Police Scotland: a name after each item of the list.
        (
            "In accordance with Sections 12(1) (Excessive cost of compliance) and 16(4) "
            "(Refusal of request) of the Freedom of Information (Scotland) Act 2002 (the Act), "
            "this letter represents a Refusal Notice.",
            ["s12(1)"],
            ["s16(4)"],
        ),
        ("Section 31 (1()(a) \u2013 Law Enforcement", ["s31(1)(a)"], []),
    ],
)
def test_exemptions_and_provisions(text: str, exemptions: list[str], provisions: list[str]) -> None:
    result = classify(text).to_json()
    assert result["exemptions"] == exemptions
    assert result["provisions"] == provisions


def test_findings_carry_their_snippet() -> None:
    result = classify((CORPUS / "norfolk-not-held-40days.txt").read_text()).to_json(explain=True)
    assert "within 40 days of the date of this letter" in result["explain"]["review_window"]
    assert result["explain"]["their_ref"].endswith("Reference Number: FOI 000761/25")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02binary\x00" * 50, "is a binary file"),
        (b"ok", "has no text to read"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(FoitrackError, match=message):
        read_document(path)


def test_a_pdf_without_a_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100)  # a "scan": shapes, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(FoitrackError, match="has no text layer"):
        read_document(path)


def test_a_broken_pdf_and_an_email_without_a_body(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n this is not really a pdf")
    with pytest.raises(FoitrackError, match=r"is not a readable PDF|has no text layer"):
        read_document(broken)
    message = EmailMessage()
    message["Subject"] = "FOI"
    message.add_attachment(b"\x89PNG....", maintype="image", subtype="png", filename="x.png")
    eml = tmp_path / "empty.eml"
    eml.write_bytes(bytes(message))
    with pytest.raises(FoitrackError, match="has no body and no text or PDF attachment"):
        read_document(eml)


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        # The grant wordings a new user tried (issue 14).
        ("Please find the requested information below.\n\nOfficers trained: 46\n", "granted"),
        ("The information you requested is set out below.\n", "granted"),
        ("Lancashire Constabulary holds the requested information and it is below.\n", "granted"),
        ("Question 1\nHow many vans do you have?\nAnswer 1\n2\n", "granted"),
        ("We have decided to disclose some of the information you asked for.\n", "partial"),
        ("I am not obliged to supply you with the information.\n", "refused"),
        ("The report has been deemed unsuitable for disclosure.\n", "refused"),
        # Negated: nothing withheld, nothing partial.
        (
            "Please find attached the figures. Section 40(2) has not been relied upon.\n",
            "granted",
        ),
        ("Please see the table below. No exemptions have been applied.\n", "granted"),
        # The template paragraphs alone say nothing about this answer.
        (
            "Section 1 of the Freedom of Information Act 2000 places two duties on public "
            "authorities. Where exemptions are relied upon Section 17 requires that we provide "
            "a notice which states that fact.\n",
            None,
        ),
    ],
)
def test_outcome_from_the_forces_own_sentences(text: str, outcome: str | None) -> None:
    found = classify(text).to_json()
    assert found["outcome"] == outcome
    assert found["exemptions"] == []


def test_quoted_request_text_is_not_the_answer() -> None:
    text = (
        "Date: 3 March 2025\n\nRequest:\nPlease say whether you hold the 2019 report, "
        "which was released on 12 June 2019, and why it was withheld.\n"
        "Response:\nWe do not hold the report.\n"
    )
    found = classify(text).to_json()
    assert (found["outcome"], found["date"]) == ("not-held", "2025-03-03")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("March 19, 2025\n\nDear Mr Smith,\nWe do not hold the information.\n", "2025-03-19"),
        ("Date: January 22, 2025\nWe do not hold the information.\n", "2025-01-22"),
        # A disclosure log's line, a request's date, a body's dates: none is the letter's.
        ("January 22, 2025 | Operational Policing\nWe do not hold it.\n", None),
        ("Date of request: 11 April 2025\nWe do not hold it.\n", None),
        ("Dear Sir,\nBetween 1 January 2020 and 5 April 2021 we recorded 12 thefts.\n", None),
        (
            "Original decision = 3rd October 2017 and the Internal Review (IR) Decision = 30th\n"
            "January 2018.\n",
            "2018-01-30",
        ),
        (
            "Dear Ms Lee,\nWe do not hold it.\n\nYours sincerely\n\nA Clerk\n4 May 2025\n",
            "2025-05-04",
        ),
        # The head's own date at the end of a contact line (Nottinghamshire) or just
        # before the references (Police Scotland); a head line's other dates are not it.
        (
            "Our Ref: 000915/15\n\nTel: 101 Ext 800 2507 Fax: 0115 967 2896 10 March 2015\n\n"
            "Request under the Freedom of Information Act 2000 (FOIA)\n",
            "2015-03-10",
        ),
        (
            "NOT PROTECTIVELY MARKED 3 March 2016 Our Ref: IM-FOI-2016-2711 FREEDOM OF "
            "INFORMATION (SCOTLAND) ACT 2002 I refer to your recent request for information",
            "2016-03-03",
        ),
        ("Stop and search, published 4 May 2020\n\nWe do not hold it.\n", None),
        ("Figures for the period to 5 April 2021\n\nWe do not hold it.\n", None),
        # Northumbria's log: the entry's "Dated" is not the response's date.
        (
            "FOI Requests - 672/12\n\nDated: 31 Jul 2015\n\nDate of request:   23/08/2012\n\n"
            "Date of response:   13/09/2012\n",
            "2012-09-13",
        ),
        ("Period: 1 January 2019 - 31 December 2019\n\nWe do not hold it.\n", None),
        ("Misconduct hearings \u2013 4 May 2020\n\nWe do not hold it.\n", None),
    ],
)
def test_the_response_date_is_the_letters_own(text: str, date: str | None) -> None:
    assert classify(text).to_json()["date"] == date


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Response Officers (6863_17)\n\nWe do not hold it.\n", "6863_17"),
        ("Stop and search data - 163A/23\n\nWe do not hold it.\n", "163A/23"),
        ("Received on 23/08/2017 Our Ref: DC/FOI 782/17\n", "DC/FOI 782/17"),
        ("request-339325-1a2b3c@whatdotheyknow.com\nFOI Ref: 16/06/669\n", "16/06/669"),
        # Real letter heads: "N o" from a PDF (Norfolk), a case system's label under ours
        # (Ministry of Defence Police), a year and number with a case number (West Mercia).
        ("Freedom of Information Request Reference N o: FOI 004163-18\n", "FOI 004163-18"),
        ("Our Ref: eCase: FOI2017/07922 RFI: 226/17 Date:\n", "FOI2017/07922"),
        ("Reference: 2023 \u2013 324 / WE7239\n", "2023 \u2013 324 / WE7239"),
        # Northumbria's disclosure log.
        ("Disclosure Details\n\nFOI Requests - 672/12\n\nDated: 31 Jul 2015\n", "672/12"),
    ],
)
def test_references(text: str, ref: str) -> None:
    assert classify(text).to_json()["their_ref"] == ref


@pytest.mark.parametrize(
    ("text", "regime", "unsure"),
    [
        ("under the Freedom of Information 2000 Act we hold", "foia", []),
        ("it would cost more than £450 to comply", "foia", ["regime"]),
        ("the cost limit of £600 would be exceeded", "foisa", ["regime"]),
        ("you may apply to the Scottish Information Commissioner", "foisa", ["regime"]),
    ],
)
def test_regime_named_or_inferred(text: str, regime: str, unsure: list[str]) -> None:
    found = classify(text).to_json()
    assert found["regime"] == regime
    assert [u for u in found["unsure"] if u == "regime"] == unsure


def test_received_without_a_year_takes_the_letters() -> None:
    text = "9th January 2020\n\nDear Sir,\nYour request received on 7th December.\n"
    found = classify(text).to_json()
    assert (found["date"], found["received"]) == ("2020-01-09", "2019-12-07")
    assert "received" in found["unsure"]


def test_the_regulator_is_where_to_complain_not_whose_guidance() -> None:
    guidance = "We have followed the Information Commissioner's Office guidance on costs."
    assert classify(guidance).to_json()["regulator"] is None
    rights = "If you remain dissatisfied you may complain to the Information Commissioner."
    assert classify(rights).to_json()["regulator"] == "ICO"


def test_another_acts_section_is_not_cited() -> None:
    text = "Guidance on section 13 of the Terrorism Act is exempt under section 31(1)(a)."
    assert classify(text).to_json()["exemptions"] == ["s31(1)(a)"]


# Outcome rules, each from a sentence a force really wrote (tests/fixtures/letters/dev).
@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        # s12 with some of the requested figures given anyway: partial (Norfolk and Suffolk).
        (
            "The Norfolk and Suffolk Constabularies estimates that to retrieve all the "
            "information you have requested for both forces would exceed cost in excess of "
            "£450 (per force).\nThe Constabularies have been able to run a report of "
            "outstanding warrants as at 26th February 2019 and the figures have been provided "
            "at the end of this response.\n",
            "partial",
        ),
        # A figure given for one question in prose (South Wales).
        (
            "Your request for information has now been considered and I am not obliged to "
            "supply the information you have requested.\nSection 12 \u2013 Exemption where cost of "
            "compliance exceeds appropriate limit.\nWe consulted with our PPU (Public Protection "
            "Unit) who advised that for question 1 there are currently 2,109 subjects in the "
            "community subject to notification requirements.\n",
            "partial",
        ),
        # Data supplied under s16 alongside the s12 refusal (West Midlands).
        (
            "To conduct this search, however, would exceed the appropriate limit (FOIA, s.12)\n"
            "However, in accordance with Section 16 of the Act I have a duty to provide advice "
            "and assistance in relation to your request and can provide the number of "
            "misconduct cases where the hearing/interview took place in 2019. Please see "
            "attached document.\n",
            "partial",
        ),
        # s12 with advice only: refused (Northamptonshire).
        (
            "At a minimum 2 minutes per record, this would significantly exceed the appropriate "
            "cost limit of £450, engaging an exemption under s12(1) Freedom of Information Act "
            "2000 (the Act).\nUnder our s16 Duty, I advise that we may be able to provide you "
            "with data which covers the last 12m (subject to further exemptions).\n",
            "refused",
        ),
        # Advice on what could be given is not giving it (composed).
        (
            "To answer your request would exceed the appropriate limit under Section 12 of the "
            "Freedom of Information Act 2000.\nUnder Section 16, if you were to narrow your "
            "request to a single year, we can provide the figures for that year.\n",
            "refused",
        ),
        # The cost worked out at £25 an hour, figures given for the other questions (CNC).
        (
            "The following is information gathered from the most recent assessment of officer "
            "numbers.\n\n781 Total\n\nTo attempt to retrieve this information would require the "
            "manual searching of records for 856 police officers and staff. At the given rate "
            "of £25 per hour this would total £1775.00.\n",
            "partial",
        ),
        # Parts exempt, the rest given (Wiltshire).
        (
            "Parts of this request are exempt by virtue of Section 31(1)(a)(b) (Law "
            "Enforcement) and Section 40(2) Personal information.\n",
            "partial",
        ),
        (
            "I am not obliged to supply the information that you have requested in full.\n",
            "partial",
        ),
        # "addition[al] information ... however": the rest was given (Bedfordshire).
        (
            "Bedfordshire police can confirm that it holds addition information in relation to "
            "your request however, I am not obliged to supply the information you have "
            "requested.\n",
            "partial",
        ),
        # The request's numbered items are not figures (Thames Valley).
        (
            "I write in connection to your request for information dated 06/03/2011 which for "
            "clarity I repeat below.\n\n1. The knife found at Harrowdown Hill\n\n2. The water "
            "bottle found at Harrowdown Hill\n\nWe regard your request for information as "
            "vexatious and by virtue of section 14(1) of the Act we are therefore not obliged "
            "to comply with it.\n",
            "refused",
        ),
        # "not recorded on" a system is not held; "located the following" gives (Norfolk).
        (
            "Norfolk Constabulary has located the following information as relevant to your "
            "request.\n\nQ2 The detainee's religion is not recorded on the custody system.\n",
            "partial",
        ),
        # A disclosure log's summary line (Lincolnshire).
        ("Request Number: 001006/22\nDecision: Disclosed\n", "granted"),
        # A phone line is not a figure; "find below answers" says nothing (Nottinghamshire).
        (
            "Tel: 101 Ext 800 2507 Fax: 0115 967 2896\n\nFollowing receipt of your request "
            "searches were conducted within Nottinghamshire Police to locate the information "
            "you require. Please find below answers to your questions:-\n\nInformation "
            "presented in the format in which it has been requested ... is therefore exempt "
            "under Section 40 of the Act; Personal information.\n",
            "refused",
        ),
        # An answer in prose under its numbered question (West Yorkshire).
        (
            "1) At what time was this posted on your website: Update On Social Media Video, "
            "Leeds | West Yorkshire Police\n\nThe linked statement was posted at 17.47 on "
            "August 11 2023.\n\n2) Request for copy of all footage of the incident\n\n"
            "West Yorkshire Police are unable to provide you with the information requested "
            "as this is exempt by virtue of Section 40(2) - Personal Information.\n",
            "partial",
        ),
        # A count that is the cost estimate's, not an answer (Northumbria).
        (
            "I can confirm that the information you have requested is held by Northumbria "
            "Police however cannot be disclosed for the following reasons.\n\nOn 25 December "
            "2018 there were 798 incidents recorded.  To answer your queries each of those "
            "incidents would require a manual review to extract the details you are "
            "requesting.  Even at a conservative estimate of 5 minutes per record, we have "
            "estimated that to extract this information would take over 66 hours, therefore "
            "Section 12(1) of the Freedom of Information Act would apply.\n",
            "refused",
        ),
        # An answer label ends in a full stop: "A1. 14 deployments." is one answer.
        ("Q1. How many deployments?\nA1. 14 deployments.\n", "granted"),
    ],
)
def test_outcome_rules_from_real_letters(text: str, outcome: str) -> None:
    assert classify(text).to_json()["outcome"] == outcome


@pytest.mark.parametrize(
    ("text", "exemption"),
    [
        # The cost of complying: s12(1) (Sussex).
        (
            "the cost of locating and retrieving the information exceeds the “appropriate "
            "level” as stated in the Freedom of Information (Fees and Appropriate Limit) "
            "Regulations 2004.",
            "s12(1)",
        ),
        # Both limbs named: s12 (Hampshire).
        (
            "The cost of determining if the information is held, locating and retrieving the "
            "information exceeds the \u2018appropriate level\u2019.",
            "s12",
        ),
        # Neither limb named: s12 (Avon and Somerset).
        (
            "However, we will not be able to answer your request without exceeding the "
            "appropriate limit.",
            "s12",
        ),
    ],
)
def test_a_cost_refusal_without_its_section_names_the_limb(text: str, exemption: str) -> None:
    found = classify(text).to_json()
    assert found["exemptions"] == [exemption]
    assert "exemptions" in found["unsure"]


def test_a_review_that_adds_information_is_partial() -> None:
    # Durham's internal review.
    text = (
        "Information Request to Durham Constabulary under the Freedom of Information Act\n"
        "Original decision = 3rd October 2017 and the Internal Review (IR) Decision = 30th\n"
        "January 2018. All information highlighted within in bold represents additional\n"
        "information and amended/augmented decisions made under the internal review.\n"
    )
    found = classify(text).to_json()
    assert (found["is_review"], found["outcome"]) == (True, "partial")


@pytest.mark.parametrize(
    ("text", "received"),
    [
        # West Yorkshire: a two-digit year.
        (
            "Thank you for your request for information received by West Yorkshire Police on "
            "22/03/21.\n",
            "2021-03-22",
        ),
        # Staffordshire: when the force was first told of it.
        (
            "Re: Request for information under the provisions of the Freedom of Information "
            "Act 2000, first notified to Staffordshire Police on the 13th December 2013.\n\n"
            "I refer to the above correspondence in which you request information described "
            "in the following terms.\n",
            "2013-12-13",
        ),
    ],
)
def test_received_as_forces_write_it(text: str, received: str) -> None:
    assert classify(text).to_json()["received"] == received


def test_s1_answered_under_a_spaced_citation() -> None:
    # Nottinghamshire.
    text = (
        "Under S 1 (1) (a) of the Freedom of Information Act 2000 (FOIA), I can confirm that "
        "Nottinghamshire Police does hold the information you have requested.\n"
    )
    assert classify(text).to_json()["provisions"] == ["s1(1)(a)"]


def test_a_review_letter_from_its_findings() -> None:
    # Greater Manchester Police, review of GSA/4762/12 (docest.com/doc/479497).
    text = (
        "/ Our ref: GSA/4762/12\nWednesday, 12 December 2012\n"
        "Re: Review of Freedom of Information Request ref GSA/4762/12\nDear Mr Bowett,\n"
        "Findings of the Review\nI have now conducted a review of GMP\u2019s processing of and "
        "response to your request within which I have assessed the nature of the information "
        "you sought.\n"
    )
    found = classify(text).to_json()
    assert (found["is_review"], found["their_ref"], found["date"]) == (
        True,
        "GSA/4762/12",
        "2012-12-12",
    )


def test_scottish_letters() -> None:
    # Scottish Police Authority, FOI 2023/24-017 (spa.police.uk): s12 cited by name.
    cost = (
        "Having considered your request, we can inform you that we are unable to provide you "
        "with the information you have requested, as it would prove too costly to do so within "
        "the context of the fee regulations.\nThe current cost threshold is \u00a3600 and we "
        "estimate that it would cost in excess of this amount to process your request. "
        "Therefore, this represents a refusal notice in terms of Section 12 of the Freedom of "
        "Information (Scotland) Act 2002 \u2013 Excessive Cost of Compliance.\n"
    )
    found = classify(cost).to_json()
    assert (found["outcome"], found["exemptions"], found["regime"]) == ("refused", ["s12"], "foisa")
    # Police Scotland's refusal under s16, and its letter head (IM-FOI-2021-0942).
    refusal = (
        "OFFICIAL\n\nOur Ref: IM-FOI-2021-0942 Date: 31st May 2021\n\nFREEDOM OF INFORMATION "
        "(SCOTLAND) ACT 2002\n\nIn terms of Section 16 of the Freedom of Information (Scotland) "
        "Act 2002, I am refusing to provide you with the information sought.\n"
    )
    found = classify(refusal).to_json()
    assert (found["outcome"], found["their_ref"], found["date"]) == (
        "refused",
        "IM-FOI-2021-0942",
        "2021-05-31",
    )
    assert found["provisions"] == ["s16"]
    # EISR's exceptions are regulation 10(4), 10(5) and 11, not EIR's 12(4) and 12(5)
    # (composed: no stored letter is an EISR one).
    eisr = (
        "This request has been handled under the Environmental Information (Scotland) "
        "Regulations 2004. The information is excepted from disclosure under regulation "
        "10(5)(b) and regulation 11(2)."
    )
    assert classify(eisr).to_json()["exemptions"] == ["reg10(5)(b)", "reg11(2)"]


def test_the_commissioner_is_the_regimes_own() -> None:
    # "the Commissioner" alone: the regulator of the regime the letter names (composed).
    text = (
        "This request was handled under the Freedom of Information (Scotland) Act 2002. If you "
        "remain dissatisfied following our review, you may make an application to the "
        "Commissioner.\n"
    )
    assert classify(text).to_json()["regulator"] == "Scottish Information Commissioner"
    assert classify(text.replace(" (Scotland)", "")).to_json()["regulator"] == "ICO"


def test_section_21_alone_gives_nothing_here() -> None:
    # The whole request answered by a pointer under s21 is refused (the corpus's
    # convention): West Yorkshire Police, FOI 1730525/23.
    text = (
        "West Yorkshire Police are unable to provide the information requested as this is"
        " readily available in the public domain, and therefore exempt by virtue of Section"
        " 21 (1) Information Reasonably Accessible by Other Means."
    )
    found = classify(text).to_json()
    assert (found["outcome"], found["exemptions"]) == ("refused", ["s21(1)"])
    text = (
        "The policy is publicly available on our website and is therefore exempt under Section 21."
    )
    assert classify(text).to_json()["outcome"] == "refused"
    # Part pointed to elsewhere, the rest attached: partial (the convention for s21).
    part = text + " The remaining information is attached."
    assert classify(part).to_json()["outcome"] == "partial"


@pytest.mark.parametrize(
    "text",
    [
        # Composed in forces' ways of saying it (no stored letter words it so).
        "Please find the information you requested in the attached spreadsheet.",
        "The information you have requested is contained in the table below.",
        "Attached is a copy of the policy.",
        "Q1. How many officers are trained?\n\n156 officers are currently trained.\n",
    ],
)
def test_grants_in_other_words(text: str) -> None:
    assert classify(text).to_json()["outcome"] == "granted"


@pytest.mark.parametrize(
    ("sentence", "window"),
    [
        # Composed in the ways forces state the review window.
        (
            "If you are dissatisfied with this response you may request an internal review. "
            "You have 40 working days from the date of this letter to do so.",
            {"length": 40, "unit": "working-days"},
        ),
        (
            "A request for an internal review should be made within 40 (forty) working days of "
            "the date of this letter.",
            {"length": 40, "unit": "working-days"},
        ),
        (
            "If you wish to request an internal review, please write to us within 2 months of "
            "the date of this response.",
            {"length": 2, "unit": "months"},
        ),
    ],
)
def test_review_windows_as_stated(sentence: str, window: dict[str, object]) -> None:
    text = "Dear Sir,\nWe do not hold the information you requested.\n\n" + sentence
    assert classify(text).to_json()["review_window"] == window


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        # Composed in forces' ways of saying it.
        ("We have no information about this matter.\n", "not-held"),
        ("This information is not recorded centrally.\n", "not-held"),
        ("There have been no such incidents in the period requested.\n", "granted"),
        ("There is no information held.\n", "not-held"),
    ],
)
def test_nothing_held_and_nought_as_an_answer(text: str, outcome: str) -> None:
    assert classify(text).to_json()["outcome"] == outcome


@pytest.mark.parametrize(
    ("value", "outcome"),
    [
        ("Disclosed", "granted"),  # Lincolnshire's log
        ("Full Disclosure", "granted"),
        ("Partial Disclosure", "partial"),
        ("Information not held", "not-held"),
        ("Full Refusal", "refused"),
        ("Neither confirm nor deny", "ncnd"),
        ("Upheld", None),  # a review's result says nothing of the answer
    ],
)
def test_a_logs_decision_line(value: str, outcome: str | None) -> None:
    text = f"Request Number: 001006/22\nDecision: {value}\n"
    assert classify(text).to_json()["outcome"] == outcome


# What forces really wrote (the second held-out set, now development data).
_S17_TEMPLATE = (
    "Where exemptions are relied upon Section 17 of FOIA requires that we provide the "
    "applicant with a notice which: a) states that fact b) specifies the exemption(s) in "
    "question and c) states (if that would not otherwise be apparent) why the exemption applies."
)


@pytest.mark.parametrize(
    ("text", "outcome", "ncnd"),
    [
        # Cleveland: "we would rely on the following" announces the NCND that follows.
        (
            "Having made enquiries within the Force we would rely on the following:\n"
            "Cleveland Police can neither confirm nor deny that it holds the information "
            "relevant to your request as the duty in Section 1(1) (a) of the Freedom of "
            "Information Act 2000 does not apply",
            "ncnd",
            True,
        ),
        # Cleveland: an answer, then "for anything else" an exemption.
        (
            "Answer\nIn the review and development stage.\n"
            "For anything else we would rely on the following.",
            "partial",
            False,
        ),
        # Northumbria: a cost refusal's "no way we can provide" gives nothing.
        (
            "I can neither confirm nor deny that the information you require is held by "
            "Northumbria Police as to actually determine if it is held would exceed the "
            "permitted 18 hours therefore Section 12(2) of the Freedom of Information Act "
            "would apply.\nUnfortunately there is no way we can provide a definitive response "
            "to your request within the 18 hour threshold.",
            "refused",
            True,
        ),
        # Warwickshire: "your request ... received on ... as follows:" quotes the request.
        (
            "I write in connection with your request for information which was received on "
            "9th October 2024 as follows:\nPlease can I have the data on the numbers of on "
            "duty police officers.\nPlease find the Warwickshire Police response set out "
            "below.\nResponse: I can advise that the information is held; however, this "
            "information has been deemed unsuitable for disclosure.",
            "refused",
            False,
        ),
        # Warwickshire: a question's answer in words on its label's line.
        (
            "Q1 response: No information held.\nQ2 response: This was dealt with by our "
            "Legal Services Department and was signed off at Chief Officer level.",
            "partial",
            False,
        ),
        # West Midlands: the refusal notice is for one question; the rest is answered.
        (
            "Response\nPlease see our response attached.\nIn this case, this letter "
            "represents a Refusal Notice for question 6 and for any other information "
            "relating to the covert use of drones. We neither confirm nor deny that any "
            "relevant data are held by virtue of the following exemptions:\n"
            "Section 23(5) Information supplied by or concerning certain Security Bodies",
            "partial",
            True,
        ),
        # Dyfed-Powys: s12(2) for question 6 withholds "the whole of the requested
        # information": refused, and by the cost of confirming, neither confirmed nor denied.
        (
            "I can confirm that the cost of determining whether any information relative to "
            "question 6 of this request is or isn't held is above the amount to which we are "
            "legally required to respond therefore we are withholding the whole of the "
            "requested information since we consider that the Section 12 (2) exemption the "
            "Cost of Compliance exceeds the Appropriate Limit applies to it.",
            "refused",
            True,
        ),
        # Humberside: a table as the page flattens it, after the refusal notice's
        # checklist (printed only where something is refused).
        (
            "I am writing to request information under the Freedom of Information Act 2000 "
            "are you able to provide the following:\n"
            + _S17_TEMPLATE
            + "\nYear |\nTotal |\n2023-2024 |\n48 |\n2022-2023 |\n50 |\n"
            "It has been determined that this informatio",
            "partial",
            False,
        ),
    ],
)
def test_outcomes_as_forces_write_them(text: str, outcome: str, ncnd: bool) -> None:
    result = classify(text).to_json()
    assert (result["outcome"], result["ncnd"]) == (outcome, ncnd)


def test_a_partial_cost_refusal_under_s12_2_still_confirms_the_rest() -> None:
    # Kent: questions answered, one count refused under s12(2): no NCND.
    text = (
        "1. The hotline number is 0300 123 2040.\n2. To determine whether this information "
        "is held would exceed the cost limit, so Section 12(2) applies."
    )
    result = classify(text).to_json()
    assert result["ncnd"] is False


@pytest.mark.parametrize(
    ("text", "provisions"),
    [
        # Northumbria: a run-on line puts the notice in the template's sentence.
        (
            "This section does not oblige a public authority to comply with a request for "
            "information if the authority estimated that the cost of complying with the "
            "request would exceed the appropriate limit of 18 hours, equating to £450.00\n"
            "You should consider this to be a refusal notice under Section 17 of the Act for "
            "your request.",
            ["s17"],
        ),
        # Warwickshire: the checklist without "such" is still the template.
        (
            "When refusing to provide information (because the information is exempt), "
            "section 17 of the Freedom of Information Act 2000, requires Warwickshire Police "
            "to provide you, the applicant, with a notice which:",
            [],
        ),
        # The Met: the code's section, not one the letter relies on.
        (
            "A review will now be conducted in accordance with the Code of Practice issued "
            "under Section 45 of the Freedom of Information Act 2000 (the Act).",
            [],
        ),
    ],
)
def test_provisions_as_forces_write_them(text: str, provisions: list[str]) -> None:
    assert classify(text).to_json()["provisions"] == provisions


@pytest.mark.parametrize(
    ("text", "received"),
    [
        # Strathclyde.
        (
            "I refer to your request for information dated 18 January 2011, which was "
            "received by\nStrathclyde Police on the same date.",
            "2011-01-18",
        ),
        # West Mercia, as WhatDoTheyKnow renders a superscript.
        (
            "Thank you for your request for information which was received on 16^th\n"
            "February 2024.",
            "2024-02-16",
        ),
        # Thames Valley: the requester's date, not the force's receipt.
        ("Your request for information submitted on 10/10/2019 has been considered.", None),
    ],
)
def test_received_and_what_is_not_a_receipt(text: str, received: str | None) -> None:
    assert classify(text).to_json()["received"] == received


def test_the_forces_own_target_for_a_review_is_no_window() -> None:
    # The Met's acknowledgement of a request for review.
    text = (
        "There is no statutory time limit in relation to the completion of an Internal "
        "Review.\nHowever, the MPS aim to complete Internal Reviews within 20 working days "
        "or in \nexceptional cases, within 40 working days."
    )
    assert classify(text).to_json()["review_window"] is None
    asked = "You may request an internal review within 40 working days of this letter."
    assert classify(asked).to_json()["review_window"] == {"length": 40, "unit": "working-days"}


def test_the_duty_to_advise_and_assist_under_s16_is_foias() -> None:
    # South Wales: the Act is never named; FOISA's advice and assistance is s15.
    text = (
        "Under S16 our duty to advise and assist you may wish to submit this part of your "
        "request to NPCC using the link provided below:"
    )
    result = classify(text).to_json()
    assert result["regime"] == "foia"
    assert "regime" in result["unsure"]


def test_a_reference_with_the_space_before_its_dash_lost() -> None:
    # Cleveland.
    text = "Date: 16/02/26\nEnquiry Reference: 89- 26\nI write in connection with your request."
    assert classify(text).to_json()["their_ref"] == "89- 26"


def test_an_answer_announced_as_follows_is_still_an_answer() -> None:
    # Only the request quoted "as follows:" is not the answer (Warwickshire, above).
    text = "Our response to your request is as follows:\nThe force has 14 drones."
    result = classify(text).to_json()
    assert result["outcome"] == "granted"
    assert "outcome" not in result["unsure"]


def test_a_requesters_own_letter_to_the_force_is_not_the_answer() -> None:
    # A WhatDoTheyKnow page: the request (Avon and Somerset, 148/15) above the
    # force's acknowledgement. "Numbers of requests deemed vexatious" is asked.
    text = (
        "Dear Avon and Somerset Constabulary,\n\n"
        "5. Numbers of requests deemed vexatious.\n\n"
        "6. Numbers of requests refused and for what reason.\n\n"
        "Yours faithfully,\n\nSteven Mount\n\n"
        "Dear Mr Mount\n\nI write in connection with your request for information dated"
        " 30th January 2015 concerning freedom of information requests.\n"
    )
    assert classify(text).outcome is None
    # Without the force's own letter: the same words are the force's.
    assert classify(text.replace("Dear Avon and Somerset Constabulary,", "")).outcome


def test_an_acknowledgement_has_no_outcome_yet() -> None:
    # Avon and Somerset, 148/15 (the only refusal word is in the request it names).
    text = (
        "Your request will now be considered and you will receive a response within the"
        " statutory timescale of 20 working days as defined by the Act. Requests deemed"
        " vexatious are refused.\n"
    )
    assert classify(text).outcome is None
    assert classify(text.split("Act.")[1]).to_json()["outcome"] == "refused"


def test_the_section_1_duties_in_other_words_give_nothing() -> None:
    # West Yorkshire Police, 1730525/23: the s1 duties, not an answer.
    text = (
        "A public authority in receipt of a request must, if permitted, state under Section"
        " 1(a) of the Act, whether it holds the requested information and, if held, then"
        " communicate that information to the applicant under Section 1(b) of the Act.\n"
        "We do not hold the information.\n"
    )
    assert classify(text).to_json()["outcome"] == "not-held"


def test_a_reference_number_is_no_figure() -> None:
    # Metropolitan Police, 2005080000735, as a blog quotes it.
    text = (
        "Freedom of Information Request Reference No: 2005080000735\n\n"
        "Section 21 of the Act provides:\n\n(1) Information which is reasonably accessible"
        " to the applicant otherwise than under section 1 is exempt information\n\n"
        "The information you have requested is 'reasonably accessible' elsewhere on"
        " Transport for London Site\n"
    )
    assert classify(text).to_json()["outcome"] == "refused"


def test_a_pages_date_above_its_own_prose_is_not_the_letters() -> None:
    # A blog post quoting the Metropolitan Police's reply (2005080000735).
    letter = "Dear Mr/Ms Bridget Dunne\n\nWe do not hold the information.\n"
    text = (
        "Monday, September 05, 2005\n\nThe Metropolitan Police reply\n\n"
        "I contacted them to ask why and whether they could give me this information, by"
        " this time I'm wondering if this is some kind of state secret.\n" + letter
    )
    assert classify(text).date is None
    # The same date heading the letter itself is its date.
    assert str(classify("Monday, September 05, 2005\n\n" + letter).to_json()["date"]) == (
        "2005-09-05"
    )


@pytest.mark.parametrize(
    "text",
    [
        # West Yorkshire Police, FOI 1769251/23.
        "It is estimated that the cost of providing/locating the information you seek within"
        " your request, would exceed the time threshold.",
        # Northumbria Police, 388/21.
        "The information requested is not already held statistically nor is it held in a"
        " format that allows its extraction from systems within the permitted 18 hour threshold.",
    ],
)
def test_the_cost_limit_as_hours_is_s12(text: str) -> None:
    found = classify(text).to_json()
    assert (found["outcome"], found["exemptions"]) == ("refused", ["s12(1)"])


def test_not_in_a_retrievable_format_refuses() -> None:
    # Cleveland Police, 630-25 (the stored copy stops before the section is named).
    text = (
        "Having made enquiries within the Force due to the nature of our recording systems"
        " the information requested, if held, is not in an easily retrievable format.\n"
    )
    assert classify(text).to_json()["outcome"] == "refused"


def test_a_review_retelling_the_first_answer_has_not_decided_yet() -> None:
    # Greater Manchester Police, GSA/4762/12, cut before the reviewer's decision.
    text = (
        "Re: Review of Freedom of Information Request ref GSA/4762/12\n"
        "On 14th November 2012 you were sent a response letter which confirmed that the"
        " information you had requested was held by GMP but was exempt from disclosure by"
        " virtue of 'Section 40(2) - Personal Information' of the FOIA.\n"
        "Findings of the Review\n"
        "I have now conducted a review of GMP's processing of and response to your request.\n"
    )
    found = classify(text).to_json()
    assert (found["is_review"], found["outcome"], found["exemptions"]) == (True, None, ["s40(2)"])
    # The reviewer's own words decide: "The decision is upheld".
    assert classify(text + "The decision is upheld.\n").to_json()["outcome"] == "refused"


def test_we_have_attached_gives_it() -> None:
    # Cleveland Police, 9274-18 (the stored copy stops at the attachment).
    text = "Having made enquiries within the Force we have attached a document\n"
    assert classify(text).to_json()["outcome"] == "granted"


@pytest.mark.parametrize(
    "ack",
    [
        # Essex Police, 5607-5610.
        "Your questions have been logged under the references shown below:",
        # Cheshire Constabulary (2015).
        "I acknowledge receipt of your correspondence received 19/10/2015.",
    ],
)
def test_acknowledgements_in_other_words(ack: str) -> None:
    # Essex goes on to explain the cost limit, which refuses nothing yet.
    rest = (
        "There are exemptions in the Act that can apply and these include where the cost"
        " of complying with the request would exceed the appropriate limit.\n"
    )
    assert classify(ack + "\n" + rest).outcome is None
    assert classify(rest).outcome is not None
