"""service/admission.py: at most `limit` requests at work at once, the others served in the order they came, and a
request that waits longer than `wait_s` answered 503 with Retry-After, never started."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from service.admission import Admission


class Gate:
    """An ASGI app whose requests each wait until the test opens their gate, and which logs what it starts."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        name = scope["path"]
        self.started.append(name)
        await self.gates.setdefault(name, asyncio.Event()).wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": name.encode()})

    def open(self, name: str) -> None:
        self.gates.setdefault(name, asyncio.Event()).set()


async def _request(app: Admission, name: str) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "http", "path": name}, receive, send)
    return sent


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_requests_beyond_the_limit_wait_and_are_started_in_the_order_they_came() -> None:
    async def scenario() -> None:
        inner = Gate()
        app = Admission(inner, limit=2, wait_s=30)
        first, second = asyncio.create_task(_request(app, "/a")), asyncio.create_task(_request(app, "/b"))
        await _settle()
        third = asyncio.create_task(_request(app, "/c"))
        await _settle()
        assert inner.started == ["/a", "/b"], "two slots: the third waits"
        inner.open("/a")
        await first
        # A request that comes while /c is in line (its slot already handed over) waits behind it.
        fourth = asyncio.create_task(_request(app, "/d"))
        await _settle()
        assert inner.started == ["/a", "/b", "/c"]
        for name in ("/b", "/c", "/d"):
            inner.open(name)
        answers = await asyncio.gather(second, third, fourth)
        assert inner.started == ["/a", "/b", "/c", "/d"]
        assert [a[0]["status"] for a in answers] == [200, 200, 200]
        # Every slot is free again: the next request starts at once.
        inner.open("/e")
        assert (await _request(app, "/e"))[0]["status"] == 200

    asyncio.run(scenario())


def test_a_request_that_waits_too_long_is_answered_503_with_retry_after_and_never_started() -> None:
    async def scenario() -> None:
        inner = Gate()
        app = Admission(inner, limit=1, wait_s=0.05)
        busy = asyncio.create_task(_request(app, "/slow"))
        await _settle()
        start, body = await _request(app, "/late")
        assert start["status"] == 503 and (b"retry-after", b"5") in start["headers"]
        assert "Nothing was changed" in json.loads(body["body"])["detail"]
        assert inner.started == ["/slow"]
        inner.open("/slow")
        assert (await busy)[0]["status"] == 200
        inner.open("/next")
        assert (await _request(app, "/next"))[0]["status"] == 200, "the refused request took no slot"

    asyncio.run(scenario())
