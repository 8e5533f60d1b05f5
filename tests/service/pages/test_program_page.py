"""The program figures page: the API's fidelity figures over a chosen period, per specialist as the access
table allows, with SVG charts, and never a seeker's name."""

from __future__ import annotations

import datetime as dt
import re

from models import EmployerContact, Feedback, Reaction
from service import fidelity
from service.ranking import RankingService
from service.stores import contacts, reactions
from tests.service.pages.conftest import Pages

PERIOD = "from=2026-10-01&to=2026-11-30"


def test_a_program_lead_sees_every_specialist_and_no_seeker(pages: Pages) -> None:
    page = pages.browser("program_lead").get(f"/program?{PERIOD}")
    assert page.status_code == 200, page.text
    assert "The program, 2026-10-01 to 2026-11-30" in page.text
    assert "Sam Specialist" in page.text and "Bea Specialist" in page.text
    assert "Ana R." not in page.text and "Ben T." not in page.text and "/seekers/" not in page.text
    assert len(re.findall(r'<svg class="chart" role="img" aria-labelledby="chart-\d+"', page.text)) >= 4
    api = pages.program.call("admin", "GET", f"/metrics/fidelity?{PERIOD}").json()
    for figure in api["figures"]:
        assert figure["item"] in page.text
        if figure["out_of"] is not None:
            assert f'{figure["count"]} of {figure["out_of"]}' in page.text


def test_staff_see_the_rows_the_api_would_show_them(pages: Pages) -> None:
    mine = pages.browser("specialist").get(f"/program?{PERIOD}").text
    assert "Sam Specialist" in mine and "Bea Specialist" not in mine
    developer = pages.browser("job_developer").get(f"/program?{PERIOD}").text
    assert "Sam Specialist" not in developer and "the program's figures only" in developer
    assert pages.browser("seeker").get("/program").status_code == 403


def test_the_period_is_checked(pages: Pages) -> None:
    browser = pages.browser("program_lead")
    for query, words in (("from=2026-11-30&to=2026-10-01", "is after to"),
                         ("from=2026-13-01", "is not a date"),
                         ("from=2010-01-01&to=2026-01-01", "longer than five years")):
        answer = browser.get(f"/program?{query}")
        assert answer.status_code == 422 and words in answer.text and 'aria-invalid="true"' in answer.text, query
    default = browser.get("/program")
    today = dt.date.today()
    assert f"The program, {today - dt.timedelta(days=90)} to {today}" in default.text


def test_reusing_rankings_across_reports_gives_the_figures_a_fresh_ranking_gives(ranked_pages: Pages,
                                                                                 embedder) -> None:
    ids, database = ranked_pages.ids, ranked_pages.database
    ranking = RankingService(database, embedder=embedder)
    start, end = dt.date(2026, 10, 1), dt.date(2026, 11, 30)
    with database.session() as s:
        contacts.create(s, ids["diner"], EmployerContact(
            specialist_id=ids["specialist"], on=dt.date(2026, 11, 18), face_to_face=True, seeker_ids=[ids["ana"]]))

    def figures(service: RankingService) -> dict[str, tuple]:
        with database.session() as s:
            report = fidelity.report(s, service, service.settings, start, end)
        return {f.key: (f.value, f.count, f.out_of) for f in report.figures}

    before = figures(ranking)
    assert before["individualized_search"] == (1.0, 1, 1), "the diner has a job among Ana's suggestions"
    assert figures(ranking) == before == figures(RankingService(database, embedder=embedder))
    with database.session() as s:
        reactions.add_feedback(s, ids["ana"], Feedback(opening_id=ids["cook"], reaction=Reaction.not_for_me))
    after = figures(ranking)
    assert after["individualized_search"] == (0.0, 0, 1), "the diner's only job Ana could take is gone"
    assert after == figures(RankingService(database, embedder=embedder))
