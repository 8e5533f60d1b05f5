"""Free text that names clinical or legal history is refused (IPS zero exclusion); job words are not.

The patterns live in models/screening.py; these tests hold them to two promises: every family is caught in the
sentences specialists really write, and no real job title or job text raises a false alarm.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from models import (
    ZERO_EXCLUSION_REASON,
    CareerProfile,
    Employer,
    EmployerContact,
    Feedback,
    JobSeeker,
    Judgment,
    Opening,
    clinical_terms,
)
from models.screening import _CLINICAL_TEXT, PATTERNS, may_mention

ONET_TITLES = Path(__file__).parent / "data" / "onet_titles.txt"

# (sentence, a word the match must contain), one or more per family, as a specialist might write them.
CAUGHT = [
    # diagnoses
    ("Hospitalized for Schizophrenia, now on clozapine", "schizophrenia"),
    ("two schizophrenics on the crew", "schizophrenics"),
    ("diagnosed with bipolar disorder in 2019", "bipolar"),
    ("She is bipolar and works best in the mornings", "bipolar"),
    ("history of Bipolar I", "bipolar"),
    ("schizoaffective, stable now", "schizoaffective"),
    ("had a psychotic episode at work", "psychotic"),
    ("two PSYCHOSES in 2021", "psychoses"),
    ("Has PTSD from the army", "ptsd"),
    ("post-traumatic stress after the accident", "post-traumatic"),
    ("borderline personality disorder", "personality"),
    ("Major Depressive Disorder, recurrent", "major depressive"),
    ("struggles with panic attacks in crowds", "panic attacks"),
    ("He hears voices when tired", "hears voices"),
    ("left after a nervous breakdown", "breakdown"),
    ("suicide attempt last spring", "suicide attempt"),
    # medications, generic and brand, and lithium only as a medication
    ("takes Zyprexa at night", "zyprexa"),
    ("switched from risperdal to Abilify", "abilify"),
    ("on quetiapine (Seroquel) 200mg", "quetiapine"),
    ("on lithium since 2018", "on lithium"),
    ("Lithium 300 mg twice a day", "lithium 300 mg"),
    ("gets methadone every morning so needs a late start", "methadone"),
    ("on Suboxone", "suboxone"),
    ("buprenorphine clinic on Tuesdays", "buprenorphine"),
    ("antipsychotics make him drowsy", "antipsychotics"),
    ("stopped taking her meds in June", "stopped taking her meds"),
    ("haloperidol injection monthly", "haloperidol"),
    # hospital stays and treatment
    ("Job ended when he was hospitalised", "hospitalised"),
    ("two hospitalizations last year", "hospitalizations"),
    ("was an inpatient for three weeks", "inpatient"),
    ("spent a month in the psych ward", "psych ward"),
    ("after a psychiatric hospital stay", "psychiatric hospital stay"),
    ("Spent two weeks in detox", "in detox"),
    ("quit when he went into rehab", "into rehab"),
    ("was in rehab for 6 weeks", "in rehab"),
    # substance use
    ("relapsed in March and lost the job", "relapsed"),
    ("had two relapses this year", "relapses"),
    ("overdosed in 2022", "overdosed"),
    ("survived an overdose last winter", "overdose"),
    ("was addicted to painkillers", "addicted to"),
    ("recovering alcoholic, 3 years sober", "alcoholic"),
    ("is an Alcoholic", "alcoholic"),
    ("used heroin for years", "heroin"),
    ("history of meth use", "meth use"),
    ("failed a drug test at the warehouse", "drug test"),
    ("goes to AA meetings on Fridays", "aa meetings"),
    # legal history
    ("has a felony for theft", "felony"),
    ("two felonies, both old", "felonies"),
    ("Convicted of assault in 2015", "convicted"),
    ("a prior conviction for shoplifting", "conviction"),
    ("incarcerated until 2023", "incarcerated"),
    ("Spent two years in prison", "in prison"),
    ("was in jail last year", "in jail"),
    ("On Parole until June", "on parole"),
    ("has a criminal record", "criminal record"),
    ("registered sex offender", "sex offender"),
    # homelessness
    ("is homeless right now, staying with friends", "is homeless"),
    ("was homeless for two years", "was homeless"),
    ("he's been homeless since May", "been homeless"),
    ("experiencing homelessness", "experiencing homelessness"),
    ("living in his car", "living in his car"),
]

# Real job titles and job texts that share words with the patterns; each must pass (see the module docstring
# of models/screening.py for why each one does).
NOT_CAUGHT = [
    "pharmacy technician",
    "Hospital Porter",
    "psychiatric aide",
    "psychiatric technician",
    "substance abuse counselor",
    "addiction counselor",
    "probation officer",
    "correctional officer",
    "homeless shelter aide",
    "lithium battery assembler",
    "Lithium-ion cell line operator",
    "rehabilitation counselor",
    "vocational rehabilitation",
    "mental health technician",
    "90-day probation period",
    "drug store clerk",
    "hospital cafeteria cook",
    "detox juice bar",
    "Serve alcoholic beverages to guests",
    "bipolar transistor testing",
    "inpatient pharmacy technician",
    "rehab unit aide",
    "cook in the county jail kitchen",
    "odd jobs around the building",
    "a person of strong convictions",
    "charged with opening the store",
    "Hospitality and front desk",
    "heroine of the story",
    "relapse prevention groups",
    "clean driving record for 5 years",
    "weekend shifts at the homeless shelter",
]


def _all_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _all_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _all_strings(v)]
    return []


@pytest.mark.parametrize(("text", "word"), CAUGHT)
def test_clinical_and_legal_history_is_found(text: str, word: str) -> None:
    found = clinical_terms(text)
    assert any(word in term.lower() for term in found), found


@pytest.mark.parametrize("text", NOT_CAUGHT)
def test_job_titles_and_job_texts_raise_no_alarm(text: str) -> None:
    assert clinical_terms(text) == []


@pytest.mark.parametrize("entry", PATTERNS, ids=[p.example for p in PATTERNS])
def test_every_pattern_catches_its_documented_example(entry: Any) -> None:
    assert clinical_terms(entry.example)
    assert clinical_terms(f"Notes: {entry.example.upper()}.")


def test_the_list_covers_every_family() -> None:
    families = {p.family for p in PATTERNS}
    assert {"diagnosis", "medication", "hospital stay", "substance use", "legal history", "homelessness"} <= families


@pytest.mark.parametrize("entry", PATTERNS, ids=[p.example for p in PATTERNS])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_cheap_first_check_never_misses_what_the_full_patterns_catch(entry: Any, data: st.DataObject) -> None:
    # Invariant: may_mention is a superset of the full patterns, so skipping the full search is always safe.
    full = re.compile(rf"\b(?:{entry.pattern})(?!\w)", re.IGNORECASE)
    text = data.draw(st.from_regex(full, fullmatch=True))
    assert _CLINICAL_TEXT.search(text)
    assert may_mention(text), text


def test_every_text_of_the_demo_program_passes() -> None:
    program = json.loads(resources.files("service.demo").joinpath("program.json").read_text(encoding="utf-8"))
    texts = _all_strings(program)
    assert len(texts) > 1000
    alarms = {t: clinical_terms(t) for t in texts if clinical_terms(t)}
    assert alarms == {}


def test_onet_occupation_titles_raise_no_alarm() -> None:
    lines = ONET_TITLES.read_text(encoding="utf-8").splitlines()
    titles = [line for line in lines if line and not line.startswith("#")]
    assert len(titles) == 923  # the corpus is all there
    alarms = {t: clinical_terms(t) for t in titles if clinical_terms(t)}
    assert alarms == {}


# -- the domain models refuse such text, naming the field, the words and the reason


def _refusal(error: ValidationError) -> tuple[tuple[Any, ...], str]:
    (item,) = error.errors(include_url=False)
    return tuple(item["loc"]), item["msg"]


def test_a_work_history_entry_naming_a_diagnosis_and_medication_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        JobSeeker.model_validate(
            {
                "name": "Ana R.",
                "profile": {
                    "work_history": [
                        {"title": "Dishwasher", "why_ended": "hospitalized for schizophrenia, now on clozapine"}
                    ]
                },
            }
        )
    loc, message = _refusal(caught.value)
    assert loc == ("profile", "work_history", 0, "why_ended")
    assert "ipsmatch does not store clinical or legal history" in message
    assert "'why_ended'" in message
    assert "'hospitalized', 'schizophrenia' and 'clozapine'" in message
    assert ZERO_EXCLUSION_REASON in message
    assert "Reword the text without it" in message


@pytest.mark.parametrize(
    ("model", "data", "loc"),
    [
        (Judgment, {"opening_id": 1, "weight": 0.2, "note": "diagnosed with bipolar disorder"}, ("note",)),
        (
            Feedback,
            {"opening_id": 1, "reaction": "not_for_me", "reason": "too close to my old psych ward"},
            ("reason",),
        ),
        (
            EmployerContact,
            {"specialist_id": 1, "on": "2026-11-20", "needs": "someone who is not on parole"},
            ("needs",),
        ),
        (
            EmployerContact,
            {"specialist_id": 1, "on": "2026-11-20", "next_step": "ask about his felony"},
            ("next_step",),
        ),
        (EmployerContact, {"specialist_id": 1, "on": "2026-11-20", "person_met": "Jo (was homeless)"}, ("person_met",)),
        (
            Employer,
            {"name": "Diner", "hiring_needs": ["dishwashers", "no one with a criminal record"]},
            ("hiring_needs", 1),
        ),
        (Opening, {"employer_id": 1, "title": "Cook", "description": "No felony convictions"}, ("description",)),
        (Opening, {"employer_id": 1, "title": "Cook (no methadone patients)"}, ("title",)),
        (CareerProfile, {"avoid": ["night shifts", "anything that triggers his PTSD"]}, ("avoid", 1)),
        (CareerProfile, {"strengths": ["staying sober"]}, ("strengths", 0)),
    ],
)
def test_every_free_text_field_is_screened(model: Any, data: dict[str, Any], loc: tuple[Any, ...]) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    where, message = _refusal(caught.value)
    assert where == loc
    assert f"'{loc[0]}'" in message and ZERO_EXCLUSION_REASON in message


def test_job_words_that_share_a_stem_are_accepted_in_a_profile() -> None:
    profile = CareerProfile(
        job_types=["pharmacy technician", "hospital porter", "lithium battery assembler"],
        interests=["helping at the homeless shelter"],
        work_history=[{"title": "Psychiatric aide", "why_ended": "the 90-day probation period ended"}],
    )
    assert profile.job_types[0] == "pharmacy technician"


# -- property: a term anywhere in any free-text field of a career profile is refused

# Neutral filler: none of these words turns a term into a job or a place ("battery", "unit", "kitchen" would).
FILLER = st.lists(
    st.sampled_from(
        [
            "likes",
            "dogs",
            "the",
            "morning",
            "shift",
            "bus",
            "kennel",
            "cook",
            "friendly",
            "weekend",
            "quiet",
            "stocking",
            "shelves",
            "and",
            "helped",
            "with",
            "customers",
            "garden",
            "walks",
            "cars",
            "washing",
            "dishes",
            "lunch",
            "tidy",
            "early",
            "hours",
            "pay",
            "near",
            "home",
            ",",
            ".",
            "-",
            "2024",
        ]
    ),
    max_size=6,
).map(" ".join)
PROFILE_TEXT_FIELDS = [
    ("dream_job",),
    ("job_wanted_now",),
    ("interests", 0),
    ("strengths", 0),
    ("job_types", 0),
    ("avoid", 0),
    ("education_goals", 0),
    ("work_history", 0, "title"),
    ("work_history", 0, "duties"),
    ("work_history", 0, "why_ended"),
    ("work_history", 0, "what_helped"),
]


def _profile_with(loc: tuple[Any, ...], text: str) -> dict[str, Any]:
    if loc[0] == "work_history":
        return {"work_history": [{"title": "Cook", loc[2]: text}]}
    return {loc[0]: [text] if len(loc) == 2 else text}


@settings(max_examples=300, deadline=None)
@given(
    term=st.sampled_from([p.example for p in PATTERNS]),
    case=st.sampled_from([str, str.upper, str.title, str.lower]),
    before=FILLER,
    after=FILLER,
    loc=st.sampled_from(PROFILE_TEXT_FIELDS),
)
def test_any_listed_term_anywhere_in_any_profile_text_is_refused(
    term: str, case: Any, before: str, after: str, loc: tuple[Any, ...]
) -> None:
    text = f"{before} {case(term)} {after}".strip()
    with pytest.raises(ValidationError) as caught:
        CareerProfile.model_validate(_profile_with(loc, text))
    where, message = _refusal(caught.value)
    assert where == loc
    field = loc[-1] if isinstance(loc[-1], str) else loc[0]
    assert f"'{field}'" in message and ZERO_EXCLUSION_REASON in message
