"""Across the pages: who may open what (as the API decides), axe-core on every main page, and every page
readable on a 375 px wide phone with nothing scrolling sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from models import Role
from service.stores import employers, seekers
from tests.browser.checks import PHONE, assert_accessible, no_sideways_scroll, screenshot
from tests.browser.conftest import SPECIALIST, Server, SignIn


def ids(server: Server) -> dict[str, int]:
    """Records the pages below open: the seeker with a login, another specialist's seeker, an employer."""
    database = server.database()
    with database.session() as session:
        everyone = seekers.list(session, limit=1000)
        mine = server.login(Role.seeker)
        own = next(s for s in everyone if s.name == mine.name)
        specialist = own.specialist_id
        other = next(s for s in everyone if s.specialist_id != specialist)
        employer = employers.list(session, q="Shine On Auto Detailing", limit=1)[0]
    database.dispose()
    return {"own": own.id, "other": other.id, "employer": employer.id}  # type: ignore[dict-item]


def test_a_seeker_cannot_open_another_seekers_page(sign_in: SignIn, server: Server) -> None:
    known = ids(server)
    page = sign_in(Role.seeker)
    answer = page.goto(f"/seekers/{known['other']}")
    assert answer is not None and answer.status == 404
    expect(page.locator("main")).to_contain_text(f"No seeker with id {known['other']}")
    expect(page.locator("main")).not_to_contain_text(next(
        login.name for login in server.logins.values() if login.role == Role.specialist))
    assert_accessible(page)
    for path in ("/caseload", "/visit-plan", f"/employers/{known['employer']}", "/employers/new"):
        answer = page.goto(path)
        assert answer is not None and answer.status == 403, path


def test_staff_reach_only_what_the_api_lets_them(sign_in: SignIn, server: Server) -> None:
    known = ids(server)
    developer = sign_in(Role.job_developer)
    answer = developer.goto(f"/seekers/{known['own']}")
    assert answer is not None and answer.status == 403, "job developers never read seeker records"
    expect(developer.locator("main")).to_contain_text("As a job developer you may not")
    specialist = sign_in(Role.specialist, SPECIALIST)
    answer = specialist.goto(f"/seekers/{known['other']}")
    assert answer is not None and answer.status == 404, "another specialist's seeker is unknown to them"


# (role, name) -> the main pages of that role; "{own}" and "{employer}" are filled in from the demo.
PAGES = {
    (Role.specialist, SPECIALIST): ["/caseload", "/visit-plan", "/contacts/new", "/seekers/{own}", "/employers",
                                    "/employers/{employer}"],
    (Role.job_developer, None): ["/employers", "/employers/new", "/employers/{employer}", "/contacts/new"],
    (Role.seeker, None): ["/jobs", "/preferences", "/account"],
    (Role.program_lead, None): ["/program", "/account"],
}


@pytest.mark.parametrize(("role", "name"), list(PAGES), ids=lambda v: getattr(v, "value", v or ""))
def test_every_page_is_readable_at_375_px_and_passes_axe(sign_in: SignIn, server: Server, role: Role,
                                                        name: str | None) -> None:
    known = ids(server)
    page = sign_in(role, name, viewport=PHONE)
    for path in PAGES[(role, name)]:
        path = path.format(**known)
        answer = page.goto(path)
        assert answer is not None and answer.status == 200, path
        assert no_sideways_scroll(page) == 0, f"{path} scrolls sideways at 375 px"
        assert_accessible(page)
        if path == "/caseload":
            screenshot(page, "specialist-caseload-phone")
