"""Domain models: API.md's examples validate; bad input is refused with a sentence a specialist can act on."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from models import EmployerContact, JobSeeker, Judgment, Opening, clinical_key, explain

ANA = {"name": "Ana R.", "specialist_id": 3, "entered_on": "2026-11-02",
       "profile": {"interests": ["caring for animals"], "job_types": ["kennel assistant"],
                   "avoid": ["night shifts", "fast food"], "hours_min": 10, "hours_max": 25,
                   "shifts": ["morning", "day"], "min_wage": 15.0, "home": {"lat": 44.97, "lon": -93.26},
                   "max_commute_km": 12, "benefits": ["ssdi"], "disclosure": "undecided"}}


def messages(model, data) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return explain(caught.value, model)


def test_api_examples_validate():
    assert JobSeeker.model_validate(ANA).profile.max_commute_km == 12
    Opening.model_validate({"employer_id": 7, "title": "Kennel assistant", "description": "Clean kennels, walk dogs",
                            "hours_min": 15, "hours_max": 20, "shifts": ["morning"], "wage": 16.5})
    EmployerContact.model_validate({"specialist_id": 3, "on": "2026-11-20", "face_to_face": True, "seeker_ids": [12],
                                    "stage": "learning_business", "needs": "two dishwashers",
                                    "next_step": "return Tue"})


@pytest.mark.parametrize(
    "field", ["diagnosis", "Diagnoses", "symptoms", "substance_use", "substanceUse", "hospitalisation",
              "hospitalization", "homeless", "housing_status", "disability_level", "criminal_record",
              "criminalRecord", "convictions", "icd10", "medications"],
)
def test_clinical_and_legal_fields_are_refused_with_the_zero_exclusion_reason(field):
    top = messages(JobSeeker, {**ANA, field: "anything"})
    nested = messages(JobSeeker, {**ANA, "profile": {**ANA["profile"], field: "anything"}})
    for found in (top, nested):
        assert any(f"does not accept '{field}'" in m and "zero exclusion" in m for m in found), found


@pytest.mark.parametrize("field", ["name", "interests", "job_types", "needs", "education_goals", "disclosure",
                                   "hours_min", "dream_job", "work_history", "strengths"])
def test_ordinary_fields_are_not_mistaken_for_clinical_ones(field):
    assert not clinical_key(field)


def test_unknown_fields_are_rejected_by_name():
    found = messages(JobSeeker, {**ANA, "favourite_colour": "blue"})
    expected = "favourite_colour: is not a field ipsmatch knows; check the spelling against the API documentation"
    assert found == [expected]


def test_out_of_range_values_name_the_field_and_the_allowed_range():
    found = messages(JobSeeker, {**ANA, "profile": {**ANA["profile"], "min_wage": -3, "max_commute_km": 900}})
    assert (
        "profile.min_wage: Input should be greater than or equal to 0; got -3 (allowed: dollars per hour, 0 to 500)"
        in found
    )
    assert any(m.startswith("profile.max_commute_km") and "more than 0 and up to 500" in m for m in found)


def test_a_commute_limit_of_zero_is_refused_and_no_limit_is_null():
    """0 km would rule out every job, so it is refused with a sentence saying how to state 'no limit'."""
    found = messages(JobSeeker, {**ANA, "profile": {**ANA["profile"], "max_commute_km": 0}})
    assert len(found) == 1 and found[0].startswith("profile.max_commute_km")
    assert "leave it out (null) for no limit" in found[0]
    assert JobSeeker.model_validate({**ANA, "profile": {**ANA["profile"], "max_commute_km": None}})
    found = messages(JobSeeker, {**ANA, "profile": {**ANA["profile"], "hours_min": 30, "hours_max": 10}})
    assert found == ["profile: hours_min (30) is more than hours_max (10); give the smaller number first"]


def test_overlong_text_and_bad_shift_are_refused():
    assert messages(JobSeeker, {"name": "x" * 201})[0].startswith("name: String should have at most 200 characters")
    assert messages(Opening, {"employer_id": 1, "title": "x", "shifts": ["graveyard"]})[0].startswith("shifts.0:")


def test_a_judgment_is_about_one_thing_and_bounded():
    assert messages(Judgment, {"weight": 0.5}) == [
        "request body: opening_id or employer_id is missing: a judgment is about one opening or one employer; "
        "give one of them"
    ]
    both = messages(Judgment, {"opening_id": 1, "employer_id": 2, "weight": 0.5})
    assert both == ["request body: a judgment is about exactly one thing: give opening_id or employer_id, not both"]
    assert messages(Judgment, {"opening_id": 1, "weight": 1.5})[0].startswith("weight:")
