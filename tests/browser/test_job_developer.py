"""The job developer's pages in a real browser: the fuzzy employer search (keyboard only), an employer's page
with the same candidates the API gives, and adding a near-duplicate employer, which is caught first."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from models import Disclosure, Role
from service.stores import employers, seekers, users
from tests.browser.checks import assert_accessible, screenshot
from tests.browser.conftest import Server, SignIn


def focus_by_tab(page: Page, selector: str, presses: int = 40) -> None:
    """Presses Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {presses} presses of Tab")


def employer_count(server: Server) -> int:
    database = server.database()
    try:
        with database.session() as session:
            return len(employers.all(session))
    finally:
        database.dispose()


def test_finding_an_employer_with_the_keyboard_alone_forgives_a_typo(sign_in: SignIn) -> None:
    page = sign_in(Role.job_developer)
    page.goto("/employers")
    assert_accessible(page)
    screenshot(page, "job-developer-employers")
    focus_by_tab(page, "#q")
    page.keyboard.type("nortside animal")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/employers\?q=nortside"))
    first = page.locator("#employers a").first
    expect(first).to_have_text("Northside Animal Shelter")
    focus_by_tab(page, "#employers a")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/employers/\d+$"))
    expect(page.locator("h1")).to_have_text("Northside Animal Shelter")


def test_an_employer_page_shows_needs_contacts_and_the_apis_candidates(sign_in: SignIn, server: Server) -> None:
    database = server.database()
    with database.session() as session:
        developer = users.find(session, role=Role.job_developer)
        token = users.issue_token(session, developer.id)  # type: ignore[union-attr]
        employer = employers.list(session, q="Shine On Auto Detailing", limit=1)[0]
        disclosed = {s.name for s in seekers.list(session, limit=1000) if s.profile.disclosure == Disclosure.yes}
    database.dispose()
    api = httpx.get(f"{server.base}/api/v1/employers/{employer.id}/candidates", params={"limit": 10},
                    headers={"Authorization": f"Bearer {token}"}, timeout=30).json()["candidates"]
    assert api, "the demo has a disclosed seeker who fits this employer"

    page = sign_in(Role.job_developer)
    page.goto(f"/employers/{employer.id}")
    shown = page.locator("#candidates h3").all_inner_texts()
    assert shown == [f"{c['name']}: {c['title']}" for c in api], "the page lists exactly the API's candidates"
    assert {text.split(":")[0] for text in shown} <= disclosed, "a job developer sees only disclosed seekers"
    expect(page.get_by_role("heading", name="What it needs, newest first")).to_be_visible()
    expect(page.locator("#contacts li").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "job-developer-employer")


def test_adding_a_near_duplicate_employer_warns_first_and_adds_only_when_confirmed(
    sign_in: SignIn, server: Server
) -> None:
    page = sign_in(Role.job_developer)
    count = employer_count(server)
    page.goto("/employers/new")
    page.fill("#name", "Nortside Animal Shelter Inc.")
    page.fill("#industry", "animal shelter")
    page.click("button:has-text('Add the employer')")
    warning = page.locator("#duplicates")
    expect(warning).to_contain_text("may be on record already")
    expect(warning.get_by_role("link", name="Northside Animal Shelter")).to_be_visible()
    assert employer_count(server) == count, "nothing is added before it is confirmed"
    expect(page.locator("#name")).to_have_value("Nortside Animal Shelter Inc.")
    assert_accessible(page)
    screenshot(page, "job-developer-duplicate")

    page.click("button:has-text('It is a different employer: add it')")
    expect(page).to_have_url(re.compile(r"/employers/\d+\?added=1$"))
    expect(page.get_by_role("status")).to_contain_text("is added")
    assert employer_count(server) == count + 1


def test_an_employer_form_with_problems_says_what_to_fix_and_adds_nothing(sign_in: SignIn, server: Server) -> None:
    page = sign_in(Role.job_developer)
    count = employer_count(server)
    page.goto("/employers/new")
    page.fill("#lat", "200")
    page.fill("#lon", "-93.2")
    page.click("button:has-text('Add the employer')")
    expect(page.get_by_role("alert")).to_contain_text("The employer was not added")
    expect(page.locator("#name-error")).to_contain_text("Name")
    expect(page.locator("#lat-error")).to_contain_text("Latitude")
    assert employer_count(server) == count
    assert_accessible(page)
