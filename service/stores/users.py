"""People who sign in. Tokens are handed out once and stored only as their sha256 hash."""

from __future__ import annotations

import builtins
import re
import unicodedata
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from models import Conflict, InvalidInput, JobSeeker, Role, User
from models.fields import MAX_ID
from service import passwords
from service.db import begin_writing
from service.stores import seekers
from service.stores._rows import flush, page, refuse_nul, require, row_or_404
from service.tables import SeekerOccupationRow, SeekerRow, UserRow
from service.tokens import hash_token, new_token


def create(s: Session, name: str, role: Role | str, seeker_id: int | None = None) -> tuple[User, str]:
    """The new user and their bearer token; the token is shown only here, the database keeps its hash.

    A seeker user belongs to exactly one seeker record (seeker_id); other roles have none.
    """
    user = User.model_validate({"name": name, "role": role, "seeker_id": seeker_id})
    if user.role == Role.seeker and user.seeker_id is None:
        raise InvalidInput("seeker_id: a user with role seeker needs the id of their seeker record.")
    if user.role != Role.seeker and user.seeker_id is not None:
        raise InvalidInput(f"seeker_id: only users with role seeker belong to a seeker record, not a {user.role}.")
    refuse_nul(user.name)
    begin_writing(s)
    require(s, SeekerRow, user.seeker_id, "seeker_id", "seeker", "create the seeker first")
    token = new_token()
    row = UserRow(name=user.name, role=user.role.value, seeker_id=user.seeker_id, token_hash=hash_token(token))
    s.add(row)
    flush(s, missing=f"seeker_id: no seeker with id {user.seeker_id}; create the seeker first.")
    return _model(row), token


def get(s: Session, id: int) -> User:
    """The user with that id; NotFound when there is none."""
    return _model(row_or_404(s, UserRow, id, "user"))


_BY_TOKEN = select(UserRow.id, UserRow.name, UserRow.role, UserRow.seeker_id).where(
    UserRow.token_hash == bindparam("hash")
)


def by_token(s: Session, token: str) -> User | None:
    """The user this bearer token belongs to; None for an unknown (or replaced) token."""
    if not token:
        return None
    row = s.execute(_BY_TOKEN, {"hash": hash_token(token)}).first()  # columns only: every request asks
    return _model(row) if row is not None else None


# The token's user, the seeker a request names and the occupations chosen for the seeker's job types, in one
# round trip: a request about a seeker (its suggestions above all) asks all three before anything else. One
# row per chosen occupation (at least one while the token is valid); no row for an unknown token.
_USERS, _SEEKERS, _CHOSEN = UserRow.__table__, SeekerRow.__table__, SeekerOccupationRow.__table__
_BY_TOKEN_WITH_SEEKER = (
    select(
        _USERS.c.id.label("user_id"), _USERS.c.name.label("user_name"), _USERS.c.role.label("user_role"),
        _USERS.c.seeker_id.label("user_seeker_id"), _SEEKERS.c.id, _SEEKERS.c.name, _SEEKERS.c.specialist_id,
        _SEEKERS.c.entered_on, _SEEKERS.c.active, _SEEKERS.c.profile, _CHOSEN.c.job_type, _CHOSEN.c.code,
    )
    .select_from(_USERS)
    .outerjoin(_SEEKERS, _SEEKERS.c.id == bindparam("seeker_id"))
    .outerjoin(_CHOSEN, _CHOSEN.c.seeker_id == _SEEKERS.c.id)
    .where(_USERS.c.token_hash == bindparam("hash"))
)


def by_token_with_seeker(s: Session, token: str, seeker_id: int) -> tuple[User | None, JobSeeker | None]:
    """The user this bearer token belongs to (None for an unknown one) and the seeker with that id (None when
    there is none, or the token is unknown), read together. Whether the user may know the seeker is for
    service/access.py to say."""
    if not token:
        return None, None
    values = {"hash": hash_token(token), "seeker_id": seeker_id if 1 <= seeker_id <= MAX_ID else None}
    # On the session's connection: a plain Core statement needs none of the ORM's execution steps.
    found = s.connection().execute(_BY_TOKEN_WITH_SEEKER, values).all()
    if not found:
        return None, None
    first = found[0]
    user = User.model_validate(
        {"id": first.user_id, "name": first.user_name, "role": first.user_role, "seeker_id": first.user_seeker_id}
    )
    if first.id is None:
        return user, None
    codes = {row.job_type: row.code for row in found if row.job_type is not None}
    return user, seekers.from_columns(first, codes)


