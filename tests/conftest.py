"""Fixtures shared by every test package: the real embedding model, loaded once per session."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The app builds its opening index on the first suggestion request in tests (a served app warms up in the
# background); tests/service/api/test_warm_up.py turns the background build on itself.
os.environ.setdefault("IPSMATCH_WARM_IN_BACKGROUND", "false")

import gc  # noqa: E402

import pytest  # noqa: E402

from matcher import Embedder, MemoryCache, load_model  # noqa: E402


@pytest.fixture(scope="session")
def model():
    """The packaged all-MiniLM-L6-v2 SentenceTransformer.

    Once it has run, the million objects of the libraries and the model are moved out of the cycle collector's
    sight (gc.freeze): they live as long as the session anyway, and every full collection (one after each index
    build, service/ranking.py) would otherwise walk them all again, a third of the suite's time.
    """
    loaded = load_model()
    loaded.encode(["a first sentence loads what encoding needs"])
    gc.collect()
    gc.freeze()
    return loaded


@pytest.fixture(scope="session")
def embedder(model) -> Embedder:
    """One Embedder over the real model for the whole session; its cache makes repeated texts free."""
    return Embedder(model, cache=MemoryCache())
