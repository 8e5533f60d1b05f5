"""Shared pydantic configuration: unknown fields are rejected, clinical fields and text are refused with a reason."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, ClassVar, get_args

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import InitErrorDetails

from models.screening import clinical_terms, may_mention

# IPS zero exclusion: none of these may be stored or used. Keys are compared after lower-casing and
# dropping everything but letters, so "Diagnosis", "diagnoses", "substance_use" and "criminal-record" all match.
_CLINICAL_STEMS = (
    "diagnos", "symptom", "substance", "drug", "alcohol", "addiction", "hospital", "psychiatr",
    "homeless", "housingstatus", "disabilitylevel", "disabilityrating", "disabilityseverity",
    "severity", "criminal", "conviction", "arrest", "felony", "offence", "offense", "legalhistory",
    "incarcerat", "probation", "parole", "medication", "clinical", "mentalillness", "mentalhealth",
    "readiness",
)
# Short codes are matched whole, so that ordinary names that happen to contain them still pass.
_CLINICAL_WORDS = frozenset({"dx", "icd", "icd10", "icd11", "dsm", "dsm5", "gaf"})

ZERO_EXCLUSION_REASON = (
    "IPS practises zero exclusion: anyone who wants a competitive job is eligible, whatever their diagnosis, "
    "symptoms, substance use, hospital stays, housing, disability level or legal history, so the software "
    "neither stores nor uses such information."
)
ZERO_EXCLUSION_MESSAGE = (
    "ipsmatch does not accept '{field}'. " + ZERO_EXCLUSION_REASON + " Remove the field and send the request again."
)
CLINICAL_TEXT_MESSAGE = (
    "ipsmatch does not store clinical or legal history, so it cannot keep {terms} in '{field}'. "
    + ZERO_EXCLUSION_REASON
    + " Reword the text without it and send the request again."
)
# Joins the items of a list of strings for one search; no pattern matches across it ("\s" never matches NUL,
# and the stores refuse NUL in stored text).
_ITEM_BREAK = "\x00"


@lru_cache(maxsize=4096)  # field names repeat on every record; validating 10k stored rows must stay cheap
def clinical_key(key: str) -> bool:
    """True when a field name names clinical or legal history that IPS zero exclusion keeps out."""
    letters = re.sub(r"[^a-z0-9]", "", key.lower())
    return letters in _CLINICAL_WORDS or any(stem in letters for stem in _CLINICAL_STEMS)


class DomainModel(BaseModel):
    """Base of every domain type: strict about unknown fields, trims strings, refuses clinical fields and text."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_clinical_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in data:
                if isinstance(key, str) and clinical_key(key):
                    raise ValueError(ZERO_EXCLUSION_MESSAGE.format(field=key))
        return data

    # The fields that can hold free text, found once per class (see __pydantic_init_subclass__).
    _text_fields: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._text_fields = tuple(name for name, info in cls.model_fields.items() if _holds_text(info.annotation))

    @model_validator(mode="after")
    def _refuse_clinical_text(self) -> Any:
        # Runs for every record, also when thousands are read back from the database, so the common case is
        # one cheap search over all of the record's own text; nested records check their own fields.
        texts: list[str] = []
        values = self.__dict__
        for name in self._text_fields:
            value = values[name]
            if type(value) is str:
                texts.append(value)
            elif type(value) is list:
                texts.extend(item for item in value if type(item) is str)
        if texts and may_mention(_ITEM_BREAK.join(texts)):
            problems = list(_clinical_text_problems(self))
            if problems:
                raise ValidationError.from_exception_data(type(self).__name__, problems)
        return self


def _holds_text(annotation: Any) -> bool:
    """True for str, and for str inside Annotated, Optional or list; enums and models hold no free text."""
    if annotation is str:
        return True
    return any(_holds_text(arg) for arg in get_args(annotation))


def _clinical_text_problems(record: DomainModel) -> Iterator[InitErrorDetails]:
    """One error per text that names clinical or legal history, located at its field (and list item)."""
    for field in record._text_fields:
        value = getattr(record, field)
        items: list[tuple[tuple[str | int, ...], Any]] = [((field,), value)] if type(value) is str else []
        if type(value) is list:
            items = [((field, i), item) for i, item in enumerate(value) if type(item) is str]
        for loc, text in items:
            terms = clinical_terms(text)
            if terms:
                quoted = [f"'{term}'" for term in terms]
                listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
                message = CLINICAL_TEXT_MESSAGE.format(terms=listed, field=field)
                yield InitErrorDetails(type="value_error", loc=loc, input=text, ctx={"error": ValueError(message)})
