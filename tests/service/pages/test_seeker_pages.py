"""The job seeker's pages: "Jobs for you" in plain words with reactions that change the list at once, and
"My preferences" checked by the API's models; the same access answers and audit rows as the API."""

from __future__ import annotations

import re

import pytest

from models import NotFound, Reaction
from service.access import Action
from service.pages import web
from service.stores import audit, reactions, seekers, users
from tests.service.pages.conftest import Pages, form_token


def card_ids(page) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="card" id="job-(\d+)"', page.text)]


def test_jobs_for_you_shows_each_job_in_plain_words(ranked_pages: Pages) -> None:
    ids = ranked_pages.ids
    browser = ranked_pages.browser("seeker")
    page = browser.get("/jobs")
    assert page.status_code == 200, page.text
    shown = card_ids(page)
    assert shown[0] == ids["kennel"] and ids["walker"] in shown
    assert ids["dishwasher"] not in shown, "night shifts are on Ana's avoid list"
    kennel = page.text.split(f'id="job-{ids["kennel"]}"')[1].split('<li class="card"')[0]
    for words in ("Kennel assistant", "At Northside Animal Shelter", "km from your home", "Clean kennels, walk dogs",
                  "15 to 20 hours a week", "Mornings", "$16.50 an hour", "a month", "Why we picked it",
                  "I'm interested", "Not for me", "SSDI"):
        assert words in kennel, words
    # The seeker's view: no score and nothing about the specialist's judgment as a number.
    assert "score" not in page.text.lower() and "0." not in re.sub(r"\d+\.\d+ km|\$[\d,.]+", "", kennel)


def test_reading_the_list_is_recorded_as_the_api_records_it(ranked_pages: Pages) -> None:
    ids = ranked_pages.ids
    ranked_pages.browser("seeker").get("/jobs")
    api = ranked_pages.program.call("seeker", "GET", f"/seekers/{ids['ana']}/suggestions?limit=10")
    with ranked_pages.database.session() as s:
        rows = audit.for_seeker(s, ids["ana"])
    page_row, api_row = rows[-2], rows[-1]
    assert page_row["user_id"] == api_row["user_id"] == ids["seeker_user"]
    assert page_row["action"] == api_row["action"] == "read"
    assert page_row["detail"] == api_row["detail"] == f"suggestions ({len(api.json()['suggestions'])})"


def test_not_for_me_takes_the_job_off_the_list_at_once(ranked_pages: Pages) -> None:
    ids = ranked_pages.ids
    browser = ranked_pages.browser("seeker")
    page = browser.get("/jobs")
    assert ids["walker"] in card_ids(page)
    answer = browser.post(f"/jobs/{ids['walker']}/not-for-me",
                          data={"csrf_token": form_token(page), "reason": "I would rather stay inside"})
    assert answer.status_code == 303
    after = browser.get(answer.headers["location"])
    assert ids["walker"] not in card_ids(after) and ids["kennel"] in card_ids(after)
    assert "You said “Not for me” to Dog walker" in after.text
    with ranked_pages.database.session() as s:
        said = [f for f in reactions.feedback_for(s, ids["ana"]) if f.opening_id == ids["walker"]]
        assert [(f.reaction, f.reason) for f in said] == [(Reaction.not_for_me, "I would rather stay inside")]
        assert audit.for_seeker(s, ids["ana"])[-2]["detail"] == f"feedback not_for_me on opening {ids['walker']}"
    # The API agrees: the opening is gone from the seeker's suggestions there too.
    api = ranked_pages.program.call("seeker", "GET", f"/seekers/{ids['ana']}/suggestions?limit=50").json()
    assert ids["walker"] not in [x["opening_id"] for x in api["suggestions"]]


def test_interested_is_kept_once_and_shown_on_the_card(ranked_pages: Pages) -> None:
    ids = ranked_pages.ids
    browser = ranked_pages.browser("seeker")
    token = form_token(browser.get("/jobs"))
    for _ in range(2):  # a double tap counts once
        assert browser.post(f"/jobs/{ids['kennel']}/interested", data={"csrf_token": token}).status_code == 303
    page = browser.get("/jobs")
    kennel = page.text.split(f'id="job-{ids["kennel"]}"')[1].split('<li class="card"')[0]
    assert "You said you are interested." in kennel and f'action="/jobs/{ids["kennel"]}/interested"' not in kennel
    with ranked_pages.database.session() as s:
        assert [f.reaction for f in reactions.feedback_for(s, ids["ana"])] == [Reaction.interested]


def test_reactions_need_the_pages_token_and_a_real_job(ranked_pages: Pages) -> None:
    ids = ranked_pages.ids
    browser = ranked_pages.browser("seeker")
    token = form_token(browser.get("/jobs"))
    forged = browser.post(f"/jobs/{ids['kennel']}/not-for-me", data={"csrf_token": "forged"})
    unknown = browser.post("/jobs/999999/not-for-me", data={"csrf_token": token})
    health = browser.post(f"/jobs/{ids['kennel']}/not-for-me",
                          data={"csrf_token": token, "reason": "mornings are hard with my bipolar disorder"})
    assert forged.status_code == 403 and unknown.status_code == 422 and health.status_code == 422
    assert "leave out health or legal details" in health.text and "<html" in unknown.text
    with ranked_pages.database.session() as s:
        assert reactions.feedback_for(s, ids["ana"]) == []


