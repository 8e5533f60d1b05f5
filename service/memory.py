"""A serving process's resident memory: glibc's allocator told to keep few arenas, and freed pages handed back.

Ranking at a state's size makes and drops tens of MB of temporary arrays per request, some on worker threads
(matcher/ranking.py scores rows in parts). glibc keeps what is freed inside its arenas, one per thread that
allocated at the same time as another, so a process that has served a few requests holds the largest
temporaries of every arena for good: about 150 MiB at 100,000 openings (benchmarks/memory.py). Two settings
bring it back:
- at most ARENAS arenas (mallopt M_ARENA_MAX), so the worker threads share them;
- every TRIM_EVERY seconds after a request, malloc_trim(0) returns the whole free pages of every arena to the
  system (madvise), on a background thread, so no request waits for it.
Elsewhere than glibc (musl, macOS) both are no-ops.
"""

from __future__ import annotations

import ctypes
import gc
import threading
from collections.abc import Callable

M_ARENA_MAX = -8  # from glibc's malloc.h
ARENAS = 2
TRIM_EVERY = 2.0


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def tune_allocator() -> bool:
    """At most ARENAS malloc arenas from now on; False where the allocator is not glibc's. Call it early."""
    libc = _libc()
    return libc is not None and libc.mallopt(M_ARENA_MAX, ARENAS) == 1


def give_back_memory(collect: bool = True) -> None:
    """Returns the allocator's free pages to the system (after a garbage collection, unless told not to)."""
    if collect:
        gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


class Trimmer:
    """A daemon thread that gives memory back (give_back_memory(), without a collection) TRIM_EVERY seconds
    after the last call to used(), once per burst of use."""

    def __init__(self, every: float = TRIM_EVERY, trim: Callable[[], None] | None = None):
        self.every = every
        self._trim = trim or (lambda: give_back_memory(collect=False))
        self._used = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="give-back-memory", daemon=True)

    def start(self) -> Trimmer:
        self._thread.start()
        return self

    def used(self) -> None:
        """Something allocated and freed a lot: trim after the next quiet TRIM_EVERY seconds."""
        self._used.set()

    def stop(self) -> None:
        self._stop.set()
        self._used.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._used.wait()
            # Wait until no use has been reported for `every` seconds, then trim once.
            while self._used.is_set() and not self._stop.is_set():
                self._used.clear()
                self._stop.wait(self.every)
            if not self._stop.is_set():
                self._trim()


class TrimAfterRequests:
    """ASGI wrapper: every HTTP request served counts as use for the Trimmer."""

    def __init__(self, app, trimmer: Trimmer):
        self.app, self.trimmer = app, trimmer

    async def __call__(self, scope, receive, send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            if scope["type"] == "http":
                self.trimmer.used()
