"""Clinical or legal history written into free text is refused through the API, and nothing is stored.

IPS zero exclusion (DOMAIN.md): ipsmatch does not store diagnoses, medication, hospital stays, substance use,
legal history or homelessness. Field names were refused before; these cases write them into the text of
fields that exist. Each answer is a 422 whose `detail` names the field and gives the zero-exclusion reason,
and the whole stored state is read back to show that nothing changed. Job words that share a stem with
those terms ("pharmacy technician", "hospital porter") are accepted.
"""

from __future__ import annotations

from typing import Any

import pytest

from models import ZERO_EXCLUSION_MESSAGE
from tests.service.api.conftest import Program
from tests.service.api.test_roles import fill

# The zero-exclusion sentence itself, as the field-name refusal words it.
REASON = ZERO_EXCLUSION_MESSAGE[ZERO_EXCLUSION_MESSAGE.index("IPS practises") : ZERO_EXCLUSION_MESSAGE.index(" Remove")]

# name: (caller, method, path, body, the field the detail must name)
CASES: dict[str, tuple[str, str, str, dict[str, Any], str]] = {
    "diagnosis and medication in work history": (
        "specialist",
        "POST",
        "/seekers",
        {
            "name": "Carl P.",
            "profile": {
                "job_types": ["stocker"],
                "work_history": [{"title": "Stocker", "why_ended": "hospitalized for schizophrenia, now on clozapine"}],
            },
        },
        "profile.work_history.0.why_ended",
    ),
    "diagnosis in a judgment note": (
        "specialist",
        "POST",
        "/seekers/{ana}/judgments",
        {"opening_id": "{kennel}", "weight": 0.3, "note": "Diagnosed with bipolar disorder; mornings suit her"},
        "note",
    ),
    "substance use in a feedback reason": (
        "seeker",
        "POST",
        "/seekers/{ana}/feedback",
        {"opening_id": "{kennel}", "reaction": "not_for_me", "reason": "I relapsed last time I worked near a bar"},
        "reason",
    ),
    "legal history in a contact's needs": (
        "job_developer",
        "POST",
        "/employers/{shelter}/contacts",
        {"specialist_id": "{specialist}", "on": "2026-11-20", "needs": "Nobody on parole, they said"},
        "needs",
    ),
    "hospital stay by PATCH of a profile": (
        "specialist",
        "PATCH",
        "/seekers/{ana}",
        {"profile": {"avoid": ["night shifts", "anything near the psych ward where she was an inpatient"]}},
        "profile.avoid.1",
    ),
    "homelessness by PATCH of work history": (
        "specialist",
        "PATCH",
        "/seekers/{ana}",
        {"profile": {"work_history": [{"title": "Porter", "why_ended": "was homeless for a while"}]}},
        "profile.work_history.0.why_ended",
    ),
    "medication in an opening": (
        "job_developer",
        "POST",
        "/openings",
        {"employer_id": "{shelter}", "title": "Kennel helper", "description": "Not for anyone on methadone"},
        "description",
    ),
    "legal history in an employer's hiring needs": (
        "job_developer",
        "PATCH",
        "/employers/{shelter}",
        {"hiring_needs": ["kennel help", "no felony convictions"]},
        "hiring_needs.1",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_clinical_text_is_refused_with_the_reason_and_changes_nothing(program: Program, case: str) -> None:
    caller, method, path, body, field = CASES[case]
    before = program.snapshot()
    answer = program.call(caller, method, fill(path, program.ids), json=fill(body, program.ids))
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert f"{field}: ipsmatch does not store clinical or legal history" in detail, detail
    assert REASON in detail, detail
    assert "Reword the text without it" in detail, detail
    assert program.snapshot() == before


def test_the_words_that_triggered_the_refusal_are_named(program: Program) -> None:
    body = CASES["diagnosis and medication in work history"][3]
    answer = program.call("specialist", "POST", "/seekers", json=body)
    assert answer.status_code == 422
    assert "'hospitalized', 'schizophrenia' and 'clozapine' in 'why_ended'" in answer.json()["detail"]
    assert [p["loc"] for p in answer.json()["errors"]] == [["body", "profile", "work_history", "0", "why_ended"]]


def test_job_types_that_share_a_stem_with_clinical_words_are_accepted(program: Program) -> None:
    profile = {"job_types": ["pharmacy technician", "hospital porter"], "interests": ["lithium battery assembly"]}
    created = program.call("specialist", "POST", "/seekers", json={"name": "Dee W.", "profile": profile})
    assert created.status_code == 201, created.text
    assert created.json()["profile"]["job_types"] == ["pharmacy technician", "hospital porter"]

    path = f"/seekers/{program.ids['ana']}"
    changed = program.call("specialist", "PATCH", path, json={"profile": {"job_types": ["hospital porter"]}})
    assert changed.status_code == 200, changed.text
    assert program.call("specialist", "GET", path).json()["profile"]["job_types"] == ["hospital porter"]
