"""The job seeker's pages are written at about a 6th-grade reading level, measured on the demo program.

The pages are rendered for demo seekers (those with benefits too, so the benefits sentences are read) and
the text a person reads in <main> is scored with textstat's Flesch-Kincaid grade. Each block (heading, list
item, label, button, paragraph) counts as its own sentence, as a reader takes it; words only for screen
readers are read too. The employer's own description of each job is part of the page and is measured with it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat
from fastapi.testclient import TestClient

from models import Role
from service.app import create_app
from service.db import Database
from service.demo.loader import load_demo
from service.ranking import RankingService
from service.stores import seekers, users
from tests.service.pages.conftest import form_token

GRADE_LIMIT = 7.0  # "about a 6th-grade reading level"
BLOCKS = {"p", "li", "h1", "h2", "h3", "dt", "dd", "label", "button", "legend", "summary", "th", "td"}


class _MainText(HTMLParser):
    """The text inside <main>, one sentence per block element."""

    def __init__(self, blocks: set[str] = BLOCKS) -> None:
        super().__init__()
        self.kinds = blocks
        self.keep = True
        self.depth = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "main":
            self.depth = 1
        elif self.depth and tag in BLOCKS and tag != "dd":
            self._close()
            self.keep = tag in self.kinds

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._close()
            self.depth = 0
        elif self.depth and tag == "dt":
            self._close(":")  # "Pay: $17.00 an hour." is one sentence to a reader
        elif self.depth and tag in BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.current.append(data)

    def _close(self, end: str = ".") -> None:
        text = " ".join(" ".join(self.current).split())
        if end == ":" and text:
            self.current = [text + ":"]  # carried into the next block (the dd)
            return
        self.current = []
        if re.search(r"[A-Za-z]", text) and self.keep:
            self.blocks.append(text if text[-1] in ".!?" else text + end)


def main_text(html: str, blocks: set[str] = BLOCKS) -> str:
    """What a person reads in the page's <main>, as sentences (only the kinds of block given)."""
    parser = _MainText(blocks)
    parser.feed(html)
    return " ".join(parser.blocks)


@pytest.fixture(scope="module")
def demo_pages(tmp_path_factory: pytest.TempPathFactory, embedder) -> dict[str, str]:
    """The seeker pages of the demo, rendered for three seekers: the first two and one who gets SSI or SSDI."""
    database = Database(f"sqlite:///{Path(tmp_path_factory.mktemp('reading')) / 'demo.db'}")
    database.migrate()
    load_demo(database)
    with database.session() as s:
        everyone = seekers.list(s, limit=100)
        chosen = everyone[:2] + [next(x for x in everyone if {"ssi", "ssdi"} & set(x.profile.benefits))]
        names = []
        for number, seeker in enumerate(chosen):
            user, _ = users.create(s, seeker.name, Role.seeker, seeker_id=seeker.id)
            names.append(users.set_password(s, user.id, "reading-level-1", f"reader{number}"))
    app = create_app(database, ranking=RankingService(database, embedder=embedder))
    pages = {}
    with TestClient(app, follow_redirects=False) as client:
        assert app.state.ranking.wait_until_warm(120), "the opening index was not ready within 2 minutes"
        for username in names:
            client.cookies.clear()
            token = form_token(client.get("/sign-in"))
            client.post("/sign-in", data={"csrf_token": token, "username": username, "password": "reading-level-1"})
            for path in ("/jobs", "/preferences"):
                answer = client.get(path)
                assert answer.status_code == 200, answer.text
                pages[f"{username} {path}"] = answer.text
    database.dispose()
    return pages


def test_the_seeker_pages_read_at_about_grade_six(demo_pages: dict[str, str]) -> None:
    texts = {page: main_text(html) for page, html in demo_pages.items()}
    grades = {page: textstat.flesch_kincaid_grade(text) for page, text in texts.items()}
    jobs = " ".join(t for page, t in texts.items() if page.endswith("/jobs"))
    preferences = " ".join(t for page, t in texts.items() if page.endswith("/preferences"))
    whole = {"Jobs for you": textstat.flesch_kincaid_grade(jobs),
             "My preferences": textstat.flesch_kincaid_grade(preferences)}
    # The sentences alone (paragraphs and list items, no labels, headings or buttons), for the record.
    prose = " ".join(main_text(html, {"p", "li", "dt"}) for page, html in demo_pages.items() if page.endswith("/jobs"))
    print("Flesch-Kincaid grade per page:", {k: round(v, 1) for k, v in {**grades, **whole}.items()},
          "- Jobs for you, sentences only:", round(textstat.flesch_kincaid_grade(prose), 1))
    assert "SSDI" in jobs or "SSI" in jobs, "a seeker with benefits is among those measured"
    assert all(len(t.split()) > 80 for t in texts.values()), "each page has real text to measure"
    assert max(whole.values()) <= GRADE_LIMIT, whole
    assert max(grades.values()) <= GRADE_LIMIT + 1, grades


def test_the_measure_tells_plain_words_from_hard_ones() -> None:
    """The measure itself can fail: a staff-style benefits sentence scores well above the limit."""
    plain = main_text("<main><p>This is less than $1,210 a month.</p><p>Your SSDI stays the same.</p></main>")
    staff = main_text("<main><p>That is over the $1,690 SSDI substantial gainful activity level for 2026; talk "
                      "with a benefits planner before starting employment, considering trial work period "
                      "implications.</p></main>")
    assert textstat.flesch_kincaid_grade(plain) <= GRADE_LIMIT < textstat.flesch_kincaid_grade(staff)
