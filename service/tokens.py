"""Bearer tokens: new ones for users, and the only form in which the database ever sees them (a hash)."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    """A fresh bearer token: 32 random bytes, URL-safe text (43 characters)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The sha256 hex digest stored in place of a token.

    A plain hash is enough (no salt, no slow KDF): tokens are 256 random bits, so there is nothing to guess,
    and a fast, deterministic hash lets a request find its user with one indexed lookup.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
