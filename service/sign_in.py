"""Signing in to the pages: a username and password checked against the argon2 hash, and repeated failures
slowed down per username and per client, with answers that never tell whether a username exists.

Each failure counts against the username typed (whether or not such a user exists) and against the client's
address. After FREE_TRIES failures for a username (CLIENT_FREE_TRIES for an address, which a whole office may
share) every further failure locks that key for a while that doubles each time, from FIRST_LOCK up to
LONGEST_LOCK. While a key is locked no password is checked at all. Failures are forgotten an hour after the
last one, and a username's failures when its user signs in.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from models import IpsmatchError, User
from service import passwords
from service.stores import sign_in_failures, users
from service.tables import utcnow

FREE_TRIES = 5
CLIENT_FREE_TRIES = 20
FIRST_LOCK = dt.timedelta(seconds=15)
LONGEST_LOCK = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(hours=1)

WRONG = "That username and password do not match. Check both and try again."


@dataclass
class SignInRefused(IpsmatchError):
    """The username and password did not match, or sign-in is paused for a while after several failures."""

    message: str
    retry_after: int | None = None  # seconds, when sign-in is paused

    def __str__(self) -> str:
        return self.message


def keys(username: str, client: str | None) -> tuple[str, str]:
    """The two keys failures are counted under: the username as typed (lower case) and the client address."""
    return f"name:{username.strip().lower()}", f"client:{client or 'unknown'}"


def lock_for(failures: int, free: int) -> dt.timedelta | None:
    """How long a key is locked after its `failures`-th failure: none within the free tries, then doubling."""
    if failures < free:
        return None
    return min(FIRST_LOCK * 2 ** min(failures - free, 20), LONGEST_LOCK)


def authenticate(s: Session, username: str, password: str, client: str | None) -> User:
    """The user whose username and password these are; SignInRefused (with the same words for an unknown user
    as for a wrong password) otherwise, or while sign-in is paused for this username or client."""
    now = utcnow()
    name_key, client_key = keys(username, client)
    if (until := sign_in_failures.locked_until(s, [name_key, client_key], now)) is not None:
        raise _paused(until, now)
    found = users.by_username(s, username)
    if passwords.matches(password, found[1] if found else None) and found is not None:
        sign_in_failures.forget(s, name_key)
        return found[0]
    sign_in_failures.forget_older(s, now - FORGET_AFTER)
    for key, free in ((name_key, FREE_TRIES), (client_key, CLIENT_FREE_TRIES)):
        count = sign_in_failures.record(s, key, now, forget_after=FORGET_AFTER)
        if (wait := lock_for(count, free)) is not None:
            sign_in_failures.lock(s, key, now + wait)
    until = sign_in_failures.locked_until(s, [name_key, client_key], now)
    raise _paused(until, now, WRONG + " ") if until is not None else SignInRefused(WRONG)


def _paused(until: dt.datetime, now: dt.datetime, first: str = "") -> SignInRefused:
    seconds = max(1, math.ceil((until - now).total_seconds()))
    wait = f"{seconds} seconds" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"
    return SignInRefused(
        f"{first}Sign-in is paused after several tries that did not work. Wait {wait}, then try again.", seconds
    )
