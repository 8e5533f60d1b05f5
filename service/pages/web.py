"""What every page shares: templates, `render()`, the signed-in user, CSRF checks and error pages.

Pages sit on the same stores and the same access module (service/access.py) as the API: a page asks
`access` (through `require`, `allowed_page` or `page_seeker` below) before it shows anything, so a page can
never show what the API would refuse. Routes are made with `page_router()`, whose route class turns the
service's errors into readable HTML pages (403, 404, 422) instead of the API's JSON, and a missing sign-in
into a redirect to /sign-in.

A request holds one database session: `PageSession` is the API's `SessionDep` (the same dependency, so
FastAPI hands every part of a request the same session).
"""

# No `from __future__ import annotations`: FastAPI resolves the Annotated dependency types below at runtime.
import secrets
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.templating import Jinja2Templates

from models import Forbidden, IpsmatchError, JobSeeker, Role, User, WarmingUp
from service import access
from service.access import Action
from service.deps import SessionDep, reachable_seeker
from service.errors import request_sentences, status_of
from service.stores import page_sessions

HERE = Path(__file__).parent
SESSION_COOKIE = "ipsmatch_session"
# Before sign-in there is no server-side session to hold a CSRF token, so the sign-in form uses a random
# value kept in this cookie and repeated in the form (double submit).
FORM_COOKIE = "ipsmatch_form"

templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True))

# The navigation of each role: (label, path). The first entry of a role is where it lands after sign-in
# unless HOME says otherwise. Each page module adds its own entries.
NAV: dict[Role, list[tuple[str, str]]] = {
    Role.seeker: [("Jobs for you", "/jobs"), ("My preferences", "/preferences")],
    Role.specialist: [],
    Role.job_developer: [],
    Role.program_lead: [("Program figures", "/program")],
    Role.admin: [("Program figures", "/program")],
}
HOME: dict[Role, str] = {}  # where a role lands when it is not the first NAV entry
ACCOUNT = "/account"  # every signed-in user's fallback home: who they are, how to sign out


def home_of(user: User) -> str:
    """The page the user lands on after sign-in and at `/`."""
    return HOME.get(user.role) or next(iter(NAV.get(user.role, [])), ("", ACCOUNT))[1]


class SignInNeeded(Exception):
    """No valid page session: the person is sent to /sign-in and back here afterwards."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRejected(Exception):
    """A form came without the token the page gave it (another site's form, or a page kept open too long)."""


def safe_next(path: str | None) -> str | None:
    """A path on this site to go back to after sign-in; None for anything else (no open redirects)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 2000:
        return None
    return path


def _signed_in(request: Request, session: Session) -> tuple[User, str] | None:
    """The signed-in user and the session's CSRF token, read once per request."""
    if not hasattr(request.state, "page"):
        request.state.page = page_sessions.find(session, request.cookies.get(SESSION_COOKIE))
    return request.state.page


def page_user(request: Request, session: SessionDep) -> User:
    """The signed-in user; without a valid page session, a redirect to /sign-in?next=<this page>."""
    found = _signed_in(request, session)
    if found is None:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(here)
    return found[0]


def maybe_user(request: Request, session: SessionDep) -> User | None:
    """The signed-in user, or None (for pages anyone may open, like /sign-in)."""
    found = _signed_in(request, session)
    return found[0] if found else None


PageSession = SessionDep
PageUser = Annotated[User, Depends(page_user)]
MaybeUser = Annotated[User | None, Depends(maybe_user)]


async def _form(request: Request) -> FormData:
    return await request.form()


def csrf_checked(request: Request, session: SessionDep, form: Annotated[FormData, Depends(_form)]) -> FormData:
    """The posted form, once its `csrf_token` field matches this browser's token; CsrfRejected (403) if not."""
    expected = expected_csrf(request, session)
    sent = form.get("csrf_token")
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent.encode(), expected.encode()):
        raise CsrfRejected()
    return form


CsrfChecked = Annotated[FormData, Depends(csrf_checked)]


def expected_csrf(request: Request, session: Session) -> str | None:
    """The token this browser's forms must carry: its page session's, or before sign-in the form cookie's."""
    found = _signed_in(request, session)
    return found[1] if found else request.cookies.get(FORM_COOKIE)


