"""Form handling shared by the staff pages: a posted form read into a plain dict, and errors per field.

Pages validate with the same pydantic request models as the API (service/schemas.py) and call the same
route functions, so a form accepts and refuses exactly what the API does. A refused form is shown again
with each problem next to its field, and the request's session is rolled back so nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def problems(error: Exception, model: type[BaseModel], labels: Mapping[str, str]) -> dict[str, list[str]]:
    """Sentences for a refused form, keyed by the field they are about (FORM for the rest).

    `labels`: field name -> the label the form shows; a sentence starting with the API's field path
    ("location.lat: ...") starts with the label instead ("Latitude: ..."). A problem inside a nested field
    belongs to the deepest part of its path that the form has as a field.
    """
    found: dict[str, list[str]] = {}
    if isinstance(error, ValidationError):
        for item, sentence in zip(error.errors(include_url=False), explain(error, model), strict=True):
            loc = [str(part) for part in item.get("loc", ())]
            field = next((part for part in reversed(loc) if part in labels), FORM)
            found.setdefault(field, []).append(_labelled(sentence, field, labels))
        return found
    message = str(error)
    field = message.partition(": ")[0].split(".")[-1]
    if field in labels:
        found[field] = [_labelled(message, field, labels)]
    else:
        found[FORM] = [message]
    return found


def refused(session: Session) -> None:
    """Drops whatever the refused request had begun, so the page's answer commits nothing."""
    session.rollback()


def no_key(session: Session, user_id: int) -> idempotency.Once:
    """The idempotency record of a form post: forms carry no Idempotency-Key, so it replays nothing."""
    return idempotency.Once(session, user_id, None, "")


def _labelled(sentence: str, field: str, labels: Mapping[str, str]) -> str:
    """The API's sentence with its leading field path replaced by the form's label for the field."""
    path, sep, rest = sentence.partition(": ")
    if sep and field in labels and field in path.split("."):
        return f"{labels[field]}: {rest}"
    return sentence[:1].upper() + sentence[1:]


FormError = (ValidationError, IpsmatchError)
