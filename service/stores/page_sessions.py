"""Signed-in browsers: server-side page sessions, found by the cookie's id, stored only as its sha256.

The cookie's id is 256 random bits, so (as with API tokens) a plain hash is enough and lets each page
request find its session with one indexed lookup. Each session carries its own CSRF token for the forms.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import User
from service.db import begin_writing
from service.stores.users import get as get_user
from service.tables import PageSessionRow, as_utc, utcnow
from service.tokens import hash_token, new_token


def start(s: Session, user_id: int, lifetime: dt.timedelta) -> str:
    """A new session for the user; gives back the id for the cookie (the database keeps only its hash).

    The user's sessions that have expired are removed on the way, so the table does not grow for ever.
    """
    begin_writing(s)
    now = utcnow()
    s.execute(delete(PageSessionRow).where(PageSessionRow.user_id == user_id, PageSessionRow.expires_at <= now))
    session_id = new_token()
    s.add(PageSessionRow(
        id_hash=hash_token(session_id), user_id=user_id, csrf_token=secrets.token_urlsafe(32),
        created_at=now, expires_at=now + lifetime,
    ))
    s.flush()
    return session_id


def find(s: Session, session_id: str | None) -> tuple[User, str] | None:
    """The signed-in user and the session's CSRF token; None for no, unknown or expired session."""
    if not session_id or len(session_id) > 100:
        return None
    row = s.get(PageSessionRow, hash_token(session_id))
    if row is None or as_utc(row.expires_at) <= utcnow():
        return None
    return get_user(s, row.user_id), row.csrf_token


def end(s: Session, session_id: str | None) -> None:
    """Signs the session out: its row is deleted, so the cookie no longer works anywhere."""
    if not session_id or len(session_id) > 100:
        return
    begin_writing(s)
    s.execute(delete(PageSessionRow).where(PageSessionRow.id_hash == hash_token(session_id)))


def count_for(s: Session, user_id: int) -> int:
    """How many sessions the user has (expired ones included until their next sign-in removes them)."""
    return len(s.scalars(select(PageSessionRow.id_hash).where(PageSessionRow.user_id == user_id)).all())
