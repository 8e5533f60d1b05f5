"""service/memory.py: freed memory goes back to the system once a burst of requests is over."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest

from service.memory import TrimAfterRequests, Trimmer, _libc, tune_allocator


def test_the_trimmer_trims_once_after_each_quiet_spell_and_never_without_use():
    trims: list[float] = []
    trimmer = Trimmer(every=0.2, trim=lambda: trims.append(time.monotonic())).start()
    try:
        time.sleep(0.5)
        assert trims == [], "no use, no trim"
        started = time.monotonic()
        for _ in range(5):  # a burst of requests
            time.sleep(0.05)
            trimmer.used()
            last_use = time.monotonic()
        time.sleep(0.8)
        assert len(trims) == 1, "one trim for the whole burst"
        assert trims[0] - last_use >= 0.2 - 0.02, "only after a quiet spell"
        assert trims[0] - started < 1.0
        trimmer.used()
        time.sleep(0.6)
        assert len(trims) == 2, "the next burst gets its own trim"
    finally:
        trimmer.stop()


# Run in a process of its own: how much a trim gives back depends on the allocator's history, which in the
# test process is whatever every earlier test left (a full run once kept all but 33 MiB in use elsewhere).
_CHURN = """
import threading
import numpy as np
import psutil
from service.memory import give_back_memory

process = psutil.Process()
kept = []

def churn():
    # Mid-size blocks (under glibc's mmap threshold once it has grown), all freed again afterwards.
    blocks = [np.ones(100_000) for _ in range(400)]  # 800 KB each, 320 MB in all
    kept.append(np.ones(1))  # one small block stays alive
    del blocks

big = np.ones(4_000_000)  # 32 MB freed first: raises the mmap threshold so later blocks come from arenas
del big
threads = [threading.Thread(target=churn) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
before = process.memory_info().rss
give_back_memory()
print(before, process.memory_info().rss)
"""


@pytest.mark.skipif(_libc() is None, reason="returning freed pages is glibc's malloc_trim; other allocators differ")
def test_giving_memory_back_returns_what_threads_freed():
    """What worker threads allocate and free stays in glibc's arenas until trimmed (the reason for Trimmer)."""
    done = subprocess.run([sys.executable, "-c", _CHURN], capture_output=True, text=True, timeout=120, check=True)
    before, after = map(int, done.stdout.split())
    assert before - after > 100 * 2**20, (before / 2**20, after / 2**20)


def test_every_http_request_counts_as_use_even_when_it_fails_and_nothing_else_does():
    uses: list[str] = []

    class Recorder:
        def used(self) -> None:
            uses.append("used")

    passed: list[tuple] = []

    async def app(scope, receive, send):
        passed.append((receive, send))
        if scope.get("path") == "/boom":
            raise RuntimeError("the app failed")

    wrapped = TrimAfterRequests(app, Recorder())
    asyncio.run(wrapped({"type": "lifespan"}, None, None))
    assert uses == [], "starting and stopping the server is not a request"
    receive, send = object(), object()
    asyncio.run(wrapped({"type": "http", "path": "/api/v1/me"}, receive, send))
    assert uses == ["used"]
    assert passed[-1][0] is receive and passed[-1][1] is send, "the request reaches the app as it came"
    with pytest.raises(RuntimeError):
        asyncio.run(wrapped({"type": "http", "path": "/boom"}, None, None))
    assert uses == ["used", "used"], "a failed request made and dropped memory too"


@pytest.mark.skipif(_libc() is None, reason="mallopt is glibc's; other allocators have no arena limit to set")
def test_the_allocator_takes_the_arena_limit():
    assert tune_allocator() is True
