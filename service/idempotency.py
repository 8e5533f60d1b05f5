"""Safe retries of POSTs: the first answer to a request sent with an `Idempotency-Key`, replayed on a repeat.

Same user + same key + same request (method, path and body bytes) -> the first answer again, marked with the
header `Idempotent-Replayed: true`, and nothing new is written. The same key on a *different* request is a
client mistake and answers 422 rather than silently doing something else. Keys belong to one user, so two
users cannot collide. The answer is stored in the same transaction as the record it describes: either both
are kept or neither. Two copies arriving at once race on the table's primary key; the loser answers 409 and
changes nothing, and sending it again then replays the winner's answer.

The table (`idempotency`) is PERSISTENCE's; it has no column for the request's fingerprint, so the stored
body is a small envelope `{"fingerprint": ..., "body": ...}`.
"""

from __future__ import annotations

import json
from typing import TypeVar

from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Conflict, InvalidInput
from service.tables import IdempotencyRow

M = TypeVar("M", bound=BaseModel)


class Once:
    """One POST's idempotency record: `replay()` before doing the work, `remember()` with the answer."""

    def __init__(self, session: Session, user_id: int | None, key: str | None, fingerprint: str) -> None:
        self.session = session
        self.user_id = user_id
        self.key = key
        self.fingerprint = fingerprint

    def replay(self) -> Response | None:
        """The first answer to this request when the key was seen before; None when this is the first time."""
        if self.key is None:
            return None
        row = self.session.get(IdempotencyRow, (self.user_id, self.key))
        if row is None:
            return None
        stored = json.loads(row.body_json)
        if stored.get("fingerprint") != self.fingerprint:
            raise InvalidInput(
                "Idempotency-Key: this key was already used for a different request; use a new key for each "
                "new request and the same key only to send the same request again."
            )
        return Response(
            content=json.dumps(stored["body"]),
            status_code=row.status_code,
            media_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )

    def remember(self, status_code: int, answer: M) -> M:
        """Keeps `answer` for replays of this request (when it carried a key) and gives it back."""
        if self.key is None:
            return answer
        envelope = {"fingerprint": self.fingerprint, "body": answer.model_dump(mode="json")}
        self.session.add(
            IdempotencyRow(user_id=self.user_id, key=self.key, status_code=status_code, body_json=json.dumps(envelope))
        )
        try:
            self.session.flush()
        except IntegrityError:
            raise Conflict(
                "A request with this Idempotency-Key is being handled right now; send it again in a moment "
                "to get its answer."
            ) from None
        return answer
