"""service/rank_all.py and service/stores/rankings.py: the nightly batch stores what a live ranking gives."""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from matcher import Embedder
from models import Feedback, Judgment, Role
from service import rank_all as rank_all_module
from service.cli import app
from service.db import Database
from service.demo.large import large_program
from service.demo.loader import load_into
from service.rank_all import SUGGESTIONS_PER_SEEKER, RankAllFailed, rank_all
from service.ranking import RankingService
from service.stores import openings, rankings, reactions, seekers, users
from service.stores.embeddings import SqlEmbeddingCache
from service.tables import utcnow


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


def _stored(database: Database) -> dict[int, tuple]:
    """Every seeker's stored ranking as rank-all left it: suggestions with their numbers, catalogue and voice."""
    with database.session() as session:
        everyone = seekers.list(session, limit=100)
        return {s.id: (r.suggestions, [x.score_without_judgment for x in r.suggestions], r.catalogue, r.voice)
                for s in everyone if (r := rankings.latest_for(session, s.id)) is not None}


def _with_judgments(database: Database) -> None:
    """A specialist's judgments on two seekers, so the workers rank with every kind of input."""
    with database.session() as session:
        specialist, _ = users.create(session, "Sam", Role.specialist)
        active = [s for s in seekers.list(session, limit=100) if s.active]
        some = openings.list(session, limit=2)
        reactions.add_judgment(session, active[0].id, Judgment(opening_id=some[0].id, weight=0.5), specialist.id)
        reactions.add_judgment(session, active[1].id, Judgment(employer_id=some[1].employer_id, weight=-0.4),
                               specialist.id)


def test_two_workers_store_exactly_what_one_stores(program_database: Database, model) -> None:
    _with_judgments(program_database)
    ranking = _service(program_database, model)
    one = rank_all(program_database, ranking, batch=4, workers=1)
    alone = _stored(program_database)
    with program_database.session() as session:
        rankings.replace_many(session, {i: [] for i in alone}, ranked_at=utcnow(), catalogue=0, voice="seeker")
    batches: list[list[int]] = []
    two = rank_all(program_database, ranking, batch=4, workers=2,
                   progress=lambda b: [batches.append(x) or x for x in b])
    assert (one.workers, two.workers) == (1, 2) and one.seekers == two.seekers == len(alone) > 8
    assert _stored(program_database) == alone and [i for b in batches for i in b] == sorted(alone)
    with program_database.session() as session:
        assert rankings.stale_seekers(session) == set()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workers=st.integers(1, 4), batch=st.integers(1, 7))
def test_what_is_stored_does_not_depend_on_workers_or_batch_size(
    program_database: Database, model, workers: int, batch: int
) -> None:
    ranking = _service(program_database, model)
    rank_all(program_database, ranking, workers=1)
    alone = _stored(program_database)
    report = rank_all(program_database, ranking, batch=batch, workers=workers)
    assert report.seekers == len(alone) and _stored(program_database) == alone


def _failing_for(victim: int, how: str):
    """rank() as it is, except for one seeker: the worker ranking them is killed, or the ranking raises."""
    real = rank_all_module.rank

    def rank(seeker, *args, **kwargs):
        if seeker.id == victim:
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            raise ValueError("the ranking broke")
        return real(seeker, *args, **kwargs)

    return rank


@pytest.mark.parametrize("how", ["killed", "raises"])
def test_a_failed_worker_fails_the_run_and_keeps_what_was_stored(
    program_database: Database, model, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    ranking = _service(program_database, model)
    rank_all(program_database, ranking, workers=1)
    before = _stored(program_database)
    with program_database.session() as session:
        first = {i: rankings.latest_for(session, i).ranked_at for i in before}
    victim = sorted(before)[-1]  # in the last batch
    monkeypatch.setattr(rank_all_module, "rank", _failing_for(victim, how))
    with pytest.raises(RankAllFailed) as failed:
        rank_all(program_database, ranking, batch=3, workers=2)
    said = str(failed.value)
    assert ("stopped unexpectedly" in said if how == "killed" else "ValueError: the ranking broke" in said)
    assert "Run rank-all again" in said
    # Every seeker keeps a whole, true ranking: the new one of a batch stored before the failure, else the old one.
    assert _stored(program_database) == before
    with program_database.session() as session:
        assert rankings.latest_for(session, victim).ranked_at == first[victim]
    monkeypatch.undo()
    assert rank_all(program_database, ranking, workers=2).seekers == len(before)  # the next run goes through


def test_the_command_ranks_in_worker_processes_and_refuses_no_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'rank.db'}"
    database = Database(url)
    database.migrate()
    load_into(database, large_program(openings=30, seekers=12, employers=6, seed=3))
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", url)
    refused = CliRunner().invoke(app, ["rank-all", "--workers", "0"])
    assert refused.exit_code == 2 and "--workers" in refused.output
    with database.session() as session:
        assert all(rankings.latest_for(session, s.id) is None for s in seekers.list(session, limit=20))
    assert "--workers" in CliRunner().invoke(app, ["rank-all", "--help"]).output
    result = CliRunner().invoke(app, ["rank-all", "--workers", "2"])
    assert result.exit_code == 0, result.output
    with database.session() as session:
        active = [s.id for s in seekers.list(session, limit=20) if s.active]
        assert f"Ranked and stored {len(active)} seekers" in result.output and "2 worker processes" in result.output
        assert all(rankings.latest_for(session, i) is not None for i in active)
    database.dispose()
