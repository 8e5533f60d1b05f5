"""The one place where errors become HTTP responses: a status from the error's class and a readable `detail`.

Every error body is JSON with a `detail` sentence written for a specialist. Validation errors add the raw
problems under `errors` (type, loc, msg) for programs. Bad input is always 4xx: request validation, domain
validation inside a store, and the database refusing a value all map to 4xx here, so only a genuine bug
answers 500, and that answer never carries a traceback (the error is logged instead).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

import models
from models import Conflict, Forbidden, InvalidInput, IpsmatchError, ModelUnavailable, NotFound, WarmingUp, explain

log = logging.getLogger("ipsmatch.service")

# Checked in order, so the most specific class comes first.
STATUS_OF: tuple[tuple[type[IpsmatchError], int], ...] = (
    (InvalidInput, 422),
    (NotFound, 404),
    (Forbidden, 403),
    (Conflict, 409),
    (ModelUnavailable, 503),
    (WarmingUp, 503),
)


class Problem(BaseModel):
    """What every error answer looks like (for the OpenAPI page)."""

    detail: str
    errors: list[dict[str, Any]] | None = None


# For the OpenAPI page: every route may answer these, all in the Problem shape (FastAPI's default 422
# schema, a list under `detail`, is not what this API sends).
RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "no valid bearer token"},
    403: {"model": Problem, "description": "your role may never do this"},
    404: {"model": Problem, "description": "no such record, or one you may not know exists"},
    422: {"model": Problem, "description": "invalid input; `detail` says what and why, `errors` lists each problem"},
}


def status_of(error: IpsmatchError) -> int:
    """The HTTP status for one of the models' errors."""
    for cls, status in STATUS_OF:
        if isinstance(error, cls):
            return status
    return 400


class _Items:
    """Lets models.explain read a list of error items that did not come from one ValidationError."""

    def __init__(self, items: Iterable[Mapping[str, Any]]) -> None:
        self._items = [dict(item) for item in items]

    def errors(self, include_url: bool = False) -> list[dict[str, Any]]:
        return self._items


def _plain(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Error items reduced to JSON-safe parts; the input is left out so a rejected body is not echoed back."""
    return [{"type": i.get("type"), "loc": [str(p) for p in i.get("loc", ())], "msg": i.get("msg")} for i in items]


def _body_model(request: Request) -> type[BaseModel]:
    """The pydantic model of the route's JSON body, so sentences can name field limits; BaseModel if none."""
    field = getattr(request.scope.get("route"), "body_field", None)
    annotation = getattr(getattr(field, "field_info", None), "annotation", None)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else BaseModel


def request_sentences(items: list[dict[str, Any]], body_model: type[BaseModel]) -> list[str]:
    """One sentence per problem with the request: body problems through models.explain, then the others."""
    if any(i.get("type") == "json_invalid" for i in items):
        item = next(i for i in items if i.get("type") == "json_invalid")
        reason = (item.get("ctx") or {}).get("error", "it could not be read")
        position = item["loc"][-1] if len(item.get("loc", ())) > 1 else "?"
        return [f"The request body is not valid JSON ({reason} at character {position})."]
    if any(isinstance(i.get("input"), bytes) and tuple(i.get("loc", ())) == ("body",) for i in items):
        # FastAPI hands over raw bytes when the body was not declared as JSON.
        return ["The request body must be JSON, sent with the header 'Content-Type: application/json'."]
    body = [{**i, "loc": tuple(i["loc"][1:])} for i in items if i.get("loc", ("",))[0] == "body"]
    other = [i for i in items if i.get("loc", ("",))[0] != "body"]
    sentences = explain(_Items(body), body_model) if body else []  # type: ignore[arg-type]
    sentences += explain(_Items(other), BaseModel) if other else []  # type: ignore[arg-type]
    return sentences


def _join(sentences: list[str]) -> str:
    return "; ".join(sentences) if sentences else "The request is not valid."


async def _request_invalid(request: Request, error: RequestValidationError) -> JSONResponse:
    items = list(error.errors())
    detail = _join(request_sentences(items, _body_model(request)))
    return JSONResponse({"detail": detail, "errors": _plain(items)}, status_code=422)


async def _domain_invalid(request: Request, error: ValidationError) -> JSONResponse:
    # Raised inside a route or store when merged changes (PATCH) fail the domain model; the error's title
    # is the model's class name, which names the model whose field descriptions explain the limits.
    model = getattr(models, error.title, None)
    model = model if isinstance(model, type) and issubclass(model, BaseModel) else BaseModel
    # Locations start with "body", as FastAPI's own request errors do, so clients read both the same way.
    items = [{**i, "loc": ("body", *i.get("loc", ()))} for i in error.errors(include_url=False)]
    return JSONResponse({"detail": _join(explain(error, model)), "errors": _plain(items)}, status_code=422)


async def _ipsmatch_error(request: Request, error: IpsmatchError) -> JSONResponse:
    # A server still warming up says when to ask again, as a busy one does.
    headers = {"Retry-After": str(error.retry_after_s)} if isinstance(error, WarmingUp) else None
    return JSONResponse({"detail": str(error)}, status_code=status_of(error), headers=headers)


async def _database_refused(request: Request, error: DataError | IntegrityError) -> JSONResponse:
    # A safety net: the stores check references and ranges first, so reaching here means a value slipped
    # past them (for example a number too large for a database column). It is still the caller's input.
    log.warning("database refused a request: %s", error.orig)
    text = str(error.orig).lower()
    if isinstance(error, IntegrityError) and "foreign key" not in text:
        return JSONResponse({"detail": "The request clashes with a record that already exists."}, status_code=409)
    detail = "A value in the request is out of range or refers to a record that does not exist."
    return JSONResponse({"detail": detail}, status_code=422)


async def _database_unavailable(request: Request, error: OperationalError) -> JSONResponse:
    # The database is down, or busy past the timeout: not the caller's fault, and worth retrying.
    log.error("database unavailable on %s %s: %s", request.method, request.url.path, error.orig)
    detail = "The database is not answering right now. Try again in a moment."
    return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "5"})


async def _pool_exhausted(request: Request, error: PoolTimeout) -> JSONResponse:
    # Admission keeps requests within the pool, so this means work outside requests held connections too long.
    log.error("no database connection free for %s %s: %s", request.method, request.url.path, error)
    detail = "ipsmatch is busy and could not reach its database in time. Nothing was changed; try again in a moment."
    return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "5"})


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    detail = "Something went wrong on the server; the error has been logged."
    return JSONResponse({"detail": detail}, status_code=500)


def install(app: FastAPI) -> None:
    """Registers the handlers that turn every error into a JSON answer with a readable `detail`."""
    app.add_exception_handler(RequestValidationError, _request_invalid)  # type: ignore[arg-type]
    app.add_exception_handler(ValidationError, _domain_invalid)  # type: ignore[arg-type]
    app.add_exception_handler(IpsmatchError, _ipsmatch_error)  # type: ignore[arg-type]
    app.add_exception_handler(DataError, _database_refused)  # type: ignore[arg-type]
    app.add_exception_handler(IntegrityError, _database_refused)  # type: ignore[arg-type]
    app.add_exception_handler(OperationalError, _database_unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(PoolTimeout, _pool_exhausted)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
