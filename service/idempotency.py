"""Safe retries of POSTs: the first answer to a request sent with an `Idempotency-Key`, replayed on a repeat.

Same user + same key + same request (method, path and body bytes) -> the first answer again, marked with the
header `Idempotent-Replayed: true`, and nothing new is written. The same key on a *different* request is a
client mistake and answers 422 rather than silently doing something else. Keys belong to one user, so two
users cannot collide. The answer is stored in the same transaction as the record it describes: either both
are kept or neither. Two copies arriving at once race on the table's primary key; the loser answers 409 and
changes nothing, and sending it again then replays the winner's answer.

The rows are kept by service/stores/idempotency.py; the table has no column for the request's fingerprint,
so the stored body is a small envelope `{"fingerprint": ..., "body": ...}`.
"""

from __future__ import annotations

import json
from typing import TypeVar

from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from models import InvalidInput
from service.stores import idempotency

M = TypeVar("M", bound=BaseModel)


class Once:
    """One POST's idempotency record: `replay()` before doing the work, `remember()` with the answer."""

    def __init__(self, session: Session, user_id: int, key: str | None, fingerprint: str) -> None:
        self.session = session
        self.user_id = user_id
        self.key = key
        self.fingerprint = fingerprint

    def replay(self) -> Response | None:
        """The first answer to this request when the key was seen before; None when this is the first time."""
        if self.key is None:
            return None
        found = idempotency.get(self.session, self.user_id, self.key)
        if found is None:
            return None
        status_code, body_json = found
        stored = json.loads(body_json)
        if stored.get("fingerprint") != self.fingerprint:
            raise InvalidInput(
                "Idempotency-Key: this key was already used for a different request; use a new key for each "
                "new request and the same key only to send the same request again."
            )
        return Response(
            content=json.dumps(stored["body"]),
            status_code=status_code,
            media_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )

    def remember(self, status_code: int, answer: M) -> M:
        """Keeps `answer` for replays of this request (when it carried a key) and gives it back."""
        if self.key is None:
            return answer
        envelope = {"fingerprint": self.fingerprint, "body": answer.model_dump(mode="json")}
        idempotency.put(self.session, self.user_id, self.key, status_code, json.dumps(envelope))
        return answer
