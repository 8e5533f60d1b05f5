"""The "My preferences" form: the seeker's words in and out of their career profile.

Checked by the API's own models (service/schemas.SeekerPatch, then the whole seeker when it is saved), so the
form accepts exactly what the API accepts; errors come back as one short sentence per field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from models import CareerProfile, Shift
from service.pages.job_cards import SHIFT_WORDS
from service.schemas import SeekerPatch, changes


@dataclass(frozen=True)
class Field:
    """One box on the form."""

    name: str  # the profile field
    label: str
    hint: str
    kind: str  # "list" (one per line), "number"
    unit: str = ""


FIELDS = (
    Field("job_types", "Jobs I want", "Write one job on each line. For example: dog walker.", "list"),
    Field("interests", "Things I like to do", "One on each line. For example: fixing bikes.", "list"),
    Field("avoid", "Jobs or places I do not want", "One on each line. For example: fast food.", "list"),
    Field("hours_min", "Fewest hours a week", "Leave it empty if you do not mind.", "number", "hours"),
    Field("hours_max", "Most hours a week", "Leave it empty if you do not mind.", "number", "hours"),
    Field("min_wage", "Lowest pay I will take", "Dollars an hour. For example: 15.50.", "number", "$ an hour"),
    Field("max_commute_km", "How far I can travel to work", "In km. Leave it empty if it does not matter.",
          "number", "km"),
)
LABELS = {**{f.name: f.label for f in FIELDS}, "shifts": "When I can work"}
SHIFTS = [(s.value, SHIFT_WORDS[s][0].upper() + SHIFT_WORDS[s][1:]) for s in Shift]

# One sentence per field, for any problem with it: what to type instead.
FIX = {
    "job_types": "Keep each job short (up to 200 letters), and list 50 at most.",
    "interests": "Keep each one short (up to 200 letters), and list 50 at most.",
    "avoid": "Keep each one short (up to 200 letters), and list 50 at most.",
    "hours_min": "Type a number of hours from 0 to 80, or leave it empty.",
    "hours_max": "Type a number of hours from 0 to 80, or leave it empty.",
    "min_wage": "Type the dollars an hour as a number from 0 to 500, like 15.50, or leave it empty.",
    "max_commute_km": "Type a distance in km, more than 0 and up to 500, or leave it empty.",
    "shifts": "Pick from the times shown.",
}
HEALTH = "Please leave out health or legal details. We do not keep them here."
ORDER = "The fewest hours are more than the most hours. Put the smaller number first."


def _lines(items: list[str]) -> str:
    return "\n".join(items)


def values_of(profile: CareerProfile) -> dict[str, Any]:
    """The form's boxes filled from the profile."""
    values: dict[str, Any] = {}
    for f in FIELDS:
        value = getattr(profile, f.name)
        values[f.name] = _lines(value) if f.kind == "list" else ("" if value is None else f"{value:g}")
    values["shifts"] = [s.value for s in profile.shifts]
    return values


def values_from(form: FormData) -> dict[str, Any]:
    """What the person typed, as text (kept to show the form again when something is wrong)."""
    values: dict[str, Any] = {f.name: str(form.get(f.name) or "")[:20_000] for f in FIELDS}
    values["shifts"] = [str(v) for v in form.getlist("shifts")][:10]
    return values


def _split(text: str) -> list[str]:
    """Items typed one per line (commas work too), blanks and repeats dropped."""
    items = (item.strip() for item in re.split(r"[\n,;]", text))
    return list(dict.fromkeys(item for item in items if item))


def changes_of(values: dict[str, Any]) -> dict[str, Any]:
    """The seeker changes these boxes make ({"profile": {...}}), checked by the API's SeekerPatch model;
    pydantic's ValidationError when something is not accepted."""
    profile: dict[str, Any] = {}
    for f in FIELDS:
        text = values[f.name].strip()
        profile[f.name] = _split(text) if f.kind == "list" else (text.replace("$", "").replace(",", "") or None)
    profile["shifts"] = values["shifts"]
    return changes(SeekerPatch.model_validate({"profile": profile}))


def errors_of(error: ValidationError) -> dict[str, str]:
    """One plain sentence per field that was not accepted ("" for problems with the form as a whole)."""
    found: dict[str, str] = {}
    for item in error.errors(include_url=False):
        loc = [str(part) for part in item.get("loc", ())]
        loc = loc[1:] if loc[:1] == ["profile"] else loc
        message = str(item.get("msg", ""))
        name = loc[0] if loc and loc[0] in FIX else ""
        if "clinical" in message or "zero exclusion" in message:
            text = HEALTH
        elif "hours_min" in message and "hours_max" in message:
            name, text = "hours_min", ORDER
        else:
            text = FIX.get(name, "Something here is not right. Please check it.")
        found.setdefault(name, text)
    return found


def plain_reason_error(error: ValidationError) -> str:
    """Why a "Not for me" reason was not kept, in plain words."""
    messages = " ".join(str(i.get("msg", "")) for i in error.errors(include_url=False))
    if "clinical" in messages or "zero exclusion" in messages:
        return HEALTH + " Go back and try again without them. You can also leave the reason empty."
    return "The reason is too long. Go back and make it shorter, or leave it empty."
