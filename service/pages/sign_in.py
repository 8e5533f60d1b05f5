"""Signing in and out of the pages, `/` (off to the signed-in user's home page) and `/account`."""

# No `from __future__ import annotations`: FastAPI reads the dependency types at runtime.
import datetime as dt
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response

from service import sign_in
from service.pages.web import (
    SESSION_COOKIE,
    CsrfChecked,
    MaybeUser,
    PageSession,
    PageUser,
    home_of,
    is_https,
    page_router,
    redirect,
    render,
    safe_next,
)
from service.stores import page_sessions, users

router = page_router()


@router.get("/")
def front(user: MaybeUser) -> Response:
    return redirect(home_of(user) if user else "/sign-in")


@router.get("/sign-in")
def sign_in_page(
    request: Request,
    user: MaybeUser,
    next_path: Annotated[str | None, Query(alias="next", max_length=2000)] = None,
    signed_out: bool = False,
) -> Response:
    if user is not None:
        return redirect(safe_next(next_path) or home_of(user))
    return render(request, "sign_in.html", {
        "title": "Sign in", "next": safe_next(next_path) or "", "signed_out": signed_out, "username": "",
    })


@router.post("/sign-in")
def sign_in_submit(request: Request, session: PageSession, form: CsrfChecked) -> Response:
    username = str(form.get("username") or "")[:200]
    password = str(form.get("password") or "")
    next_path = safe_next(str(form.get("next") or ""))
    if not username.strip() or not password:
        return render(request, "sign_in.html", {
            "title": "Sign in", "next": next_path or "", "username": username,
            "error": "Type your username and your password.",
        }, status_code=400)
    try:
        user = sign_in.authenticate(session, username, password, request.client.host if request.client else None)
    except sign_in.SignInRefused as refused:
        response = render(request, "sign_in.html", {
            "title": "Sign in", "next": next_path or "", "username": username, "error": str(refused),
        }, status_code=429 if refused.retry_after else 400)
        if refused.retry_after:
            response.headers["Retry-After"] = str(refused.retry_after)
        return response
    # A new session id at every sign-in (an id planted before sign-in is worth nothing afterwards).
    page_sessions.end(session, request.cookies.get(SESSION_COOKIE))
    lifetime = dt.timedelta(hours=request.app.state.settings.page_session_hours)
    session_id = page_sessions.start(session, user.id, lifetime)
    response = redirect(next_path or home_of(user))
    response.set_cookie(
        SESSION_COOKIE, session_id, max_age=int(lifetime.total_seconds()), path="/", httponly=True,
        samesite="lax", secure=is_https(request),
    )
    return response


@router.post("/sign-out")
def sign_out(request: Request, session: PageSession, form: CsrfChecked) -> Response:
    page_sessions.end(session, request.cookies.get(SESSION_COOKIE))
    response = redirect("/sign-in?signed_out=true")
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request))
    return response


@router.get("/account")
def account(request: Request, session: PageSession, user: PageUser) -> Response:
    return render(request, "account.html", {"title": "Your account", "username": users.username_of(session, user.id)})
