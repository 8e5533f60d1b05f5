"""Validation errors turned into sentences a specialist can act on: the field, the problem, the allowed range."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo


def _field_info(model: type[BaseModel], loc: tuple[Any, ...]) -> FieldInfo | None:
    """Follows a pydantic error location through nested models to the field it names."""
    current: Any = model
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return info if part == loc[-1] else None
        info = fields[part]
        current = info.annotation
        for arg in get_args(current) or ():
            inner = get_args(arg) or (arg,)
            for candidate in inner:
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    current = candidate
    return info


def _description(info: FieldInfo) -> str | None:
    """The field's description, also when it sits on an Annotated type inside an Optional."""
    if info.description:
        return info.description
    pending = list(get_args(info.annotation))
    while pending:
        arg = pending.pop()
        if isinstance(arg, FieldInfo) and arg.description:
            return arg.description
        pending.extend(get_args(arg))
    return None


def explain(error: ValidationError, model: type[BaseModel]) -> list[str]:
    """One sentence per problem: where it is, what is wrong, and what would be accepted."""
    sentences = []
    for item in error.errors(include_url=False):
        loc = tuple(item.get("loc", ()))
        where = ".".join(str(p) for p in loc) or "request body"
        message = item.get("msg", "is not valid")
        message = message.removeprefix("Value error, ")
        info = _field_info(model, loc)
        description = _description(info) if info is not None else None
        allowed = f" (allowed: {description})" if description else ""
        if item.get("type") == "extra_forbidden" and loc[-1:] == ("id",):
            message = "ids are assigned by the server and never change; leave 'id' out"
        elif item.get("type") == "extra_forbidden":
            message = "is not a field ipsmatch knows; check the spelling against the API documentation"
        if "input" in item and item.get("type") not in {"missing", "extra_forbidden", "value_error"}:
            got = repr(item["input"])
            message = f"{message}; got {got[:80]}"
        sentences.append(f"{where}: {message}{allowed}")
    return sentences
