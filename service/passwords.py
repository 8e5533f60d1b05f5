"""Passwords for the web pages: argon2 hashes (pwdlib), checks, and new passwords people can type."""

from __future__ import annotations

import secrets

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from models import InvalidInput

MIN_LENGTH = 8
MAX_LENGTH = 200  # argon2 takes any length; a bound keeps one sign-in from costing the server much
# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 0.03 s a check on one idle
# core, so guessing is slow while a burst of sign-ins does not starve the server (argon2-cffi's defaults,
# 64 MiB x 3 passes x 4 lanes, cost 5 times as much). Hashes carry their parameters: old ones still verify.
_hasher = PasswordHash((Argon2Hasher(time_cost=2, memory_cost=19456, parallelism=1),))
# Checked against when the username is unknown, so an unknown name costs as long as a wrong password
# and the answer's timing does not tell whether the user exists.
_STAND_IN = _hasher.hash(secrets.token_urlsafe(16))
# Words and digits only, without look-alikes (l, 1, O, 0), so a printed password is easy to type.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def check_new(password: str) -> str:
    """The password if it may be set; InvalidInput saying why not (too short, too long, NUL)."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"password: use at least {MIN_LENGTH} characters (this one has {len(password)}).")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"password: use at most {MAX_LENGTH} characters.")
    if "\x00" in password:
        raise InvalidInput("password: the NUL character (\\u0000) is not allowed.")
    return password


def hash_password(password: str) -> str:
    """The argon2 hash to store for a new password (checked with check_new first)."""
    return _hasher.hash(check_new(password))


def matches(password: str, stored: str | None) -> bool:
    """Whether the password is the one whose hash is stored; False (after the same work) when none is stored."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(password, stored or _STAND_IN) and stored is not None
    except Exception:  # noqa: BLE001 - a damaged hash in the database is a failed sign-in, not a crash
        return False


def generate(length: int = 14) -> str:
    """A new random password of letters and digits (about 81 bits at 14 characters)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
