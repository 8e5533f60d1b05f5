"""Signing in and out of the pages: cookies, CSRF, slowing down guessers, and where each role lands."""

from __future__ import annotations

import re
import threading

import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from models import JobSeeker, Role, Settings
from service import sign_in
from service.app import create_app
from service.pages import web
from service.ranking import RankingService
from service.stores import page_sessions, users
from service.stores import seekers as seeker_store
from service.tables import PageSessionRow
from tests.service.pages.conftest import PEOPLE, Pages, form_token, password_of

ALERT = re.compile(r'role="alert"[^>]*>([^<]*)<')


def alert(page) -> str:
    found = ALERT.search(page.text)
    return found.group(1) if found else ""


def test_sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session(pages: Pages) -> None:
    browser = pages.browser()
    answer = pages.sign_in(browser, pages.username("seeker"), password_of("seeker"))
    assert answer.status_code == 303 and answer.headers["location"] == "/jobs"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{web.SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http here; see the https test below
    session_id = browser.cookies[web.SESSION_COOKIE]
    with pages.database.session() as s:
        stored = s.scalars(sa.select(PageSessionRow.id_hash)).all()
        assert session_id not in stored and len(stored) == 1, "only a hash of the session id is stored"
    account = browser.get("/account")
    assert account.status_code == 200 and "Ana R." in account.text
    assert account.headers["cache-control"] == "no-store"

    out = browser.post("/sign-out", data={"csrf_token": form_token(account)})
    assert out.status_code == 303 and out.headers["location"].startswith("/sign-in")
    with pages.database.session() as s:
        assert page_sessions.find(s, session_id) is None
        assert page_sessions.count_for(s, pages.ids["seeker_user"]) == 0
    # The old cookie, sent again by hand, opens nothing.
    thief = pages.browser()
    thief.cookies.set(web.SESSION_COOKIE, session_id)
    assert thief.get("/account").headers["location"] == "/sign-in?next=/account"


def test_the_cookie_is_secure_over_https(pages: Pages) -> None:
    browser = pages.browser(base_url="https://testserver")
    answer = pages.sign_in(browser, pages.username("admin"), password_of("admin"))
    assert answer.status_code == 303 and "Secure" in answer.headers["set-cookie"]


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(pages: Pages) -> None:
    browser = pages.browser()
    wrong = pages.sign_in(browser, pages.username("specialist"), "not-the-password")
    nobody = pages.sign_in(browser, "no.such.person", "not-the-password")
    empty = pages.sign_in(browser, pages.username("specialist"), "")
    assert wrong.status_code == nobody.status_code == 400
    assert alert(wrong) == alert(nobody) == sign_in.WRONG
    assert empty.status_code == 400 and "Type your username and your password" in alert(empty)
    assert web.SESSION_COOKIE not in browser.cookies
    assert browser.get("/account").status_code == 303
    # The username typed is kept in the form; the password never comes back.
    assert f'value="{pages.username("specialist")}"' in wrong.text and "not-the-password" not in wrong.text


def test_repeated_failures_pause_sign_in_for_that_username_whoever_asks(pages: Pages) -> None:
    name = pages.username("specialist")
    browser = pages.browser()
    answers = [pages.sign_in(browser, name, f"guess-{i}-wrong") for i in range(sign_in.FREE_TRIES)]
    assert [a.status_code for a in answers[:-1]] == [400] * (sign_in.FREE_TRIES - 1)
    assert answers[-1].status_code == 429 and int(answers[-1].headers["retry-after"]) >= 1
    # Now even the right password is refused, from another browser too, without saying whether it was right.
    right = pages.sign_in(pages.browser(), name, password_of("specialist"))
    assert right.status_code == 429 and "paused" in alert(right) and web.SESSION_COOKIE not in right.headers.get(
        "set-cookie", "")
    # An unknown username is paused the same way after as many tries: nothing tells the two apart.
    ghost = [pages.sign_in(browser, "ghost.user", f"guess-{i}-wrong") for i in range(sign_in.FREE_TRIES)]
    assert [a.status_code for a in ghost] == [a.status_code for a in answers]
    assert alert(ghost[-1]).split("Wait")[0] == alert(answers[-1]).split("Wait")[0]
    # Other people still sign in.
    assert pages.sign_in(pages.browser(), pages.username("admin"), password_of("admin")).status_code == 303


def test_the_pause_grows_and_a_good_sign_in_forgets_the_failures(pages: Pages) -> None:
    assert sign_in.lock_for(sign_in.FREE_TRIES - 1, sign_in.FREE_TRIES) is None
    first = sign_in.lock_for(sign_in.FREE_TRIES, sign_in.FREE_TRIES)
    second = sign_in.lock_for(sign_in.FREE_TRIES + 1, sign_in.FREE_TRIES)
    assert first == sign_in.FIRST_LOCK and second == 2 * first
    assert sign_in.lock_for(1000, sign_in.FREE_TRIES) == sign_in.LONGEST_LOCK
    name = pages.username("admin")
    browser = pages.browser()
    for i in range(sign_in.FREE_TRIES - 1):
        assert pages.sign_in(browser, name, f"guess-{i}-wrong").status_code == 400
    assert pages.sign_in(browser, name, password_of("admin")).status_code == 303
    with pages.database.session() as s:
        assert s.scalar(sa.text("SELECT count(*) FROM sign_in_failures WHERE key = :k"), {"k": f"name:{name}"}) == 0


def test_one_client_guessing_many_usernames_is_paused_too(pages: Pages) -> None:
    browser = pages.browser()
    codes = [pages.sign_in(browser, f"someone{i}", "wrong-password").status_code
             for i in range(sign_in.CLIENT_FREE_TRIES)]
    assert codes[:-1] == [400] * (sign_in.CLIENT_FREE_TRIES - 1) and codes[-1] == 429
    assert pages.sign_in(browser, pages.username("admin"), password_of("admin")).status_code == 429


def test_forms_without_the_right_token_are_refused_and_change_nothing(pages: Pages) -> None:
    browser = pages.browser()
    page = browser.get("/sign-in")
    good = {"username": pages.username("admin"), "password": password_of("admin")}
    for token in (None, "", "forged", form_token(page) + "x"):
        data = good if token is None else {**good, "csrf_token": token}
        answer = browser.post("/sign-in", data=data)
        assert answer.status_code == 403 and "did not come from this site" in answer.text
        assert "<html" in answer.text and web.SESSION_COOKIE not in browser.cookies
    # Another site's form carries no token of this browser's: a signed-in browser is not signed out by it.
    signed_in = pages.browser("seeker")
    assert signed_in.post("/sign-out", data={"csrf_token": form_token(page)}).status_code == 403
    assert signed_in.get("/account").status_code == 200
    with pages.database.session() as s:
        assert page_sessions.count_for(s, pages.ids["seeker_user"]) == 1


@pytest.mark.parametrize("who", PEOPLE)
def test_each_role_lands_on_its_home_page(pages: Pages, who: str) -> None:
    browser = pages.browser()
    answer = pages.sign_in(browser, pages.username(who), password_of(who))
    with pages.database.session() as s:
        user = users.get(s, pages.user_id(who))
    assert answer.headers["location"] == web.home_of(user)
    expected = {"seeker": "/jobs", "program_lead": "/program", "admin": "/program"}
    if who in expected:
        assert web.home_of(user) == expected[who]
    assert browser.get("/").headers["location"] == web.home_of(user)
    assert browser.get("/sign-in").headers["location"] == web.home_of(user)


def test_next_takes_a_person_back_but_only_within_the_site(pages: Pages) -> None:
    browser = pages.browser()
    assert browser.get("/account").headers["location"] == "/sign-in?next=/account"
    back = pages.sign_in(browser, pages.username("seeker"), password_of("seeker"), next_path="/account")
    assert back.headers["location"] == "/account"
    for elsewhere in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        other = pages.browser()
        answer = pages.sign_in(other, pages.username("seeker"), password_of("seeker"), next_path=elsewhere)
        assert answer.headers["location"] == "/jobs", elsewhere


def test_the_front_door_and_the_static_files(pages: Pages) -> None:
    browser = pages.browser()
    assert browser.get("/").headers["location"] == "/sign-in"
    css = browser.get("/static/site.css")
    assert css.status_code == 200 and ":focus-visible" in css.text
    page = browser.get("/sign-in")
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert re.findall(r'(?:href|src)="(https?:)?//', page.text) == [], "nothing is loaded from other sites"
    assert '<label for="username">' in page.text and '<label for="password">' in page.text
    assert 'class="skip" href="#content"' in page.text
    missing = browser.get("/no-such-page")
    assert missing.status_code == 404 and "<html" in missing.text
    assert browser.get("/api/v1/no-such-thing").json() == {"detail": "Not Found"}, "the API still answers JSON"


def _routes(routes: list) -> list:
    """Every route, also those inside included routers (FastAPI keeps those as one entry per router)."""
    found = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        found += _routes(inner.routes) if inner is not None else [route]
    return found


def test_every_page_route_answers_errors_as_pages(pages: Pages) -> None:
    """Pages are PageRoutes (HTML errors, sign-in redirects) and stay out of the API's OpenAPI description."""
    routes = _routes(pages.app.routes)
    for route in routes:
        if isinstance(route, APIRoute) and route.endpoint.__module__.startswith("service.pages"):
            assert isinstance(route, web.PageRoute), route.path
            assert not route.include_in_schema, route.path
    paths = {route.path for route in routes if isinstance(route, web.PageRoute)}
    assert {"/", "/sign-in", "/sign-out", "/account"} <= paths
    assert not [p for p in pages.program.client.get("/openapi.json").json()["paths"] if not p.startswith("/api/")]


def test_a_page_asked_for_while_the_server_warms_up_says_so_and_reloads(database, embedder) -> None:
    """Just after a start, a page that ranks answers 503 with a page that refreshes itself, not an error."""
    ranking = RankingService(database, embedder=embedder)
    release = threading.Event()
    slow_index = ranking.index

    def index(session):  # the background build waits until the test has asked for the page
        if threading.current_thread().name == "ipsmatch-warm-up":
            release.wait(30)
        return slow_index(session)

    ranking.index = index  # type: ignore[method-assign]
    with database.session() as s:
        seeker = seeker_store.create(s, JobSeeker(name="Cara N."))
        user, _ = users.create(s, "Cara N.", Role.seeker, seeker_id=seeker.id)
        users.set_password(s, user.id, "warming-up-1", "cara")
    app = create_app(database, settings=Settings(warm_in_background=True), ranking=ranking)
    with TestClient(app, follow_redirects=False) as browser:
        token = form_token(browser.get("/sign-in"))
        browser.post("/sign-in", data={"csrf_token": token, "username": "cara", "password": "warming-up-1"})
        early = browser.get("/jobs")
        release.set()
        assert early.status_code == 503 and early.headers["retry-after"] == "5"
        assert "Almost ready" in early.text and '<meta http-equiv="refresh" content="5">' in early.text
        assert ranking.wait_until_warm(60)
        assert browser.get("/jobs").status_code == 200
