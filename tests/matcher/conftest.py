"""Matcher fixtures: the sample catalogue indexed with the real model."""

from __future__ import annotations

import pytest

from matcher import OpeningIndex
from tests.matcher.catalogue import EMPLOYERS, OPENINGS


@pytest.fixture(scope="session")
def index(embedder) -> OpeningIndex:
    """The sample catalogue's opening index."""
    return OpeningIndex.build(OPENINGS, EMPLOYERS, embedder)
