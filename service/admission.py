"""Admission: one server process works on at most `concurrency` requests at once; the rest wait their turn.

Each request holds one database session (and so one pooled connection) from its first query to its
answer, and the pool holds exactly as many connections as requests admitted here, so no request ever waits
for a connection while holding one. A request that cannot be admitted within `queue_wait_s` is answered
503 with Retry-After: the server is busy, nothing was done, and sending it again later is safe.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

Scope = dict[str, Any]


class Admission:
    """ASGI middleware: a semaphore of `limit` slots in front of the app; waiting is asynchronous, no thread."""

    def __init__(self, app: Any, *, limit: int, wait_s: float) -> None:
        self.app = app
        self.limit = limit
        self.wait_s = wait_s
        self._slots: asyncio.Semaphore | None = None  # made in the server's event loop, on the first request

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        if self._slots.locked():  # every slot taken, or others already waiting: wait in line, for so long
            try:
                await asyncio.wait_for(self._slots.acquire(), self.wait_s)
            except TimeoutError:
                await _busy(send, self.wait_s)
                return
        else:
            # A free slot is taken at once, without the task and timer wait_for makes for each request.
            await self._slots.acquire()
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()


async def _busy(send: Any, waited: float) -> None:
    body = json.dumps(
        {"detail": f"ipsmatch is busy: the request waited {waited:g} s for its turn and was not started. "
                   "Nothing was changed; send it again in a moment."}
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"retry-after", b"5"),
               (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})
