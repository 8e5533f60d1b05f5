"""Form handling shared by the staff pages: a posted form read into a plain dict, and errors per field.

Pages validate with the same pydantic request models as the API (service/schemas.py) and call the same
route functions, so a form accepts and refuses exactly what the API does. A refused form is shown again
with each problem next to its field, and the request's session is rolled back so nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from models import IpsmatchError, explain
from service import idempotency

FORM = "form"  # the key of problems that belong to no one field


def values(form: FormData, *, lists: Iterable[str] = (), flags: Iterable[str] = ()) -> dict[str, Any]:
    """The posted fields as a dict: empty text left out (unknown), `lists` as lists, `flags` as booleans."""
    lists, flags = set(lists), set(flags)
    found: dict[str, Any] = {}
    for key in {k for k in form.keys() if k != "csrf_token"} | flags:
        if key in flags:
            found[key] = form.get(key) not in (None, "", "false", "off")
        elif key in lists:
            found[key] = [v.strip() for v in form.getlist(key) if isinstance(v, str) and v.strip()]
        elif isinstance(raw := form.get(key), str) and raw.strip():
            found[key] = raw.strip()
    return found


def problems(error: Exception, model: type[BaseModel], fields: Iterable[str]) -> dict[str, list[str]]:
    """Sentences for a refused form, keyed by the field they are about (FORM for the rest)."""
    fields = set(fields)
    found: dict[str, list[str]] = {}
    if isinstance(error, ValidationError):
        for item, sentence in zip(error.errors(include_url=False), explain(error, model), strict=True):
            loc = item.get("loc", ())
            field = str(loc[0]) if loc and str(loc[0]) in fields else FORM
            found.setdefault(field, []).append(_plain(sentence))
        return found
    message = str(error)
    field, _, rest = message.partition(": ")
    if field in fields and rest:
        found[field] = [_plain(message)]
    else:
        found[FORM] = [message]
    return found


def refused(session: Session) -> None:
    """Drops whatever the refused request had begun, so the page's answer commits nothing."""
    session.rollback()


def no_key(session: Session, user_id: int) -> idempotency.Once:
    """The idempotency record of a form post: forms carry no Idempotency-Key, so it replays nothing."""
    return idempotency.Once(session, user_id, None, "")


def _plain(sentence: str) -> str:
    """The sentence with its first letter capitalised (API sentences start with a field name)."""
    return sentence[:1].upper() + sentence[1:]


FormError = (ValidationError, IpsmatchError)
