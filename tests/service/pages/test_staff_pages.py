"""The specialist's and job developer's pages against the API, on SQLite and PostgreSQL: a page opens only when
every API read it shows would be answered, and otherwise refuses the way the API does (403 for a role that never
may, 404 in the same words for a record out of reach); refused forms write nothing; accepted ones write
exactly what the API would."""

from __future__ import annotations

import re

import pytest

from service.stores import contacts, employers, reactions
from tests.service.pages.conftest import PEOPLE, Pages, form_token

# Each staff page, and the API reads whose answers it shows ("{ana}" and the like are the program's ids).
SHOWS = {
    "/caseload": ["/me/caseload", "/me/follow-ups"],
    "/visit-plan": ["/me/visit-plan"],
    "/seekers/{ana}": ["/seekers/{ana}", "/seekers/{ana}/suggestions", "/seekers/{ana}/judgments"],
    "/seekers/{ben}": ["/seekers/{ben}", "/seekers/{ben}/suggestions", "/seekers/{ben}/judgments"],
    "/employers": ["/employers"],
    "/employers?q=nortside": ["/employers?q=nortside"],
    "/employers/{shelter}": ["/employers/{shelter}", "/employers/{shelter}/needs", "/employers/{shelter}/contacts",
                             "/employers/{shelter}/candidates"],
}


def api_status(pages: Pages, who: str, path: str) -> int:
    auth = {"Authorization": f"Bearer {pages.program.tokens[who]}"}
    return pages.program.client.get(f"/api/v1{path}", headers=auth).status_code


@pytest.mark.parametrize("who", PEOPLE)
def test_a_staff_page_shows_only_what_the_api_would_answer(ranked_pages: Pages, who: str) -> None:
    pages = ranked_pages
    browser = pages.browser(who)
    for page_path, reads in SHOWS.items():
        page = browser.get(page_path.format(**pages.ids))
        answers = [api_status(pages, who, read.format(**pages.ids)) for read in reads]
        refused = next((status for status in answers if status != 200), None)
        if who == "seeker" and page_path == "/seekers/{ana}":
            assert page.status_code == 303 and page.headers["location"] == "/", "a seeker's own record: their pages"
        elif refused is None:
            assert page.status_code == 200, (page_path, page.text[:300])
        else:
            assert page.status_code == refused, (page_path, answers, page.status_code)
            assert "<html" in page.text
    # The forms: the roles that may log contacts and add employers get them, the others the API's 403.
    for path, read in (("/contacts/new", "contact"), ("/employers/new", "employer")):
        may = who in ({"specialist", "other_specialist", "job_developer", "admin"})
        assert browser.get(path).status_code == (200 if may else 403), (path, read)


def test_a_refused_contact_form_writes_nothing_and_a_good_one_writes_what_the_api_would(ranked_pages: Pages) -> None:
    pages = ranked_pages
    browser = pages.browser("specialist")
    form = browser.get("/contacts/new")
    assert form.status_code == 200 and f'name="seeker_ids" value="{pages.ids["ana"]}"' in form.text
    assert f'name="seeker_ids" value="{pages.ids["ben"]}"' not in form.text, "only seekers they may name are offered"
    with pages.database.session() as s:
        before = len(contacts.all(s))
    token = form_token(form)
    bad = {"csrf_token": token, "employer_id": str(pages.ids["shelter"]), "on": "2026-11-25",
           "seeker_ids": [str(pages.ids["ben"])], "needs": "Kennel help", "next_step_due": "2026-11-20",
           "next_step": "Call back"}
    answer = browser.post("/contacts/new", data=bad)
    assert answer.status_code == 422 and "The contact was not logged" in answer.text
    assert "no seeker with id" in answer.text, "another specialist's seeker is refused as unknown, as by the API"
    answer = browser.post("/contacts/new", data={**bad, "seeker_ids": [str(pages.ids["ana"])], "on": "not a day"})
    assert answer.status_code == 422 and 'id="on-error"' in answer.text
    with pages.database.session() as s:
        assert len(contacts.all(s)) == before, "a refused form writes nothing"

    good = {**bad, "seeker_ids": [str(pages.ids["ana"])], "face_to_face": "true", "next_step_due": "2026-11-30"}
    answer = browser.post("/contacts/new", data=good)
    assert answer.status_code == 303 and re.fullmatch(r"/caseload\?logged=\d+", answer.headers["location"])
    with pages.database.session() as s:
        made = contacts.all(s)[-1]
    assert len(made.seeker_ids) == 1 and made.seeker_ids == [pages.ids["ana"]]
    assert (made.specialist_id, made.face_to_face, made.needs, str(made.next_step_due)) == (
        pages.ids["specialist"], True, "Kennel help", "2026-11-30")
    caseload = browser.get("/caseload")
    assert f'id="seeker-{pages.ids["ana"]}" data-flagged="no"' in caseload.text


def test_a_judgment_is_saved_only_for_the_specialists_own_seeker_and_within_bounds(ranked_pages: Pages) -> None:
    pages = ranked_pages
    browser = pages.browser("specialist")
    page = browser.get(f"/seekers/{pages.ids['ana']}")
    assert page.status_code == 200 and "only breaks near-ties" in page.text
    token = form_token(page)
    out_of_bounds = {"csrf_token": token, "opening_id": str(pages.ids["kennel"]), "weight": "3", "note": ""}
    answer = browser.post(f"/seekers/{pages.ids['ana']}/judgments", data=out_of_bounds)
    assert answer.status_code == 422 and 'id="weight-error"' in answer.text
    elsewhere = browser.post(f"/seekers/{pages.ids['ben']}/judgments", data={**out_of_bounds, "weight": "1"})
    assert elsewhere.status_code == 404
    with pages.database.session() as s:
        assert reactions.judgments_for(s, pages.ids["ana"]) == reactions.judgments_for(s, pages.ids["ben"]) == []
    saved = browser.post(f"/seekers/{pages.ids['ana']}/judgments", data={**out_of_bounds, "weight": "0.5"})
    assert saved.status_code == 303
    with pages.database.session() as s:
        [judgment] = reactions.judgments_for(s, pages.ids["ana"])
    assert (judgment.opening_id, judgment.weight, judgment.author_id) == (
        pages.ids["kennel"], 0.5, pages.ids["specialist"])


def test_a_likely_duplicate_employer_needs_confirming_as_in_the_api(ranked_pages: Pages) -> None:
    pages = ranked_pages
    browser = pages.browser("job_developer")
    token = form_token(browser.get("/employers/new"))
    with pages.database.session() as s:
        shelter = employers.get(s, pages.ids["shelter"])
        before = len(employers.all(s))
    sent = {"csrf_token": token, "name": shelter.name.replace("Northside", "Nortside")}
    warned = browser.post("/employers/new", data=sent)
    assert warned.status_code == 409 and f'href="/employers/{shelter.id}"' in warned.text
    with pages.database.session() as s:
        assert len(employers.all(s)) == before
    added = browser.post("/employers/new", data={**sent, "confirm": "true"})
    assert added.status_code == 303 and added.headers["location"].endswith("?added=1")
    with pages.database.session() as s:
        assert len(employers.all(s)) == before + 1
