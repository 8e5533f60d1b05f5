"""Reasons are true: every sentence is checked against the numbers it describes.

The likeness thresholds in matcher/reasons.py are calibrated on the labelled pairs below with the real model;
`pytest -s tests/matcher/test_reasons.py -k calibration` prints the distributions.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from matcher import OpeningIndex, rank
from matcher.reasons import LIKE, SOMEWHAT_LIKE
from models import Employer, Feedback, JobSeeker, Opening, Shift
from tests.matcher.catalogue import HOME, ana
from tests.matcher.test_invariants import COMMON, catalogues, feedback_for, judgments_for, seekers

# (seeker phrase, job title), labelled by hand.
RELATED = [
    ("kennel assistant", "Kennel attendant"), ("caring for animals", "Kennel assistant"),
    ("dog walker", "Kennel assistant"), ("cooking", "Line cook"), ("cooking", "Prep cook"),
    ("computers", "Help desk technician"), ("driving", "Delivery driver"), ("books", "Library aide"),
    ("coffee", "Barista"), ("cleaning", "Janitor"), ("cleaning", "Housekeeper"), ("being outdoors", "Grounds crew"),
    ("gardening", "Landscaper"), ("dishwasher", "Dishwasher"), ("cashier", "Cashier"),
    ("fixing things", "Maintenance technician"), ("helping people", "Home health aide"),
    ("stocking shelves", "Stocker"), ("caring for animals", "Veterinary assistant"),
    ("working with cars", "Car wash attendant"), ("retail", "Sales associate"), ("office work", "Office clerk"),
    ("laundry", "Laundry attendant"), ("warehouse work", "Order picker"), ("building things", "Assembler"),
]
SOMEWHAT = [
    ("caring for animals", "Veterinary receptionist"), ("cooking", "Dishwasher"), ("kennel assistant", "Dog groomer"),
    ("computers", "Office clerk"), ("books", "Cashier"), ("coffee", "Server"), ("cleaning", "Laundry attendant"),
    ("driving", "Car wash attendant"), ("being outdoors", "Delivery driver"), ("helping people", "Cashier"),
    ("cooking", "Server"), ("stocking shelves", "Cashier"), ("office work", "Receptionist"),
    ("fixing things", "Assembler"), ("dishwasher", "Line cook"), ("kennel assistant", "Pet store clerk"),
    ("caring for animals", "Farm hand"), ("retail", "Stocker"), ("helping people", "Receptionist"),
    ("laundry", "Housekeeper"),
]
UNRELATED = [
    ("kennel assistant", "Outreach assistant"), ("caring for animals", "Office clerk"),
    ("cooking", "Help desk technician"), ("computers", "Dishwasher"), ("driving", "Library aide"),
    ("books", "Grounds crew"), ("coffee", "Janitor"), ("cleaning", "Help desk technician"),
    ("being outdoors", "Office clerk"), ("kennel assistant", "Cashier"), ("dishwasher", "Delivery driver"),
    ("cashier", "Grounds crew"), ("fixing things", "Barista"), ("helping people", "Stocker"),
    ("caring for animals", "Assembler"), ("kennel assistant", "Line cook"), ("dog walker", "Accounts payable clerk"),
    ("computers", "Kennel assistant"), ("books", "Car wash attendant"), ("laundry", "Help desk technician"),
    ("office work", "Grounds crew"), ("retail", "Kennel assistant"), ("driving", "Dishwasher"),
    ("kennel assistant", "Library aide"), ("cooking", "Janitor"),
]


def cosines(embedder, pairs) -> np.ndarray:
    left = embedder.encode([a for a, _ in pairs])
    right = embedder.encode([b for _, b in pairs])
    return (left * right).sum(axis=1)


def test_calibration_the_thresholds_separate_the_labelled_pairs(embedder):
    sims = {name: cosines(embedder, pairs) for name, pairs in
            (("related", RELATED), ("somewhat", SOMEWHAT), ("unrelated", UNRELATED))}
    for name, values in sims.items():
        low, p10, median, p90, high = np.percentile(values, [0, 10, 50, 90, 100])
        print(f"{name:9} n={values.size:2} min {low:.3f} p10 {p10:.3f} median {median:.3f} p90 {p90:.3f} "
              f"max {high:.3f}")
    assert (sims["unrelated"] < LIKE).all(), "'this job is X' is never said of an unrelated pair"
    assert (sims["somewhat"] >= LIKE).sum() <= 1
    assert (sims["unrelated"] >= SOMEWHAT_LIKE).sum() <= 1, "only the shared-word pair gets 'somewhat like'"
    assert (sims["related"] >= SOMEWHAT_LIKE).mean() >= 0.8, "most related pairs are said to be alike"


def small_index(embedder, openings) -> OpeningIndex:
    return OpeningIndex.build(openings, [Employer(id=1, name="Acme", location=HOME)], embedder)


def test_only_the_shifts_that_fit_are_called_free(embedder):
    index = small_index(embedder, [Opening(id=1, employer_id=1, title="Cashier", shifts=["morning", "day"])])
    seeker = JobSeeker(id=1, name="B", profile={"shifts": ["day", "evening"]})
    (only,) = rank(seeker, index)
    assert "Some of the work is daytime, when you said you're free; the rest is mornings." in only.reasons
    assert not any("mornings, daytime, when" in r for r in only.reasons)


def test_a_weak_likeness_to_a_liked_job_is_not_claimed(embedder):
    openings = [Opening(id=1, employer_id=1, title="Accounts payable clerk"),
                Opening(id=2, employer_id=1, title="Kennel attendant"),
                Opening(id=3, employer_id=1, title="Kennel assistant")]
    index = small_index(embedder, openings)
    liked = [Feedback(opening_id=1, reaction="interested")]
    found = {s.opening_id: s for s in rank(JobSeeker(id=1, name="B"), index, feedback=liked)}
    assert not any("interested in" in r for r in found[2].reasons), "a kennel attendant is not like a clerk"
    liked = [Feedback(opening_id=3, reaction="interested")]
    found = {s.opening_id: s for s in rank(JobSeeker(id=1, name="B"), index, feedback=liked)}
    assert "It is like kennel assistant, which you were interested in." in found[2].reasons


def test_the_phrase_named_is_the_one_that_matched_and_a_shared_word_is_not_a_match(embedder):
    openings = [Opening(id=1, employer_id=1, title="Outreach assistant"), Opening(id=2, employer_id=1, title="Cook")]
    index = small_index(embedder, openings)
    seeker = JobSeeker(id=1, name="B", profile={"job_types": ["kennel assistant", "cook"]})
    found = {s.opening_id: s for s in rank(seeker, index)}
    assert not any("this job is outreach assistant" in r for r in found[1].reasons)
    assert found[2].reasons[0] == "You asked for cook work; this job is cook."


def test_staff_read_the_reasons_about_the_seeker_by_name(index):
    staff = rank(ana(), index, voice="staff")
    seeker = rank(ana(), index)
    assert [s.opening_id for s in staff] == [s.opening_id for s in seeker], "only the words change"
    assert staff[0].reasons[0] == "Ana R. asked for kennel assistant work; this job is kennel assistant."
    assert "2.4 km from Ana R.'s home, within their 12 km limit." in staff[0].reasons
    for s in staff:
        for reason in s.reasons:
            assert not re.search(r"\b(you|your|you're)\b", reason, re.IGNORECASE), reason


# Every sentence a reason may be, with what it claims.
DISTANCE = re.compile(r"([\d.]+) km from home(?:, (within|over) your ([\d.]+) km limit)?\.")
HOURS = re.compile(r"([\d.]+)(?:-([\d.]+))? hours a week(?:; you want (?:([\d.]+)-([\d.]+)|at least ([\d.]+)|"
                   r"at most ([\d.]+)))?\.")
WAGE = re.compile(r"\$([\d.]+) an hour(?:, (above|below) your \$([\d.]+) minimum|, (your minimum))?\.")
SHIFTS = re.compile(r"(Work is|Some of the work is) ([a-z, ]+?)(, when you said you're free|, not when you said "
                    r"you're free)?(?:; the rest is ([a-z, ]+))?\.")
ASKED = re.compile(r"You asked for (.+) work; this job is (.+)\.")
LIKES = re.compile(r"You said you like (.+); this job is (.+)\.")
NEEDS = re.compile(r"You said you like (.+); (.+) told us they need (.+)\.")
SOMEWHAT_SENTENCE = re.compile(r"This job is somewhat like (.+), which you said you like\.")
LIKED = re.compile(r"It is (like|somewhat like) (.+), which you were interested in\.")
STAY_UNDER = re.compile(r"To stay under your \$([\d,]+) (SSDI|SSI) limit, work up to ([\d.]+) hours a week here\.")
EVEN_AT = re.compile(r"Even at ([\d.]+) hours a week this job keeps you under your \$([\d,]+) (SSDI|SSI) limit\.")
CANT_TELL = re.compile(r"Can't tell yet whether this job keeps you under your \$([\d,]+) (SSDI|SSI) limit: its "
                       r"(wage|hours|wage and hours) (?:is|are) not known\.")
FIXED = {
    "This job is not much like the work you said you want.",
    "Your profile doesn't say what work you like yet, so this is not ranked by your interests.",
    "Your employment specialist thinks this could suit you.",
    "What the employer is looking for matches your strengths.",
}
WORDS = {"mornings": Shift.morning, "daytime": Shift.day, "evenings": Shift.evening, "nights": Shift.night,
         "weekends": Shift.weekend}


def shifts_named(text: str) -> set[Shift]:
    return {WORDS[w] for w in re.split(r", | and ", text)}


def monthly(wage: float, hours: float) -> float:
    return wage * hours * 52 / 12


@settings(**COMMON)
@given(data=st.data())
def test_every_reason_matches_the_numbers_it_describes(embedder, data):
    employers, openings = data.draw(catalogues())
    seeker = data.draw(seekers())
    feedback = data.draw(feedback_for(openings))
    judgments = data.draw(judgments_for(openings))
    index = OpeningIndex.build(openings, employers, embedder)
    p = seeker.profile
    by_id = {o.id: o for o in openings}
    employer_of = {e.id: e for e in employers}
    liked_ids = {f.opening_id for f in feedback if f.reaction != "not_for_me"}

    def cos(a: str, b: str) -> float:
        va, vb = embedder.encode([a, b])
        return float(va @ vb)

    for s in rank(seeker, index, judgments=judgments, feedback=feedback, limit=50):
        o = by_id[s.opening_id]
        said = set(s.reasons)
        assert ("Your employment specialist thinks this could suit you." in said) == (s.components["judgment"] > 0)
        if "What the employer is looking for matches your strengths." in said:
            assert s.components["employer_needs"] >= 0.5 - 1e-4
        for item, missing in (("Wage", o.wage is None), ("Hours", o.hours_min is None and o.hours_max is None),
                              ("Shifts", not o.shifts)):
            assert (item in s.unknown) == missing
        for item in s.unknown:
            assert f"{item} not known." in said
        job_low = o.hours_min if o.hours_min is not None else o.hours_max
        job_high = o.hours_max if o.hours_max is not None else o.hours_min
        for reason in s.reasons:
            if reason in FIXED or reason.endswith(" not known."):
                continue
            if m := DISTANCE.fullmatch(reason):
                shown = float(m[1])
                assert s.distance_km is not None and abs(shown - s.distance_km) <= (0.051 if shown < 10 else 0.51)
                if p.max_commute_km is None:
                    assert m[2] is None
                else:
                    assert float(m[3]) == pytest.approx(p.max_commute_km, rel=1e-5)
                    assert m[2] == ("within" if s.distance_km <= p.max_commute_km + 0.005 else "over")
            elif m := HOURS.fullmatch(reason):
                assert (float(m[1]), float(m[2] or m[1])) == (job_low, job_high)
                assert (m[3] is not None) == (p.hours_min is not None and p.hours_max is not None)
                if m[3]:
                    assert (float(m[3]), float(m[4])) == (p.hours_min, p.hours_max)
                assert (m[5] is not None) == (p.hours_min is not None and p.hours_max is None)
                assert (m[6] is not None) == (p.hours_max is not None and p.hours_min is None)
            elif m := WAGE.fullmatch(reason):
                assert float(m[1]) == round(o.wage, 2)
                if m[2] == "above":
                    assert round(o.wage, 2) > round(p.min_wage, 2) and float(m[3]) == round(p.min_wage, 2)
                elif m[2] == "below":
                    assert round(o.wage, 2) < round(p.min_wage, 2)
                elif m[4]:
                    assert round(o.wage, 2) == round(p.min_wage, 2)
                else:
                    assert p.min_wage is None
            elif m := SHIFTS.fullmatch(reason):
                named = shifts_named(m[2])
                assert named <= set(o.shifts) and named
                if m[3] == ", when you said you're free":
                    assert named <= set(p.shifts), "only shifts the seeker is free for are called free"
                else:
                    assert not named & set(p.shifts)
                if m[4]:
                    assert shifts_named(m[4]) <= set(o.shifts) - set(p.shifts)
                assert named | (shifts_named(m[4]) if m[4] else set()) == set(o.shifts), "every shift is named"
            elif m := ASKED.fullmatch(reason):
                assert m[1] in p.wanted_phrases() and fuzz.token_set_ratio(m[1].lower(), o.title.lower()) >= 90
            elif m := NEEDS.fullmatch(reason):
                assert m[1] in p.wanted_phrases() and m[2] == employer_of[o.employer_id].name
                assert cos(m[1], m[3]) >= LIKE - 1e-4
            elif m := LIKES.fullmatch(reason):
                assert m[1] in p.wanted_phrases() and m[2] == o.title.lower()
                assert cos(m[1], o.title) >= LIKE - 1e-4, f"'{reason}' at similarity {cos(m[1], o.title):.3f}"
            elif m := SOMEWHAT_SENTENCE.fullmatch(reason):
                assert m[1] in p.wanted_phrases() and cos(m[1], o.title) >= SOMEWHAT_LIKE - 1e-4
            elif m := LIKED.fullmatch(reason):
                alike = [by_id[i].title for i in liked_ids if i != o.id and by_id[i].title.lower() == m[2]]
                assert alike, f"{m[2]} is not a job the seeker was interested in"
                assert cos(alike[0], o.title) >= (LIKE if m[1] == "like" else SOMEWHAT_LIKE) - 1e-4
            elif m := STAY_UNDER.fullmatch(reason):
                limit, hours = float(m[1].replace(",", "")), float(m[3])
                assert p.keep_under_threshold and o.wage is not None
                assert monthly(o.wage, hours) <= limit + 0.01, "the hours given keep the seeker under the line"
                assert monthly(o.wage, hours + 1) > limit, "and are the most that do, to the hour"
                assert monthly(o.wage, job_high) > limit, "the job's hours could go over it"
            elif m := EVEN_AT.fullmatch(reason):
                assert p.keep_under_threshold and monthly(o.wage, float(m[1])) <= float(m[2].replace(",", ""))
            elif m := CANT_TELL.fullmatch(reason):
                assert p.keep_under_threshold and (o.wage is None or job_low is None)
            else:
                raise AssertionError(f"a reason no check describes: {reason!r}")
        if p.keep_under_threshold and s.monthly_earnings is not None and {"ssi", "ssdi"} & set(p.benefits):
            assert any(STAY_UNDER.fullmatch(r) or EVEN_AT.fullmatch(r) for r in s.reasons)


# The sentences themselves, written out: reasons() over hand-made evidence, in both voices.
ACME = Employer(id=1, name="Acme", location=HOME)
PLAIN = dict(phrase=None, similarity=0.0, title_phrase=None, need=None, need_phrase=None, need_similarity=0.0,
             distance_km=None, liked_title=None, liked_similarity=0.0, judgment=0.0, reciprocal=0.0, unknown=(),
             benefit_limit=None)


def said(profile: dict, opening: dict | None = None, about: str | None = None, **evidence) -> list[str]:
    from matcher.reasons import Evidence, reasons
    from models import CareerProfile

    job = Opening(id=1, employer_id=1, **({"title": "Line cook"} | (opening or {})))
    return reasons(CareerProfile(**profile), job, ACME, Evidence(**(PLAIN | evidence)), about=about)


def test_the_interest_sentence_says_how_the_job_meets_the_seeker_s_words():
    wants = {"interests": ["cooking"]}
    assert said(wants, title_phrase="line cook")[0] == "You asked for line cook work; this job is line cook."
    assert said(wants, about="Ana R.", title_phrase="line cook")[0] == (
        "Ana R. asked for line cook work; this job is line cook.")
    assert said(wants, phrase="cooking", similarity=0.55)[0] == "You said you like cooking; this job is line cook."
    assert said(wants, about="Ana R.", phrase="cooking", similarity=0.7)[0] == (
        "Ana R. said they like cooking; this job is line cook.")
    assert said(wants, phrase="cooking", similarity=0.5499)[0] == (
        "This job is somewhat like cooking, which you said you like.")
    assert said(wants, about="Ana R.", phrase="cooking", similarity=0.41)[0] == (
        "This job is somewhat like cooking, which Ana R. said they like.")
    assert said(wants, phrase="cooking", similarity=0.4099)[0] == (
        "This job is not much like the work you said you want.")
    assert said(wants, about="Ana R.", phrase="cooking", similarity=0.1)[0] == (
        "This job is not much like the work Ana R. said they want.")
    assert said({})[0] == "Your profile doesn't say what work you like yet, so this is not ranked by your interests."
    assert said({}, about="Ana R.")[0] == (
        "Ana R.'s profile doesn't say what work they like yet, so this is not ranked by their interests.")


def test_a_stated_need_is_named_only_when_it_is_alike_and_closer_than_the_job_s_own_text():
    need = dict(need="cooks for the grill.", need_phrase="grilling", phrase="cooking")
    wants = {"interests": ["cooking", "grilling"]}
    assert said(wants, need_similarity=0.6, similarity=0.5, **need)[0] == (
        "You said you like grilling; Acme told us they need cooks for the grill.")
    assert said(wants, about="Ana R.", need_similarity=0.6, similarity=0.5, **need)[0] == (
        "Ana R. said they like grilling; Acme told us they need cooks for the grill.")
    assert said(wants, need_similarity=0.55, similarity=0.5, **need)[0].endswith("they need cooks for the grill.")
    assert said(wants, need_similarity=0.5499, similarity=0.45, **need)[0] == (
        "This job is somewhat like cooking, which you said you like."), "a need under LIKE is not named"
    assert said(wants, need_similarity=0.6, similarity=0.6, **need)[0] == (
        "You said you like cooking; this job is line cook."), "the job's own text as close: the job is named"
    assert said(wants, need_similarity=0.6, similarity=0.5, **(need | {"need_phrase": None}))[0] == (
        "This job is somewhat like cooking, which you said you like.")


def test_a_job_like_one_the_seeker_was_interested_in():
    assert said({}, liked_title="Prep cook", liked_similarity=0.55)[1] == (
        "It is like prep cook, which you were interested in.")
    assert said({}, liked_title="Prep cook", liked_similarity=0.5499)[1] == (
        "It is somewhat like prep cook, which you were interested in.")
    assert said({}, about="Ana R.", liked_title="Prep cook", liked_similarity=0.41)[1] == (
        "It is somewhat like prep cook, which Ana R. was interested in.")
    assert said({}, liked_title="Prep cook", liked_similarity=0.4099) == said({})


def test_distance_is_given_against_the_limit_and_rounded_to_what_reads_well():
    assert said({}, distance_km=0.44)[1:] == ["0.4 km from home."]
    assert said({}, distance_km=9.94)[1:] == ["9.9 km from home."]
    assert said({}, distance_km=10.0)[1:] == ["10 km from home."]
    assert said({}, distance_km=12.6)[1:] == ["13 km from home."]
    assert said({"max_commute_km": 5}, distance_km=5.0)[1:] == ["5.0 km from home, within your 5 km limit."]
    assert said({"max_commute_km": 2.5}, distance_km=2.6)[1:] == ["2.6 km from home, over your 2.5 km limit."]
    assert said({"max_commute_km": 12}, about="Ana R.", distance_km=2.4)[1:] == [
        "2.4 km from Ana R.'s home, within their 12 km limit."]


def test_hours_are_given_against_what_the_seeker_wants():
    assert said({}, {"hours_min": 15, "hours_max": 20})[1:] == ["15-20 hours a week."]
    assert said({}, {"hours_min": 20})[1:] == ["20 hours a week."]
    assert said({}, {"hours_max": 20})[1:] == ["20 hours a week."]
    assert said({}, {"hours_min": 20, "hours_max": 20})[1:] == ["20 hours a week."]
    assert said({"hours_min": 10, "hours_max": 25}, {"hours_min": 12.5, "hours_max": 20})[1:] == [
        "12.5-20 hours a week; you want 10-25."]
    assert said({"hours_min": 10}, {"hours_min": 20})[1:] == ["20 hours a week; you want at least 10."]
    assert said({"hours_max": 25}, {"hours_min": 20}, about="Ana R.")[1:] == [
        "20 hours a week; Ana R. wants at most 25."]


def test_the_wage_is_given_against_the_seeker_s_minimum():
    assert said({}, {"wage": 16.5})[1:] == ["$16.50 an hour."]
    assert said({"min_wage": 15}, {"wage": 16.5})[1:] == ["$16.50 an hour, above your $15.00 minimum."]
    assert said({"min_wage": 17}, {"wage": 16.5})[1:] == ["$16.50 an hour, below your $17.00 minimum."]
    assert said({"min_wage": 16.5}, {"wage": 16.5})[1:] == ["$16.50 an hour, your minimum."]
    assert said({"min_wage": 16.501}, {"wage": 16.499})[1:] == ["$16.50 an hour, your minimum."], "to the cent"
    assert said({"min_wage": 15}, {"wage": 16.5}, about="Ana R.")[1:] == [
        "$16.50 an hour, above their $15.00 minimum."]


def test_shifts_are_called_free_only_when_the_seeker_said_so():
    three = {"shifts": ["evening", "morning", "weekend"]}
    assert said({}, three)[1:] == ["Work is mornings, evenings and weekends."]
    assert said({}, {"shifts": ["night"]})[1:] == ["Work is nights."]
    assert said({"shifts": ["morning", "evening", "weekend"]}, three)[1:] == [
        "Work is mornings, evenings and weekends, when you said you're free."]
    assert said({"shifts": ["day", "weekend"]}, three)[1:] == [
        "Some of the work is weekends, when you said you're free; the rest is mornings and evenings."]
    assert said({"shifts": ["day"]}, three)[1:] == ["Work is mornings, evenings and weekends, not when you said "
                                                    "you're free."]
    assert said({"shifts": ["morning", "day"]}, {"shifts": ["morning"]}, about="Ana R.")[1:] == [
        "Work is mornings, when Ana R. said they're free."]


def test_staying_under_a_benefit_limit():
    limit = {"benefit_limit": (1690.0, "SSDI")}
    assert said({}, {"wage": 20.0, "hours_min": 10, "hours_max": 15}, **limit)[1:][-1] == (
        "Even at 15 hours a week this job keeps you under your $1,690 SSDI limit.")
    assert said({}, {"wage": 20.0, "hours_min": 10, "hours_max": 19.5}, **limit)[-1] == (
        "Even at 19.5 hours a week this job keeps you under your $1,690 SSDI limit."), "exactly at the limit"
    assert said({}, {"wage": 20.0, "hours_min": 10, "hours_max": 30}, **limit)[-1] == (
        "To stay under your $1,690 SSDI limit, work up to 19 hours a week here.")
    assert said({}, {"wage": 20.0, "hours_min": 10, "hours_max": 30}, about="Ana R.", **limit)[-1] == (
        "Ana R. can work up to 19 hours a week here and stay under their $1,690 SSDI limit.")
    assert said({"hours_min": 19.5}, {"wage": 20.0, "hours_min": 10, "hours_max": 30}, **limit)[-1] == (
        "To stay under your $1,690 SSDI limit, work up to 19.5 hours a week here."), "not fewer than agreed"
    assert said({"hours_min": 19}, {"wage": 20.0, "hours_min": 10, "hours_max": 30}, **limit)[-1] == (
        "To stay under your $1,690 SSDI limit, work up to 19 hours a week here."), "whole hours when they fit"
    assert said({"hours_max": 12}, {"wage": 20.0, "hours_min": 10, "hours_max": 30}, **limit)[-1] == (
        "Even at 12 hours a week this job keeps you under your $1,690 SSDI limit."), "the seeker's most hours"
    ssi = {"benefit_limit": (2073.0, "SSI")}
    assert said({}, {"hours_min": 20}, **ssi)[-1] == (
        "Can't tell yet whether this job keeps you under your $2,073 SSI limit: its wage is not known.")
    assert said({}, {"wage": 20.0}, **ssi)[-1] == (
        "Can't tell yet whether this job keeps you under your $2,073 SSI limit: its hours are not known.")
    assert said({}, about="Ana R.", **ssi)[-1] == (
        "Can't tell yet whether this job keeps Ana R. under their $2,073 SSI limit: its wage and hours are not known.")


def test_judgment_needs_and_unknowns_close_the_list():
    assert said({}, judgment=0.00004)[1:] == [], "too small to publish: not mentioned"
    assert said({}, judgment=0.5)[1:] == ["Your employment specialist thinks this could suit you."]
    assert said({}, about="Ana", judgment=0.5)[1:] == ["The employment specialist thinks this could suit Ana."]
    # A name that ends in an initial keeps one full stop at the end of the sentence.
    assert said({}, about="Ana R.", judgment=0.5)[1:] == ["The employment specialist thinks this could suit Ana R."]
    assert said({}, reciprocal=0.5)[1:] == ["What the employer is looking for matches your strengths."]
    assert said({}, about="Ana R.", reciprocal=0.9)[1:] == [
        "What the employer is looking for matches Ana R.'s strengths."]
    assert said({}, reciprocal=0.4999)[1:] == []
    assert said({}, unknown=("Wage", "Shifts"))[1:] == ["Wage not known.", "Shifts not known."]