def allowed_page(resource: str, action: Action) -> Any:
    """A PageUser type for pages whose role check is access.require_role(resource, action): 403 page if not."""

    def check(user: PageUser) -> User:
        access.require_role(user, resource, action)
        return user

    return Annotated[User, Depends(check)]


def require(user: User, resource: str, action: Action) -> None:
    """The 403 page (access.require_role's sentence) unless the user's role may ever do this."""
    access.require_role(user, resource, action)


def page_seeker(
    session: Session, user: User, seeker_id: int, resource: str = "seeker", action: Action = Action.read
) -> JobSeeker:
    """The seeker when the API would let this user do `action` to it: 403 page for a role that never may, the
    API's 404 page (same words as for no such seeker) when it is out of the user's reach."""
    access.require_role(user, resource, action)
    return reachable_seeker(session, user, seeker_id, resource, action)


def require_fields(user: User, fields: list[str]) -> None:
    """The 403 page when the user's role may not change these fields of a seeker record (as the API's PATCH)."""
    if refused := access.forbidden_seeker_fields(user, fields):
        role = access.ROLE_NAMES[user.role]
        raise Forbidden(f"As {role} you may not change {', '.join(refused)} of a seeker record.")


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    """The template filled in, with `user`, `csrf_token`, `nav` and `home` added for the base layout."""
    found = getattr(request.state, "page", None)
    user = found[0] if found else None
    token = found[1] if found else request.cookies.get(FORM_COOKIE)
    new_form_cookie = None
    if token is None:
        token = new_form_cookie = secrets.token_urlsafe(32)
    full = {
        "request": request, "user": user, "csrf_token": token,
        "nav": NAV.get(user.role, []) if user else [], "home": home_of(user) if user else "/sign-in",
        "role_name": access.ROLE_NAMES.get(user.role, "").split(" ", 1)[-1] if user else "",
        "path": request.url.path, **(context or {}),
    }
    response = templates.TemplateResponse(request, name, full, status_code=status_code)
    if new_form_cookie is not None:
        response.set_cookie(FORM_COOKIE, new_form_cookie, httponly=True, samesite="strict", secure=is_https(request))
    return secure_headers(response, private=user is not None)


def is_https(request: Request) -> bool:
    """Whether the request came over TLS, so cookies are marked Secure."""
    return request.url.scheme == "https"


# Pages load nothing from other sites and may not be framed; inline scripts and styles are refused.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
       "form-action 'self'; base-uri 'none'")


def secure_headers(response: Response, *, private: bool = True) -> Response:
    """Adds the security headers every page answer carries; `private` pages are never cached."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if private:
        response.headers["Cache-Control"] = "no-store"
    return response


def redirect(path: str) -> RedirectResponse:
    """A 303 redirect (after a POST, the browser GETs the new page)."""
    return RedirectResponse(path, status_code=303)


def error_page(request: Request, status_code: int, message: str, title: str | None = None) -> HTMLResponse:
    """A readable error page with the sentence the API would give."""
    titles = {403: "Not allowed", 404: "Not found", 409: "Already there", 422: "Please check", 503: "Busy"}
    return render(request, "error.html", {
        "title": title or titles.get(status_code, "Something went wrong"), "message": message,
        "status": status_code,
    }, status_code=status_code)


class PageRoute(APIRoute):
    """A page route: the service's errors become HTML pages, a missing sign-in a redirect to /sign-in."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInNeeded as needed:
                return redirect(f"/sign-in?next={quote(needed.next_path, safe='/')}")
            except CsrfRejected:
                return error_page(
                    request, 403,
                    "This form has expired or did not come from this site. Go back, reload the page and try again.",
                    title="Form expired",
                )
            except WarmingUp as error:
                # Just after a start the ranking is still reading the openings: a page that refreshes itself.
                response = render(request, "warming.html", {"title": "Almost ready", "wait": error.retry_after_s},
                                  status_code=503)
                response.headers["Retry-After"] = str(error.retry_after_s)
                return response
            except RequestValidationError as error:
                return error_page(request, 422, " ".join(request_sentences(list(error.errors()), BaseModel)))
            except IpsmatchError as error:
                return error_page(request, status_of(error), str(error))

        return page_handler


def page_router(**kwargs: Any) -> APIRouter:
    """An APIRouter for pages: PageRoute errors, and left out of the API's OpenAPI description."""
    return APIRouter(route_class=PageRoute, include_in_schema=False, **kwargs)
