"""The demo program shipped with ipsmatch: one small IPS team in Minneapolis-Saint Paul.

program.json is written by `python -m service.demo.generate`; load_program() reads it from the installed package
and checks every record with the domain models, so the demo can never hold data the API would refuse.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError

from models import Employer, EmployerContact, Feedback, InvalidInput, JobSeeker, Opening, User, explain

__all__ = ["DemoProgram", "load_program"]

PROGRAM_FILE = "program.json"


@dataclass(frozen=True)
class DemoProgram:
    """Every record of the demo program, validated, in file order (ids are the ones the file gives)."""

    specialists: tuple[User, ...]
    seekers: tuple[JobSeeker, ...]
    employers: tuple[Employer, ...]
    openings: tuple[Opening, ...]
    contacts: tuple[EmployerContact, ...]
    feedback: tuple[Feedback, ...]
    job_developers: tuple[User, ...] = ()


_MODELS: dict[str, type[BaseModel]] = {
    "specialists": User,
    "job_developers": User,
    "seekers": JobSeeker,
    "employers": Employer,
    "openings": Opening,
    "contacts": EmployerContact,
    "feedback": Feedback,
}


def _validated(key: str, rows: list[Any], model: type[BaseModel]) -> tuple[Any, ...]:
    records = []
    for i, row in enumerate(rows):
        try:
            records.append(model.model_validate(row))
        except ValidationError as error:
            problems = "; ".join(explain(error, model))
            raise InvalidInput(f"demo {PROGRAM_FILE}, {key}[{i}]: {problems}") from error
    return tuple(records)


def load_program() -> DemoProgram:
    """Reads the packaged program.json and returns its records as domain models.

    Raises InvalidInput, naming the record and the field, if any record does not validate.
    """
    text = resources.files(__name__).joinpath(PROGRAM_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    return DemoProgram(**{key: _validated(key, data.get(key, []), model) for key, model in _MODELS.items()})