def test_staff_may_not_use_the_seekers_pages_and_seekers_reach_only_their_own(pages: Pages) -> None:
    for who in ("specialist", "job_developer", "admin", "program_lead"):
        browser = pages.browser(who)
        for path in ("/jobs", "/preferences"):
            answer = browser.get(path)
            assert answer.status_code == 403 and "a job seeker" in answer.text, (who, path)
    seeker = pages.browser("seeker")
    assert seeker.get("/program").status_code == 403
    assert seeker.get("/account").status_code == 200
    other = seeker.get(f"/seekers/{pages.ids['ben']}")
    assert other.status_code == 404 and f"No seeker with id {pages.ids['ben']}." in other.text, "as the API"
    assert "Ben T." not in other.text


@pytest.mark.parametrize("who", ["seeker", "specialist", "other_specialist", "job_developer", "admin", "program_lead"])
def test_pages_answer_for_a_seeker_record_exactly_as_the_api(pages: Pages, who: str) -> None:
    """web.page_seeker, which every page showing a seeker uses, gives the API's answer for every caller."""
    ids = pages.ids
    with pages.database.session() as s:
        user = users.get(s, pages.user_id(who))
        for seeker_key in ("ana", "ben"):
            for resource, action, path in (("seeker", Action.read, ""), ("suggestions", Action.read, "/suggestions"),
                                           ("feedback", Action.read, "/feedback")):
                api = pages.program.call(who, "GET", f"/seekers/{ids[seeker_key]}{path}").status_code
                try:
                    web.page_seeker(s, user, ids[seeker_key], resource, action)
                    page = 200
                except NotFound:
                    page = 404
                except Exception as error:  # Forbidden
                    page = 403 if type(error).__name__ == "Forbidden" else 500
                assert page == api, (who, seeker_key, resource)


def test_my_preferences_saves_what_the_seeker_writes(pages: Pages) -> None:
    ids = pages.ids
    browser = pages.browser("seeker")
    page = browser.get("/preferences")
    assert page.status_code == 200
    assert ">kennel assistant</textarea>" in page.text and 'value="25"' in page.text
    assert re.search(r'<label for="hours_min">', page.text)
    form = {"csrf_token": form_token(page), "job_types": "kennel assistant\ndog groomer, pet sitter",
            "interests": "caring for animals", "avoid": "night shifts\nfast food", "hours_min": "12",
            "hours_max": "24", "min_wage": "$15.50", "max_commute_km": "", "shifts": ["morning", "weekend"]}
    saved = browser.post("/preferences", data=form)
    assert saved.status_code == 303 and saved.headers["location"] == "/preferences?saved=true"
    assert "Saved." in browser.get(saved.headers["location"]).text
    with pages.database.session() as s:
        profile = seekers.get(s, ids["ana"]).profile
        rows = audit.for_seeker(s, ids["ana"])
    assert profile.job_types == ["kennel assistant", "dog groomer", "pet sitter"]
    assert (profile.hours_min, profile.hours_max, profile.min_wage, profile.max_commute_km) == (12, 24, 15.5, None)
    assert [s.value for s in profile.shifts] == ["morning", "weekend"]
    assert profile.benefits == ["ssdi"] and profile.disclosure == "yes", "fields not on the form stay as they were"
    # As the API: a read of the record when the form is shown, an update when it is saved (then the next read).
    assert [(r["action"], r["detail"]) for r in rows[-3:]] == [
        ("read", "seeker"), ("update", "changed profile"), ("read", "seeker"),
    ]


@pytest.mark.parametrize(("field", "typed", "words"), [
    ("hours_min", "lots", "number of hours from 0 to 80"),
    ("hours_max", "90", "number of hours from 0 to 80"),
    ("hours_min", "30", "Put the smaller number first"),
    ("min_wage", "900", "from 0 to 500"),
    ("max_commute_km", "0", "more than 0"),
    ("avoid", "anything since I was diagnosed with schizophrenia", "leave out health or legal details"),
    ("job_types", "x" * 201, "up to 200 letters"),
    ("shifts", "sometimes", "Pick from the times shown"),
])
def test_my_preferences_refuses_bad_answers_and_saves_nothing(pages: Pages, field: str, typed: str,
                                                              words: str) -> None:
    ids = pages.ids
    browser = pages.browser("seeker")
    page = browser.get("/preferences")
    with pages.database.session() as s:
        before, audit_rows = seekers.get(s, ids["ana"]), len(audit.for_seeker(s, ids["ana"]))
    form = {"csrf_token": form_token(page), "job_types": "baker", "hours_min": "10", "hours_max": "20",
            "min_wage": "", "max_commute_km": "5", "interests": "", "avoid": "", "shifts": ["day"], field: typed}
    answer = browser.post("/preferences", data=form)
    assert answer.status_code == 422, answer.text
    assert words in answer.text and "Nothing was saved yet." in answer.text
    assert 'aria-invalid="true"' in answer.text or field == "shifts"
    assert typed[:50] in answer.text or field == "shifts", "what the person typed is kept on the form"
    with pages.database.session() as s:
        assert seekers.get(s, ids["ana"]) == before
        assert len(audit.for_seeker(s, ids["ana"])) == audit_rows