def issue_token(s: Session, user_id: int) -> str:
    """A new token for the user; the one they had stops working (only one token per user is kept)."""
    begin_writing(s)
    row = row_or_404(s, UserRow, user_id, "user", for_update=True)
    token = new_token()
    row.token_hash = hash_token(token)
    flush(s, missing="This user was deleted meanwhile.")
    return token


def find(
    s: Session,
    *,
    role: Role | str | None = None,
    user_id: int | None = None,
    seeker_id: int | None = None,
    name: str | None = None,
) -> User | None:
    """The first user (lowest id) matching every criterion given; criteria left as None match anyone."""
    query = select(UserRow).order_by(UserRow.id)
    if role is not None:
        query = query.where(UserRow.role == _role(role))
    if user_id is not None:
        query = query.where(UserRow.id == user_id)
    if seeker_id is not None:
        query = query.where(UserRow.seeker_id == seeker_id)
    if name is not None:
        query = query.where(UserRow.name == name)
    row = s.scalars(query.limit(1)).first()
    return _model(row) if row is not None else None


def list(s: Session, *, role: Role | str | None = None, offset: int = 0, limit: int = 50) -> builtins.list[User]:
    """Users in id order, optionally only those with one role."""
    offset, limit = page(offset, limit)
    query = select(UserRow).order_by(UserRow.id)
    if role is not None:
        query = query.where(UserRow.role == _role(role))
    return [_model(row) for row in s.scalars(query.offset(offset).limit(limit))]


USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,58}[a-z0-9]")


def clean_username(username: str) -> str:
    """The username as stored (lower case, surrounding spaces dropped); InvalidInput when it has other signs."""
    cleaned = username.strip().lower()
    if not USERNAME.fullmatch(cleaned):
        raise InvalidInput(
            f"username: {username[:80]!r} is not a username; use 3 to 60 letters, digits, dots, dashes or "
            "underscores, starting and ending with a letter or digit."
        )
    return cleaned


def username_from(name: str) -> str:
    """A username made from a person's name: 'Dana K.' -> 'dana.k' (accents dropped, words joined by dots)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    base = ".".join(words)[:60].strip(".") or "user"
    return base if len(base) >= 3 else f"{base}.user"


def set_password(s: Session, user_id: int, password: str, username: str | None = None) -> str:
    """Sets the user's password (stored as an argon2 hash) and gives back their username.

    Without `username` the user keeps the one they have, or gets one made from their name (see
    choose_username). A username someone else has is a Conflict.
    """
    hashed = passwords.hash_password(password)
    begin_writing(s)
    row = row_or_404(s, UserRow, user_id, "user", for_update=True)
    if username is not None:
        wanted = clean_username(username)
        if _username_taken(s, wanted, user_id):
            raise Conflict(f"username: {wanted!r} is taken by another user; choose another.")
    else:
        wanted = choose_username(s, user_id)
    row.username, row.password_hash = wanted, hashed
    flush(s, missing="This user was deleted meanwhile.", duplicate=f"username: {wanted!r} is taken; choose another.")
    return wanted


def choose_username(s: Session, user_id: int) -> str:
    """The user's username: the one they have, or one made from their name with a number added when taken."""
    row = row_or_404(s, UserRow, user_id, "user")
    if row.username is not None:
        return row.username
    base = wanted = username_from(row.name)
    number = 1
    while _username_taken(s, wanted, user_id):
        number += 1
        wanted = f"{base[:56]}{number}"
    return wanted


def by_username(s: Session, username: str) -> tuple[User, str | None] | None:
    """The user with that username (any case) and their stored password hash; None when there is none."""
    cleaned = username.strip().lower()
    if not cleaned or len(cleaned) > 60:
        return None
    row = s.scalars(select(UserRow).where(UserRow.username == cleaned)).first()
    return (_model(row), row.password_hash) if row is not None else None


def username_of(s: Session, user_id: int) -> str | None:
    """The user's username for the pages; None when they have not been given a password."""
    return s.scalar(select(UserRow.username).where(UserRow.id == user_id))


def _username_taken(s: Session, username: str, user_id: int) -> bool:
    return s.scalar(select(UserRow.id).where(UserRow.username == username, UserRow.id != user_id)) is not None


def _role(role: Role | str) -> str:
    try:
        return Role(role).value
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(f"role: {role!r} is not a role; use one of {allowed}.") from None


def _model(row: Any) -> User:  # a UserRow, or a result row with its columns
    return User.model_validate({"id": row.id, "name": row.name, "role": row.role, "seeker_id": row.seeker_id})
