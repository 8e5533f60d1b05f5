"""service/stores/users.py and service/tokens.py: users, and tokens that exist in the database only as hashes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from models import InvalidInput, JobSeeker, NotFound, Role
from service.db import Database
from service.stores import occupations, seekers, users
from service.tokens import hash_token, new_token


def test_hash_token_is_sha256_hex_and_tokens_are_fresh() -> None:
    assert hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    first, second = new_token(), new_token()
    assert first != second and len(first) >= 43


def test_a_new_user_signs_in_with_their_token(database: Database) -> None:
    with database.session() as s:
        user, token = users.create(s, "Sam Specialist", Role.specialist)
    with database.session() as s:
        assert users.by_token(s, token) == user
        assert users.get(s, user.id) == user
        assert users.by_token(s, token + "x") is None
        assert users.by_token(s, "") is None
    assert user.role == Role.specialist and user.seeker_id is None


def test_the_raw_token_is_nowhere_in_the_users_table(database: Database) -> None:
    with database.session() as s:
        _, token = users.create(s, "Sam", "specialist")
        users.create(s, "Jo", "job_developer")
    with database.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT * FROM users")).mappings().all()
    everything = " ".join(str(value) for row in rows for value in row.values())
    assert token not in everything
    assert hash_token(token) in everything


def test_issuing_a_token_replaces_the_old_one(database: Database) -> None:
    with database.session() as s:
        user, old = users.create(s, "Sam", Role.specialist)
        new = users.issue_token(s, user.id)
    with database.session() as s:
        assert users.by_token(s, old) is None
        assert users.by_token(s, new) == user
        with pytest.raises(NotFound):
            users.issue_token(s, 999)


def test_seeker_users_belong_to_an_existing_seeker_record(database: Database) -> None:
    with database.session() as s:
        seeker = seekers.create(s, JobSeeker(name="Ana"))
        ana, _ = users.create(s, "Ana", Role.seeker, seeker_id=seeker.id)
    assert ana.seeker_id == seeker.id
    for role, seeker_id, message in [
        (Role.seeker, None, "needs the id of their seeker record"),
        (Role.seeker, 999, "no seeker with id 999; create the seeker first"),
        (Role.admin, seeker.id, "only users with role seeker"),
    ]:
        with pytest.raises(InvalidInput, match=message), database.session() as s:
            users.create(s, "X", role, seeker_id=seeker_id)
    with pytest.raises(ValidationError), database.session() as s:
        users.create(s, "X", "superuser")
    with database.session() as s:
        assert [u.id for u in users.list(s)] == [ana.id]


def test_unknown_users_are_not_found(database: Database) -> None:
    with database.session() as s, pytest.raises(NotFound, match="No user with id 3."):
        users.get(s, 3)


def test_find_and_list(database: Database) -> None:
    with database.session() as s:
        sam, _ = users.create(s, "Sam", Role.specialist)
        kim, _ = users.create(s, "Kim", Role.specialist)
        jo, _ = users.create(s, "Jo", Role.job_developer)
        assert users.find(s, role=Role.specialist) == sam
        assert users.find(s, role="specialist", name="Kim") == kim
        assert users.find(s, role=Role.specialist, user_id=jo.id) is None
        assert users.find(s, role=Role.admin) is None
        assert users.list(s, role="specialist") == [sam, kim]
        assert users.list(s, offset=2) == [jo]
        with pytest.raises(InvalidInput, match="role"):
            users.find(s, role="boss")


def test_a_token_and_a_seeker_read_together_are_what_each_read_alone_gives(database: Database) -> None:
    """users.by_token_with_seeker (one statement, for requests about a seeker) answers as by_token and seekers.get:
    for a seeker with chosen occupations (one row each in the join), without any, missing, or out of range."""
    with database.session() as s:
        sam, token = users.create(s, "Sam", Role.specialist)
        ana = seekers.create(s, JobSeeker(name="Ana", specialist_id=sam.id,
                                          profile={"job_types": ["baker", "dog walker", "cashier"]}))
        ben = seekers.create(s, JobSeeker(name="Ben", profile={"interests": ["cooking"]}))
        occupations.correct_job_type(s, ana.id, "baker", "51-3011.00", sam.id)
        occupations.correct_job_type(s, ana.id, "dog walker", "39-2021.00", sam.id)
    with database.session() as s:
        ana = seekers.get(s, ana.id)
        assert ana.profile.job_type_occupations == {"baker": "51-3011.00", "dog walker": "39-2021.00"}
        for seeker_id, seeker in [(ana.id, ana), (ben.id, seekers.get(s, ben.id)), (999, None), (0, None),
                                  (-1, None), (2**63, None)]:
            assert users.by_token_with_seeker(s, token, seeker_id) == (sam, seeker), seeker_id
        for wrong in ("", token + "x", "not-a-token"):
            assert users.by_token_with_seeker(s, wrong, ana.id) == (None, None)
