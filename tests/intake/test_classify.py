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


def test_section_21_alone_is_as_good_as_given() -> None:
    # Composed: s21's own "exempt" is not a withholding.
    text = (
        "The policy is publicly available on our website and is therefore exempt under Section 21."
    )
    assert classify(text).to_json()["outcome"] == "granted"
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
