"""The employment specialist's pages in a real browser: the caseload's flags, logging a contact (and seeing the
flags and the plan change), a refused form that saves nothing, and the judgment control on a seeker's page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from models import Role
from service.stores import contacts
from tests.browser.checks import assert_accessible, screenshot
from tests.browser.conftest import SPECIALIST, Server, SignIn


def planned(page: Page) -> list[dict[str, str]]:
    """The visits on the visit-plan page, in order: employer id and any follow-up due."""
    page.goto("/visit-plan")
    return page.eval_on_selector_all(
        "#visits li[data-employer]",
        "items => items.map(i => ({employer: i.dataset.employer, followUp: i.dataset.followUp}))",
    )


def flagged(page: Page) -> list[str]:
    """Ids of the caseload's seekers flagged for rapid job search, most urgent first."""
    page.goto("/caseload")
    return page.eval_on_selector_all("tr[data-flagged=yes]", "rows => rows.map(r => r.id.replace('seeker-', ''))")


def contact_count(server: Server) -> int:
    database = server.database()
    try:
        with database.session() as session:
            return len(contacts.all(session))
    finally:
        database.dispose()


def test_the_caseload_shows_the_most_urgent_first_with_flags_and_follow_ups(sign_in: SignIn) -> None:
    page = sign_in(Role.specialist, SPECIALIST)
    page.goto("/caseload")
    expect(page.locator("h1")).to_have_text("My caseload")
    rows = page.locator("tbody tr")
    assert rows.count() >= 5
    states = page.eval_on_selector_all("tbody tr", "rows => rows.map(r => r.dataset.flagged)")
    assert states[0] == "yes", "a seeker past the rapid-search limit comes first"
    assert states == sorted(states, key=lambda s: s != "yes"), "flagged seekers come before the others"
    expect(page.get_by_role("heading", name="Follow-ups with employers")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "specialist-caseload")


def test_logging_a_contact_clears_the_flag_and_changes_the_plan(sign_in: SignIn, server: Server) -> None:
    page = sign_in(Role.specialist, SPECIALIST)
    before = planned(page)
    assert before, "the demo specialist has employer visits planned this week"
    screenshot(page, "specialist-visit-plan")
    assert_accessible(page)
    # An employer of the plan with no follow-up due: once seen today it is held back for the week.
    employer = next(v["employer"] for v in before if not v["followUp"])
    waiting = flagged(page)
    assert waiting, "the demo specialist has seekers past the rapid-search limit"
    seeker = waiting[0]

    page.goto("/contacts/new")
    page.select_option("#employer_id", employer)
    expect(page.locator("#face_to_face")).to_be_checked()
    page.check(f"input[name=seeker_ids][value='{seeker}']")
    page.fill("#person_met", "Sam")
    page.fill("#needs", "Two more people for weekday morning shifts")
    page.click("button:has-text('Log the contact')")
    expect(page).to_have_url(re.compile(r"/caseload\?logged=\d+$"))
    expect(page.get_by_role("status")).to_contain_text("is logged")
    expect(page.locator(f"#seeker-{seeker}")).to_have_attribute("data-flagged", "no")
    assert seeker not in flagged(page)

    after = planned(page)
    assert [v["employer"] for v in after] != [v["employer"] for v in before]
    assert employer not in [v["employer"] for v in after], "an employer seen today is not planned again this week"
    expect(page.locator(f"#held-back li[data-employer='{employer}']")).to_contain_text(
        re.compile("Seen on|given a rest"))


def test_a_contact_form_with_problems_says_what_to_fix_and_saves_nothing(sign_in: SignIn, server: Server) -> None:
    page = sign_in(Role.specialist, SPECIALIST)
    count = contact_count(server)
    page.goto("/contacts/new")
    page.fill("#on", "")
    page.fill("#needs", "Weekend cashiers")
    page.click("button:has-text('Log the contact')")
    expect(page.get_by_role("alert")).to_contain_text("The contact was not logged")
    expect(page.locator("#employer_id-error")).to_contain_text("choose the employer")
    expect(page.locator("#on-error")).to_contain_text("Date of the contact")
    expect(page.locator("#employer_id")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#needs")).to_have_value("Weekend cashiers")  # what was typed is kept
    assert contact_count(server) == count
    assert_accessible(page)


def test_a_judgment_breaks_only_near_ties(sign_in: SignIn, server: Server) -> None:
    page = sign_in(Role.specialist, SPECIALIST)
    page.goto("/caseload")
    page.locator("tbody tr th a").last.click()
    expect(page).to_have_url(re.compile(r"/seekers/\d+$"))
    expect(page.locator("#near-ties")).to_contain_text("only breaks near-ties")
    rows = page.eval_on_selector_all("tbody tr[data-opening]", "rows => rows.map(r => ({...r.dataset}))")
    assert len(rows) >= 3
    # The opening closest behind the one above it, in the score without judgment: +1 lifts it past that one
    # when the gap is under the judgment's reach.
    gaps = [(float(rows[i - 1]["unjudged"]) - float(rows[i]["unjudged"]), i) for i in range(1, len(rows))]
    gap, place = min(gaps)
    chosen = rows[place]["opening"]
    page.select_option("#opening_id", chosen)
    page.check("input[name=weight][value='1']")
    page.fill("#note", "Did well on a similar job trial")
    page.click("button:has-text('Save judgment')")
    expect(page.get_by_role("status")).to_contain_text("Judgment saved")

    after = page.eval_on_selector_all("tbody tr[data-opening]", "rows => rows.map(r => ({...r.dataset}))")
    judged = next(r for r in after if r["opening"] == chosen)
    assert float(judged["judgment"]) == 1.0
    assert float(judged["score"]) > float(judged["unjudged"])
    band = server_band(page)
    if gap < band * 0.3:
        assert int(judged["place"]) < int(judged["without"]), "a near-tie is broken by the judgment"
    # No opening moved past one the seeker prefers by the band or more.
    for upper in after:
        for lower in after:
            if int(upper["place"]) < int(lower["place"]) and lower["without"] and upper["without"] \
                    and int(upper["without"]) > int(lower["without"]):
                assert float(lower["preference"]) - float(upper["preference"]) < band
    assert_accessible(page)
    screenshot(page, "specialist-seeker", part="#suggestions-section")


def server_band(page: Page) -> float:
    """The judgment band the page states ("... prefers by 0.10 or more")."""
    text = page.inner_text("#near-ties")
    return float(re.search(r"prefers by ([0-9.]+) or more", text)[1])  # type: ignore[index]
