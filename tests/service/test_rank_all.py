"""service/rank_all.py and service/stores/rankings.py: the nightly batch stores what a live ranking gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matcher import Embedder
from models import Feedback
from service.cli import app
from service.db import Database
from service.demo.large import large_program
from service.demo.loader import load_into
from service.rank_all import SUGGESTIONS_PER_SEEKER, rank_all
from service.ranking import RankingService
from service.stores import openings, rankings, reactions, seekers
from service.stores.embeddings import SqlEmbeddingCache


@pytest.fixture
def program_database(database: Database) -> Database:
    load_into(database, large_program(openings=80, seekers=14, employers=12, seed=11))
    return database


def _service(database: Database, model) -> RankingService:
    return RankingService(database, embedder=Embedder(model, cache=SqlEmbeddingCache(database)))


def test_every_active_seeker_is_stored_as_a_live_ranking_would_rank_them(program_database: Database, model) -> None:
    ranking = _service(program_database, model)
    batches: list[list[int]] = []
    report = rank_all(program_database, ranking, batch=4, progress=lambda b: [batches.append(x) or x for x in b])
    with program_database.session() as session:
        active = [s for s in seekers.list(session, limit=100) if s.active]
        inactive = [s for s in seekers.list(session, limit=100) if not s.active]
        assert report.seekers == len(active) and [i for b in batches for i in b] == [s.id for s in active]
        exposure = ranking.exposure(session)
        for seeker in active:
            stored = rankings.latest_for(session, seeker.id)
            assert stored is not None and stored.voice == "staff"
            assert dt.timedelta(0) <= stored.age < dt.timedelta(minutes=10)
            live = ranking.suggestions(session, seeker, SUGGESTIONS_PER_SEEKER, voice="staff", exposure=exposure)
            assert stored.suggestions == live
            assert [s.score_without_judgment for s in stored.suggestions] == [s.score_without_judgment for s in live]
        assert all(rankings.latest_for(session, s.id) is None for s in inactive)
        assert rankings.stale_seekers(session) == set()


def test_a_changed_seeker_is_stale_and_a_changed_opening_leaves_the_candidates_lists(
    program_database: Database, model
) -> None:
    rank_all(program_database, _service(program_database, model))
    with program_database.session() as session:
        ranked = [s for s in seekers.list(session, limit=100)
                  if s.active and (r := rankings.latest_for(session, s.id)) and r.suggestions]
        first, second = ranked[0], ranked[1]
        seekers.update(session, first.id, {"profile": {**first.profile.model_dump(mode="json"), "hours_max": 12}})
        top = rankings.latest_for(session, second.id).suggestions[0]
        reactions.add_feedback(session, second.id, Feedback(opening_id=top.opening_id, reaction="not_for_me"))
    with program_database.session() as session:
        assert rankings.stale_seekers(session) == {first.id, second.id}
        assert rankings.stale_seekers(session, [first.id]) == {first.id}
        third = ranked[2]
        best = rankings.latest_for(session, third.id).suggestions[0]
        assert third.id in rankings.fits_at_employer(session, best.employer_id)
        openings.update(session, best.opening_id, {"status": "closed"})
    with program_database.session() as session:
        fits = rankings.fits_at_employer(session, best.employer_id)
        assert fits.get(third.id) is None or fits[third.id].opening_id != best.opening_id


def test_seekers_ranked_again_replace_what_was_stored(program_database: Database, model) -> None:
    ranking = _service(program_database, model)
    rank_all(program_database, ranking)
    with program_database.session() as session:
        seeker = next(s for s in seekers.list(session, limit=100) if s.active)
        before = rankings.latest_for(session, seeker.id)
    rank_all(program_database, ranking, seeker_ids=[seeker.id])
    with program_database.session() as session:
        after = rankings.latest_for(session, seeker.id)
    assert after.ranked_at > before.ranked_at and after.suggestions == before.suggestions


def test_the_command_ranks_and_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'rank.db'}"
    database = Database(url)
    database.migrate()
    load_into(database, large_program(openings=30, seekers=5, employers=6, seed=3))
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", url)
    result = CliRunner().invoke(app, ["rank-all"])
    assert result.exit_code == 0, result.output
    with database.session() as session:
        active = [s.id for s in seekers.list(session, limit=10) if s.active]
        assert f"Ranked and stored {len(active)} seekers" in result.output
        assert all(rankings.latest_for(session, i) is not None for i in active)
    database.dispose()


def test_rank_all_on_a_database_that_does_not_exist_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    result = CliRunner().invoke(app, ["rank-all"])
    assert result.exit_code == 1 and "There is no ipsmatch database" in result.output
