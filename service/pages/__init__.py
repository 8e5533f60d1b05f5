"""The web pages: server-rendered (Jinja2) on the same stores and access module as the API.

`router` collects every page module's router (one line each below); `install(app)` adds them and serves
service/pages/static/ at /static (CSS and scripts ship with the package: nothing comes from a CDN).
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from models import Role
from service.pages import job_developer, lead, seeker, sign_in, specialist
from service.pages.web import HERE, NAV, error_page

router = APIRouter()
router.include_router(sign_in.router)
router.include_router(seeker.router)
router.include_router(lead.router)
router.include_router(specialist.router)
router.include_router(job_developer.router)

# Every staff role may read the program's figures (the API's access table); the link comes last in their menu,
# after each page module's own entries, so each role still lands on its own first page.
for _role in (Role.specialist, Role.job_developer):
    NAV[_role].append(("Program figures", "/program"))


def install(app: FastAPI) -> None:
    """Adds the pages and their static files to the app."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(HTTPException, _not_a_page)  # type: ignore[arg-type]


async def _not_a_page(request: Request, error: HTTPException) -> Response:
    """An unknown address outside the API gets a readable page; the API keeps its JSON answers."""
    if error.status_code == 404 and not request.url.path.startswith(("/api/", "/static/", "/docs", "/redoc")):
        return error_page(request, 404, "There is no page at this address. Check the link, or start again from "
                          "your home page.")
    return await http_exception_handler(request, error)
