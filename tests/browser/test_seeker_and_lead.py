"""The job seeker's and the program lead's pages in a real browser: "Not for me" takes a job off the list at
once (done with the keyboard alone), and the lead's figures name no seeker."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from models import Role
from tests.browser.checks import assert_accessible, screenshot
from tests.browser.conftest import Server, SignIn


def second_seeker(server: Server) -> str:
    """The demo's second seeker with a login: the first one's suggestions are left as they are for the others."""
    return [login.name for login in server.logins.values() if login.role == Role.seeker][-1]


def test_not_for_me_takes_the_job_off_the_list_at_once(sign_in: SignIn, server: Server) -> None:
    page = sign_in(Role.seeker, second_seeker(server))
    expect(page).to_have_url(re.compile(r"/jobs$"))
    assert_accessible(page)
    screenshot(page, "seeker-jobs")
    cards = page.locator("ol.cards > li")
    first = cards.first
    job = first.get_attribute("id")
    # With the keyboard alone: Tab to the reason, type it, Tab to the button, Enter.
    reason = page.locator(f"#{job} input[name=reason]")
    for _ in range(60):
        page.keyboard.press("Tab")
        if reason.evaluate("e => e === document.activeElement"):
            break
    else:
        raise AssertionError("the reason field was not reached with Tab")
    page.keyboard.type("too far for me")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent").startswith("Not for me")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/jobs"))
    expect(page.locator(f"#{job}")).to_have_count(0)
    assert_accessible(page)


def test_the_preferences_and_account_pages_pass_axe(sign_in: SignIn, server: Server) -> None:
    page = sign_in(Role.seeker, second_seeker(server))
    for path in ("/preferences", "/account"):
        page.goto(path)
        assert_accessible(page)
    page.goto("/preferences")
    screenshot(page, "seeker-preferences")


def test_the_program_lead_sees_figures_and_no_seeker(sign_in: SignIn, server: Server) -> None:
    page = sign_in(Role.program_lead)
    expect(page).to_have_url(re.compile(r"/program"))
    text = page.inner_text("main")
    seekers = [login.name for login in server.logins.values() if login.role == Role.seeker]
    assert not [name for name in seekers if name in text], "the lead's page names no seeker"
    assert_accessible(page)
    screenshot(page, "lead-program")
    answer = page.goto("/caseload")
    assert answer is not None and answer.status == 403


def test_the_sign_in_page_passes_axe(browser, server: Server) -> None:
    context = browser.new_context(base_url=server.base, bypass_csp=True)
    page = context.new_page()
    page.goto("/sign-in")
    assert_accessible(page)
    screenshot(page, "sign-in")
    context.close()
