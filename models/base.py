"""Shared pydantic configuration: unknown fields are rejected, clinical fields are refused with a reason."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

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

ZERO_EXCLUSION_MESSAGE = (
    "ipsmatch does not accept '{field}'. IPS practises zero exclusion: anyone who wants a competitive job "
    "is eligible, whatever their diagnosis, symptoms, substance use, hospital stays, housing, disability "
    "level or legal history, so the software neither stores nor uses such information. Remove the field "
    "and send the request again."
)


@lru_cache(maxsize=4096)  # field names repeat on every record; validating 10k stored rows must stay cheap
def clinical_key(key: str) -> bool:
    """True when a field name names clinical or legal history that IPS zero exclusion keeps out."""
    letters = re.sub(r"[^a-z0-9]", "", key.lower())
    return letters in _CLINICAL_WORDS or any(stem in letters for stem in _CLINICAL_STEMS)


class DomainModel(BaseModel):
    """Base of every domain type: strict about unknown fields, trims strings, refuses clinical fields."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_clinical_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in data:
                if isinstance(key, str) and clinical_key(key):
                    raise ValueError(ZERO_EXCLUSION_MESSAGE.format(field=key))
        return data
