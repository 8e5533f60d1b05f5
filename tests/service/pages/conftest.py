"""The API tests' small program behind the pages, with a password for every user and a browser per person.

A "browser" is a TestClient of the same app with its own cookie jar: `browser("seeker")` is signed in as Ana,
`browser()` is signed in as nobody. Forms are posted the way a browser would: as form fields, with the
`csrf_token` the page put in them (`form_token`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.app import create_app
from service.db import Database
from service.ranking import RankingService
from service.stores import users
from tests.service.api.conftest import Program, build_program

PEOPLE = ("seeker", "specialist", "other_specialist", "job_developer", "admin", "program_lead")
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def password_of(who: str) -> str:
    """Each test user's password (long enough for the rules)."""
    return f"{who}-secret-1"


def form_token(page: httpx.Response) -> str:
    """The CSRF token a page put in its forms."""
    found = _TOKEN.search(page.text)
    assert found, f"no csrf_token in the page {page.url}"
    return found.group(1)


@dataclass
class Pages:
    """The program, its app, and a way to open a browser signed in as anyone."""

    program: Program
    app: FastAPI
    browsers: list[TestClient] = field(default_factory=list)
    _usernames: dict[str, str] = field(default_factory=dict)

    def username(self, who: str) -> str:
        """The person's username; their password is set the first time (argon2 costs a little each time)."""
        if who not in self._usernames:
            with self.database.session() as s:
                self._usernames[who] = users.set_password(s, self.user_id(who), password_of(who))
        return self._usernames[who]

    def user_id(self, who: str) -> int:
        return self.ids["seeker_user" if who == "seeker" else who]

    @property
    def ids(self) -> dict[str, int]:
        return self.program.ids

    @property
    def database(self) -> Database:
        return self.program.database

    def browser(self, who: str | None = None, *, base_url: str = "http://testserver") -> TestClient:
        """A new browser (own cookies), signed in as `who` when given."""
        client = TestClient(self.app, base_url=base_url, follow_redirects=False)
        client.__enter__()
        self.browsers.append(client)
        if who is not None:
            answer = self.sign_in(client, self.username(who), password_of(who))
            assert answer.status_code == 303, answer.text
        return client

    def sign_in(self, client: TestClient, username: str, password: str, next_path: str = "") -> httpx.Response:
        """Opens /sign-in and sends the form as a person would."""
        page = client.get("/sign-in")
        assert page.status_code in (200, 303), page.text
        token = form_token(page) if page.status_code == 200 else ""
        return client.post(
            "/sign-in", data={"csrf_token": token, "username": username, "password": password, "next": next_path}
        )


def _pages(database: Database, ranking: RankingService | None) -> Iterator[Pages]:
    app = create_app(database, ranking=ranking)
    with TestClient(app) as api:
        # Should the app build its index in the background (IPSMATCH_WARM_IN_BACKGROUND; tests/conftest.py turns
        # it off), the tests start once it is ready.
        assert app.state.ranking.wait_until_warm(120), "the opening index was not ready within 2 minutes"
        pages = Pages(program=build_program(database, api), app=app)
        yield pages
        for client in pages.browsers:
            client.__exit__(None, None, None)


@pytest.fixture
def pages(database: Database) -> Iterator[Pages]:
    """The program's pages on a fresh database (SQLite and PostgreSQL); ranking loads its model lazily."""
    yield from _pages(database, None)


@pytest.fixture
def ranked_pages(database: Database, embedder) -> Iterator[Pages]:
    """The pages with ranking on the session's embedding model (loaded once for the whole run)."""
    yield from _pages(database, RankingService(database, embedder=embedder))
