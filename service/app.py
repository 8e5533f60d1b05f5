"""The FastAPI application: `create_app()` wires the database, the ranking service, the routers and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from models import Settings, get_settings
from service import docs, errors, pages
from service.admission import Admission
from service.db import Database
from service.occupations import Occupations
from service.ranking import RankingService
from service.routes import (
    candidates,
    contacts,
    employers,
    me,
    metrics,
    needs,
    occupations,
    openings,
    planning,
    seekers,
    suggestions,
)

API_PREFIX = "/api/v1"
# The order of the sections of the docs pages (/docs, /redoc), whatever order the routers are matched in.
DOCS_TAGS = ("me", "seekers", "employers", "openings", "occupations", "job development", "ranking", "fidelity")

DESCRIPTION = """
Preference-first matching of job seekers and openings for IPS supported employment.

**Sign in** with `Authorization: Bearer TOKEN` (tokens come from `ipsmatch users add`). Roles: a job seeker
reads and edits their own profile, suggestions and feedback; an employment specialist works with their own
caseload and does their own job development (employers, openings, contacts); a job developer manages
employers, openings and contacts and knows only seekers who agreed to disclosure; a program lead reads the
program's fidelity figures (per specialist too) and nothing about any seeker; an admin does everything.
`GET /api/v1/me` says who you are. Every write is made by the signed-in user.

**Errors** are JSON with a readable `detail` sentence (validation errors also list the raw problems under
`errors`): 401 without a valid token, 403 when your role may never do this, 404 for an unknown id or a
record you may not know exists, 409 for a clash with existing data, 422 for invalid input, 503 with
`Retry-After` when the server is too busy to start the request (nothing was done). A rejected
request changes nothing. Clinical or legal history (diagnosis, symptoms, substance use, ...) is refused with
a 422 that explains why: IPS practises zero exclusion.

**Lists** answer `{"items": [...], "offset": 0, "limit": 50, "next_offset": 50}`; `next_offset` is null on
the last page. `limit` is 1 to 200.

**Changes** (PATCH) are partial: only the fields sent change, and a seeker's `profile` is merged key by key.

**Occupations**: every opening and seeker answered shows what its title (or each wanted job type) stands for in
the O*NET-SOC taxonomy: `occupation: {code, label, confidence, low_confidence, corrected}`. An unsure match
(`low_confidence: true`) waits in `GET /api/v1/occupations/review` until a person settles it: staff find a code
with `GET /api/v1/occupations?q=WORDS` and choose it with `PUT /api/v1/openings/{id}/occupation` (specialists,
job developers, admins) or `PUT /api/v1/seekers/{id}/occupations` (the seeker's specialist, admins); `"code":
null` gives the automatic match back. The ranking uses the chosen occupation at once; a new title drops it.

**Retries**: send an `Idempotency-Key` header with a POST; sending the same POST again with the same key
answers with the first response (header `Idempotent-Replayed: true`) and creates nothing new. Reusing a key
for a different request is a 422.
"""


def create_app(
    database: Database | None = None, *, settings: Settings | None = None, ranking: RankingService | None = None
) -> FastAPI:
    """The ipsmatch API over `database` (built from settings.database_url and migrated when not given).

    `ranking` is a service.ranking.RankingService; without one the app builds its own. With the setting
    `warm_in_background` (the default) the app builds its opening index in the background as it starts and
    answers suggestion requests with 503 "warming up" until it is ready; without it, on the first such request.
    """
    settings = settings or get_settings()
    owned = database is None
    if database is None:
        database = Database(settings.database_url, pool_size=settings.concurrency)
        database.migrate()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_in_background:
            app.state.ranking.start_warming()
        yield
        if owned:  # a database handed in belongs to the caller, who disposes of it
            database.dispose()

    app = FastAPI(
        title="ipsmatch", version="1", description=DESCRIPTION, lifespan=lifespan, docs_url=None, redoc_url=None,
        openapi_tags=[{"name": tag} for tag in DOCS_TAGS],
    )
    docs.install(app)  # Swagger UI and ReDoc served from the package, not a CDN
    app.state.database = database
    app.state.settings = settings
    app.state.ranking = ranking if ranking is not None else RankingService(database, settings=settings)
    app.state.occupations = Occupations(app.state.ranking)  # grounds through the ranking's embedder and cache
    errors.install(app)
    app.add_middleware(Admission, limit=settings.concurrency, wait_s=settings.queue_wait_s)
    # Suggestions first: a request is matched against the routers in this order, and it is the busiest route
    # (matching through eight routers before it cost about 0.1 ms a request). The docs keep DOCS_TAGS' order.
    for module in (
        suggestions, me, seekers, employers, openings, occupations, contacts, needs, candidates, planning, metrics
    ):
        app.include_router(module.router, prefix=API_PREFIX)
    pages.install(app)  # the web pages, on the same stores and access rules
    return app
