"""The one settings object: read from IPSMATCH_* environment variables, with dated figures sourced."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every figure a program may need to change lives here, not in code."""

    model_config = SettingsConfigDict(env_prefix="IPSMATCH_", extra="ignore")

    # Where the service keeps its data (service/ only).
    database_url: str = "sqlite:///ipsmatch.db"
    # Requests one server process works on at once; its database pool holds as many connections (plus a few
    # for start-up and background work), so a request never waits for a connection. Requests beyond this wait
    # up to `queue_wait_s` for their turn, then get 503 with Retry-After.
    concurrency: int = Field(default=16, ge=1, le=256)
    queue_wait_s: float = Field(default=30.0, gt=0)
    # A served app builds its opening index in the background as it starts, answering suggestion requests
    # with 503 "warming up" and Retry-After meanwhile. False: `ipsmatch serve` builds it before it listens,
    # and an app made with create_app() builds it on its first suggestion request (tests use this).
    warm_in_background: bool = True

    # Competitive employment: US federal minimum wage, $7.25/h since 2009-07-24 (US DOL). Programs in
    # states or cities with a higher minimum set IPSMATCH_MIN_WAGE.
    min_wage: float = Field(default=7.25, ge=0)

    # Benefits figures for 2026, monthly, United States (SSA "2026 Cost-of-Living Adjustment" fact sheet).
    benefits_year: int = 2026
    # Substantial Gainful Activity, SSDI. The higher figure for blind beneficiaries ($2,830) is left out on
    # purpose: it would need a disability detail that IPS zero exclusion keeps out of the record.
    sga_non_blind: float = 1690.0
    twp_month: float = 1210.0  # earnings over this make a Trial Work Period month
    ssi_federal_rate: float = 994.0  # SSI federal benefit rate, individual
    ssi_general_exclusion: float = 20.0
    ssi_earned_exclusion: float = 65.0

    # Worker preference over specialist judgment (DESIGN.md invariant 1): judgment, the employer-needs
    # term and the diversity re-rank may only reorder openings whose preference scores differ by less
    # than this band.
    judgment_band: float = Field(default=0.1, gt=0, le=0.5)
    # Diversity: at most this many openings from one employer among the first `diversity_window`
    # suggestions, as far as the band allows.
    max_per_employer: int = Field(default=2, ge=1)
    diversity_window: int = Field(default=10, ge=1)

    # Fidelity (DOMAIN.md): days from entry to first face-to-face employer contact, contacts per week.
    rapid_search_days: int = 30
    contacts_per_week_target: float = 6.0
    caseload_limit: int = 20

    # Visit planner (systematic job development): employer visits planned per week, by default the weekly
    # face-to-face contact target. Employers tire of requests (DOMAIN.md: cap introductions, "for example a
    # few a month"; do not repeat a request within a week): an employer with `employer_contacts_cap` contacts
    # in the `employer_cap_days` days up to the planned week's Sunday is not planned, and one seen in the last
    # `recently_seen_days` is skipped unless a follow-up is due.
    visits_per_week: int = Field(default=6, ge=1, le=30)
    employer_contacts_cap: int = Field(default=4, ge=1)
    employer_cap_days: int = Field(default=30, ge=1, le=366)
    recently_seen_days: int = Field(default=7, ge=0, le=366)
    # Hiring needs fade: a need recorded at a contact counts half as much after this many days (matcher/needs.py).
    needs_half_life_days: float = Field(default=60.0, gt=0)
    # Congestion (matcher/congestion.py): an opening shown to this many other seekers at once (or to twice its
    # fair share, in a program large enough for that to be more) is fully crowded and gives way, within the
    # band, to comparable openings. An opening is usually one hire, and employers tire of many introductions
    # (DOMAIN.md), so 5 seekers is already many. What a seeker was shown counts for `exposure_days` days.
    congestion_crowded: int = Field(default=5, ge=1)
    exposure_days: int = Field(default=14, ge=1, le=366)
    # How the embedding model runs (matcher/embedding.py, BACKENDS). "torch": the packaged PyTorch weights.
    # "onnx" / "onnx-int8" (needs the onnx extra): ONNX Runtime over an export of the same weights, made on first
    # use in ~/.cache/ipsmatch/onnx. Measured by benchmarks/embedding_backends.py (2026-11, 2-core AVX2 CPU):
    # about 1.4x the throughput, a faster load, no nDCG@10 lost on the quality sets (onnx-int8: vectors at
    # cosine 0.98+ to the default's, ~80 MB less memory). Torch's own int8 ("int8") is not offered: slower here.
    # Another backend's vectors are cached apart from these, so switching re-embeds texts once.
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = "torch"
    # Web pages: a sign-in lasts this long (a working day and a bit), then the person signs in again.
    page_session_hours: float = Field(default=12.0, gt=0, le=24 * 30)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once from the environment."""
    return Settings()
