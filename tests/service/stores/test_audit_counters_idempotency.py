"""service/stores/audit.py, counters.py and idempotency.py."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from models import Conflict, InvalidInput, Role, User
from service.db import Database
from service.stores import audit, counters, idempotency, users


def test_audit_rows_record_who_did_what_to_which_seeker(database: Database, specialist: User) -> None:
    with database.session() as s:
        audit.record(s, specialist.id, "read", 12, "seeker")
        audit.record(s, specialist.id, "update", 12, "changed name")
        audit.record(s, None, "list", 13)
    with database.session() as s:
        rows = audit.for_seeker(s, 12)
        assert audit.for_seeker(s, 99) == []
        assert [r["detail"] for r in audit.for_seeker(s, 13)] == [""]
    assert [(r["user_id"], r["action"], r["seeker_id"], r["detail"]) for r in rows] == [
        (specialist.id, "read", 12, "seeker"),
        (specialist.id, "update", 12, "changed name"),
    ]
    assert all(isinstance(r["at"], dt.datetime) and r["at"].tzinfo is not None for r in rows)


def test_audit_refuses_unknown_actions_and_rolls_back_with_the_request(database: Database) -> None:
    with database.session() as s, pytest.raises(InvalidInput, match="audit action"):
        audit.record(s, None, "peek", 1)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError), database.session() as s:
        audit.record(s, None, "delete", 1)
        raise RuntimeError("the request failed")
    with database.session() as s:
        assert audit.for_seeker(s, 1) == []


def test_counters_start_at_zero_and_count_every_bump(database: Database) -> None:
    with database.session() as s:
        assert counters.value(s) == 0
        assert counters.value(s, "other") == 0
        counters.bump(s)
        counters.bump(s)
        counters.bump(s, "other")
    with database.session() as s:
        assert counters.value(s) == 2
        assert counters.value(s, "other") == 1


def test_idempotent_answers_are_kept_per_user_and_key(database: Database) -> None:
    body = json.dumps({"id": 7, "name": "Ana"})
    with database.session() as s:
        sam, _ = users.create(s, "Sam", Role.specialist)
        kim, _ = users.create(s, "Kim", Role.specialist)
        assert idempotency.get(s, sam.id, "k1") is None
        idempotency.put(s, sam.id, "k1", 201, body)
    with database.session() as s:
        assert idempotency.get(s, sam.id, "k1") == (201, body)
        assert idempotency.get(s, kim.id, "k1") is None
        assert idempotency.get(s, sam.id, "k2") is None
    with pytest.raises(Conflict), database.session() as s:
        idempotency.put(s, sam.id, "k1", 201, "{}")
    with database.session() as s:
        assert idempotency.get(s, sam.id, "k1") == (201, body)
    with pytest.raises(InvalidInput), database.session() as s:
        idempotency.put(s, 999, "k1", 201, body)
    with pytest.raises(TypeError), database.session() as s:
        idempotency.put(s, sam.id, "k3", 201, {"not": "text"})  # type: ignore[arg-type]
