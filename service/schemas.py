"""Request and response shapes of the HTTP API, built on the domain models so validation lives in one place.

Decisions, also shown on the OpenAPI page:
- A create body is the domain model with the server-assigned fields (`id`, and the fields the path or the
  caller decides, such as `seeker_id` or `author_id`) left out of the schema; sending one anyway is a 422.
  Subclassing keeps every validator of the domain model (ranges, zero exclusion, unknown fields).
- A PATCH body is a partial JSON object: only the fields sent change, a nested `profile` is merged key by
  key, and the merged record is validated by the domain model before anything is written.
- A list answers `{"items": [...], "offset": o, "limit": l, "next_offset": n}`; `next_offset` is the offset
  of the next page, or null on the last page. There is no `total`: counting every matching row on each
  request costs more than paging needs, and `next_offset` is exact (one extra row is read to know it).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator
from pydantic.json_schema import SkipJsonSchema

from models import (
    CareerProfile,
    Disclosure,
    DomainModel,
    Employer,
    EmployerContact,
    Feedback,
    JobSeeker,
    Judgment,
    Opening,
    Role,
    Suggestion,
)
from models.fields import OccupationCode, Phrase, RecordId

ServerAssigned = Annotated[SkipJsonSchema[None], Field(description="assigned by the server; leave it out")]
# Occupation corrections have endpoints of their own, which check the code and record who chose it.
SET_ELSEWHERE = {
    "occupation_code": "chosen with PUT /api/v1/openings/{id}/occupation; leave it out here",
    "job_type_occupations": "chosen with PUT /api/v1/seekers/{id}/occupations; leave it out here",
}
FromPath = Annotated[SkipJsonSchema[None], Field(description="taken from the URL path; leave it out")]

D = TypeVar("D", bound=DomainModel)
T = TypeVar("T")

# Examples are the ones in /work/shared/API.md, so the docs and the contract say the same thing.
SEEKER_EXAMPLE: dict[str, Any] = {
    "name": "Ana R.",
    "specialist_id": 3,
    "entered_on": "2026-11-02",
    "profile": {
        "interests": ["caring for animals"],
        "job_types": ["kennel assistant"],
        "avoid": ["night shifts", "fast food"],
        "hours_min": 10,
        "hours_max": 25,
        "shifts": ["morning", "day"],
        "min_wage": 15.0,
        "home": {"lat": 44.97, "lon": -93.26},
        "max_commute_km": 12,
        "benefits": ["ssdi"],
        "disclosure": "undecided",
    },
}
EMPLOYER_EXAMPLE: dict[str, Any] = {
    "name": "Northside Animal Shelter",
    "industry": "animal care",
    "location": {"lat": 44.99, "lon": -93.27},
    "hiring_needs": ["kennel help on weekday mornings"],
}
OPENING_EXAMPLE: dict[str, Any] = {
    "employer_id": 7,
    "title": "Kennel assistant",
    "description": "Clean kennels, walk dogs",
    "hours_min": 15,
    "hours_max": 20,
    "shifts": ["morning"],
    "wage": 16.5,
}
CONTACT_EXAMPLE: dict[str, Any] = {
    "specialist_id": 3,
    "on": "2026-11-20",
    "face_to_face": True,
    "seeker_ids": [12],
    "stage": "learning_business",
    "needs": "They need two dishwashers for weekday lunch",
    "next_step": "return Tue",
}
FEEDBACK_EXAMPLE: dict[str, Any] = {"opening_id": 40, "reaction": "not_for_me", "reason": "too far"}
JUDGMENT_EXAMPLE: dict[str, Any] = {"opening_id": 40, "weight": 0.5, "note": "Ana did well at a similar job"}
SUGGESTIONS_EXAMPLE: dict[str, Any] = {
    "seeker_id": 12,
    "suggestions": [
        {
            "opening_id": 40,
            "employer_id": 7,
            "title": "Kennel assistant",
            "employer_name": "Northside Animal Shelter",
            "score": 0.81,
            "preference_score": 0.78,
            "reasons": ["Matches 'kennel assistant', a job you said you want"],
            "monthly_earnings": 1160.5,
            "benefits_note": "Below the 2026 SSDI substantial gainful activity level ($1,690 a month)",
            "unknown": [],
            "components": {"semantic": 0.74},
            "distance_km": 2.4,
        }
    ],
}
PATCH_EXAMPLES: dict[str, dict[str, Any]] = {
    "seeker": {"profile": {"shifts": ["morning"], "max_commute_km": 8}},
    "employer": {"hiring_needs": ["kennel help on weekday mornings", "front desk cover on Saturdays"]},
    "opening": {"status": "filled"},
}


def _examples(example: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


class ProfileCreate(CareerProfile):
    """The career profile of a new job seeker."""

    job_type_occupations: SkipJsonSchema[dict[str, str]] = Field(  # type: ignore[assignment]
        default_factory=dict, description=SET_ELSEWHERE["job_type_occupations"]
    )

    @field_validator("job_type_occupations", mode="before")
    @classmethod
    def _set_elsewhere(cls, value: Any) -> Any:
        if value not in (None, {}):
            raise ValueError(SET_ELSEWHERE["job_type_occupations"])
        return {}


class SeekerCreate(JobSeeker):
    """A new job seeker. A specialist may leave `specialist_id` out: the seeker joins their own caseload."""

    model_config = _examples(SEEKER_EXAMPLE)
    id: ServerAssigned = None
    profile: ProfileCreate = Field(default_factory=ProfileCreate)


class EmployerCreate(Employer):
    """A new employer."""

    model_config = _examples(EMPLOYER_EXAMPLE)
    id: ServerAssigned = None


class OpeningCreate(Opening):
    """A new opening; without a `location` it is at its employer's location. `status` defaults to open."""

    model_config = _examples(OPENING_EXAMPLE)
    id: ServerAssigned = None
    occupation_code: Annotated[  # type: ignore[assignment]
        SkipJsonSchema[None], Field(description=SET_ELSEWHERE["occupation_code"])
    ] = None


class ContactCreate(EmployerContact):
    """One job-development contact with the employer named in the path, made by the signed-in user."""

    model_config = _examples(CONTACT_EXAMPLE)
    id: ServerAssigned = None
    employer_id: FromPath = None
    specialist_id: RecordId | None = Field(  # type: ignore[assignment]
        default=None,
        description="who made the contact: always the signed-in user; leave it out, or send your own user id",
    )


class FeedbackCreate(Feedback):
    """The seeker's reaction to one opening; `not_for_me` removes it from their suggestions for good."""

    model_config = _examples(FEEDBACK_EXAMPLE)
    id: ServerAssigned = None
    seeker_id: FromPath = None
    at: ServerAssigned = None


class JudgmentCreate(Judgment):
    """A specialist's bounded view of one opening or one employer (give exactly one) for the seeker."""

    model_config = _examples(JUDGMENT_EXAMPLE)
    id: ServerAssigned = None
    seeker_id: FromPath = None
    author_id: ServerAssigned = None
    at: ServerAssigned = None


def to_domain(body: DomainModel, model: type[D], **decided: Any) -> D:
    """The domain record a create body describes, with the fields the server decides filled in."""
    return model.model_validate({**body.model_dump(exclude_unset=True), **decided})


class Page(BaseModel, Generic[T]):
    """One page of a list: `items`, where it starts, its size, and where the next page starts (null at the end)."""

    items: list[T]
    offset: int = Field(description="how many records were skipped")
    limit: int = Field(description="the most records one page holds")
    next_offset: int | None = Field(description="the offset of the next page; null when this page is the last")

    @classmethod
    def of(cls, rows: list[T], offset: int, limit: int) -> Page[T]:
        """A page from up to limit + 1 rows; the extra row only says that another page exists."""
        more = len(rows) > limit
        return cls(items=rows[:limit], offset=offset, limit=limit, next_offset=offset + limit if more else None)


class Suggestions(BaseModel):
    """Ranked openings for one seeker, best first."""

    model_config = _examples(SUGGESTIONS_EXAMPLE)
    seeker_id: int
    suggestions: list[Suggestion]


def partial(
    model: type[DomainModel], name: str, doc: str, example: dict[str, Any] | None = None, **nested: type[BaseModel]
) -> type[DomainModel]:
    """A PATCH body for `model`: every field optional (absent = unchanged, null = cleared), same limits.

    The fields and their limits come from the domain model itself, so each limit is defined once (in
    models/); `id` is left out because ids never change. `nested` replaces a field's type by its own partial
    model (a seeker's `profile` is merged key by key). The changed record is validated whole afterwards.
    """
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        if field_name == "id":
            continue
        if field_name in SET_ELSEWHERE:
            fields[field_name] = (SkipJsonSchema[None], Field(default=None, description=SET_ELSEWHERE[field_name]))
            continue
        annotation = nested.get(field_name, info.annotation)
        copied = copy.copy(info)
        copied.default, copied.default_factory = None, None
        fields[field_name] = (annotation | None, copied)
    patch = create_model(name, __base__=DomainModel, __doc__=doc, **fields)
    if example:
        patch.model_config["json_schema_extra"] = {"examples": [example]}
        patch.model_rebuild(force=True)
    return patch


PATCH_RULE = (
    "Only the fields sent change; send `null` to clear an optional field. The changed record is validated as "
    "a whole; if it is invalid nothing changes."
)
ProfilePatch = partial(CareerProfile, "ProfilePatch", "Any subset of the career profile's fields.")
SeekerPatch = partial(
    JobSeeker, "SeekerPatch",
    f"Any subset of the seeker's fields; `profile` is merged key by key. {PATCH_RULE} A job seeker may change "
    "`name` and `profile`; a specialist also `entered_on` and `active`; handing a seeker to another specialist "
    "needs an admin.",
    PATCH_EXAMPLES["seeker"],
    profile=ProfilePatch,
)
EmployerPatch = partial(
    Employer, "EmployerPatch", f"Any subset of the employer's fields. {PATCH_RULE}", PATCH_EXAMPLES["employer"]
)
OpeningPatch = partial(
    Opening, "OpeningPatch", f"Any subset of the opening's fields. {PATCH_RULE}", PATCH_EXAMPLES["opening"]
)


def changes(body: BaseModel) -> dict[str, Any]:
    """The fields a PATCH body actually sent (nested bodies too), as plain JSON values.

    The fields set elsewhere (SET_ELSEWHERE) can only be sent as null here, which changes nothing.
    """
    sent = body.model_dump(mode="json", exclude_unset=True, exclude=set(SET_ELSEWHERE))
    if isinstance(sent.get("profile"), dict):
        sent["profile"] = {k: v for k, v in sent["profile"].items() if k not in SET_ELSEWHERE}
    return sent


class Candidate(BaseModel):
    """A seeker who fits one of the employer's openings, judged by the seeker's own preferences."""

    seeker_id: int
    name: str
    disclosure: Disclosure = Field(description="whether employers may be told of the seeker's disability")
    opening_id: int = Field(description="the employer's opening that ranks highest among the seeker's suggestions")
    title: str
    score: float
    preference_score: float = Field(description="how well the opening meets the seeker's own preferences, 0 to 1")
    reasons: list[str]


class Candidates(BaseModel):
    """Seekers the caller may introduce whose own suggestions include this employer, best fit first."""

    employer_id: int
    candidates: list[Candidate]


class Me(BaseModel):
    """The signed-in user: who they are, their role, and the records their role is tied to."""

    id: int
    name: str
    role: Role
    seeker_id: int | None = Field(description="for a job seeker: their own seeker record")
    specialist_id: int | None = Field(
        description="for an employment specialist: the id their caseload and contacts are filed under"
    )


class CaseloadSeeker(BaseModel):
    """One seeker of the caseload and where they stand on rapid job search (IPS-25: first face-to-face
    employer contact within the rapid-search limit of entry)."""

    seeker_id: int
    name: str
    entered_on: dt.date | None
    days_since_entry: int | None = Field(description="null when the entry date is not recorded")
    first_face_to_face: dt.date | None = Field(description="the first face-to-face employer contact naming them")
    days_to_first_contact: int | None
    days_left: int | None = Field(description="days before the rapid-search limit passes; negative when overdue")
    flagged: bool = Field(description="the limit passed with no face-to-face employer contact for them")


class Caseload(BaseModel):
    """A specialist's active caseload, most urgent first, with the figures IPS fidelity reviews look at."""

    specialist_id: int
    caseload_size: int = Field(description="active seekers")
    caseload_limit: int = Field(description="IPS-25 caseload size item: 20 or fewer (setting caseload_limit)")
    rapid_search_days: int = Field(description="days from entry to the first face-to-face employer contact")
    face_to_face_this_week: int = Field(description="face-to-face employer contacts made this ISO week")
    contacts_per_week_target: float = Field(description="the program's weekly target (setting)")
    seekers: list[CaseloadSeeker]


class PlannedSeeker(BaseModel):
    """A seeker a planned visit is for, and the opening there that fits them best."""

    seeker_id: int
    name: str
    opening_id: int
    title: str
    fit: float = Field(description="the seeker's preference score for that opening, 0 to 1")
    disclosure: Disclosure = Field(description="only seekers who said yes are named in the talking points")


class PlannedVisit(BaseModel):
    """One employer visit of the plan: for whom, why, and what to raise with the employer."""

    employer_id: int
    employer_name: str
    industry: str | None
    for_seekers: list[int] = Field(description="the seekers this visit is for, most served first")
    seekers: list[PlannedSeeker]
    reasons: list[str] = Field(description="why this visit, for the specialist")
    talking_points: list[str] = Field(
        description="what to raise with the employer; names only seekers who said yes to disclosure"
    )
    score: float = Field(description="what the visit adds to the plan's objective")
    follow_up_due: dt.date | None = Field(description="a next step promised to this employer, due by the week's end")
    last_seen: dt.date | None = Field(description="the last contact with this employer, by anyone in the program")


class HeldBackEmployer(BaseModel):
    """An employer someone in the caseload fits that the limits keep out of this week's plan."""

    employer_id: int
    employer_name: str
    why: str


class VisitPlan(BaseModel):
    """A specialist's employer visits for one ISO week, best first (greedy over a weighted facility location)."""

    specialist_id: int
    week: str = Field(description="the ISO week, such as 2026-W48")
    week_start: dt.date
    week_end: dt.date
    as_of: dt.date = Field(description="the day the plan is made from: today in this week, else the week's Monday")
    visits_asked: int
    caseload_size: int
    objective: float = Field(description="the plan's value: each seeker's best fit, weighted, plus small bonuses")
    seekers_served: int = Field(description="seekers with at least one planned visit that fits them (0.5 or more)")
    visits: list[PlannedVisit]
    held_back: list[HeldBackEmployer] = Field(
        description="employers someone fits but left out this week (contact cap, or seen recently)"
    )


class LikelyDuplicate(BaseModel):
    """An employer on record that the one being added likely duplicates."""

    id: int
    name: str
    score: float = Field(description="how alike the two names are, 0 to 1 (1: the same name once tidied)")
    distance_km: float | None = Field(description="how far apart the two are; null when either has no location")


class LikelyDuplicates(BaseModel):
    """The answer (409) to adding an employer that is likely on record already; nothing was written."""

    detail: str
    duplicates: list[LikelyDuplicate] = Field(description="most alike first")


class EmployerMerge(BaseModel):
    """Which employer to keep: the employer in the path is folded into `into` and deleted."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"into": 7}]})
    into: RecordId = Field(description="the id of the employer to keep")


class NeedEntry(BaseModel):
    """One recorded hiring need and how much it counts in the ranking today."""

    text: str
    recorded_on: dt.date = Field(description="the contact's date; today for the employer's own record")
    source: str = Field(description="'employer record' or 'contact {id}'")
    weight: float = Field(description="1 when recorded today, halving every needs_half_life_days")


class EmployerNeeds(BaseModel):
    """An employer's hiring needs over time, newest first, as recorded on the employer and in contacts."""

    employer_id: int
    half_life_days: float = Field(description="the setting needs_half_life_days")
    needs: list[NeedEntry]


class ContactDone(DomainModel):
    """Marks the contact's follow-up (its next step) done on a date, or open again with null."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"done_on": "2026-11-24"}]})
    done_on: dt.date | None = Field(description="when the next step was taken; null opens the follow-up again")


class FollowUp(BaseModel):
    """A next step the caller set at an employer contact."""

    contact_id: int
    employer_id: int
    employer_name: str
    next_step: str
    due_on: dt.date
    contact_on: dt.date = Field(description="the date of the contact that set the next step")
    done_on: dt.date | None
    seeker_ids: list[int] = Field(description="the seekers the contact named (only those you may know)")


class FollowUps(BaseModel):
    """The caller's follow-ups as of `today`: due this ISO week, overdue, and done in the last 14 days."""

    user_id: int
    today: dt.date
    due: list[FollowUp] = Field(description="not done, due from today to Sunday of this ISO week, soonest first")
    overdue: list[FollowUp] = Field(description="not done, due before today, longest overdue first")
    done: list[FollowUp] = Field(description="done in the last 14 days, most recent first")


class FidelityFigure(BaseModel):
    """One program figure, the IPS-25 item it serves, and how it was computed."""

    key: str
    item: str = Field(description="the IPS-25 fidelity item")
    how: str
    value: float | None = Field(description="null when the period holds nothing to measure")
    count: int | None
    out_of: int | None
    target: float | None
    met: bool | None


class FidelityWeek(BaseModel):
    """Face-to-face employer contacts of one specialist in one ISO week."""

    week: str
    monday: dt.date
    face_to_face: int
    on_target: bool


class FidelitySpecialist(BaseModel):
    """One employment specialist's figures over the period."""

    specialist_id: int
    name: str
    caseload: int
    caseload_within_limit: bool
    weeks: list[FidelityWeek]
    face_to_face_per_week: float | None
    weeks_on_target: int
    seeker_contacts: int = Field(description="employer contacts naming a seeker, once per seeker named")
    seeker_contacts_fitting: int = Field(description="of those, where the employer fits the seeker's preferences")


class FidelitySeeker(BaseModel):
    """Rapid job search for one seeker who entered during the period."""

    seeker_id: int
    name: str
    specialist_id: int | None
    entered_on: dt.date
    first_face_to_face: dt.date | None
    days_to_first_contact: int | None
    within_limit: bool | None = Field(description="null: no contact yet and the limit has not passed")


class Fidelity(BaseModel):
    """The program's IPS-25 fidelity figures over a period; per-specialist and per-seeker rows as the caller
    may see them (admins: all; a specialist: their own; a job developer: the program figures only)."""

    start: dt.date = Field(serialization_alias="from")
    end: dt.date = Field(serialization_alias="to")
    figures: list[FidelityFigure]
    specialists: list[FidelitySpecialist]
    seekers: list[FidelitySeeker]


class OccupationView(BaseModel):
    """The taxonomy occupation a title or job type stands for, how sure the match is, and whether a person chose it."""

    code: str = Field(description="the occupation's code in the taxonomy")
    label: str = Field(description="the occupation's name in the taxonomy")
    confidence: float = Field(description="how sure the automatic match is, 0 to 1; 1 when a person chose it")
    low_confidence: bool = Field(
        description="true: the automatic match is unsure and waits in GET /api/v1/occupations/review for a person"
    )
    corrected: bool = Field(description="true: a specialist, job developer or admin chose this occupation")


class OpeningOut(Opening):
    """An opening and the occupation its title is grounded to (or the one a person chose)."""

    # Shown as `occupation` instead; hidden so that sending back what was read stays a valid change.
    occupation_code: SkipJsonSchema[str | None] = Field(default=None, exclude=True)  # type: ignore[assignment]
    occupation: OccupationView


class ProfileOut(CareerProfile):
    """The career profile as read; its job types' occupations are listed beside it, under `occupations`."""

    job_type_occupations: SkipJsonSchema[dict[str, str]] = Field(default_factory=dict, exclude=True)  # type: ignore[assignment]


class JobTypeOccupation(BaseModel):
    """The occupation one of the seeker's wanted job types is grounded to."""

    job_type: str = Field(description="the job type as the profile's job_types gives it")
    occupation: OccupationView


class SeekerOut(JobSeeker):
    """A job seeker, their career profile, and the occupation each wanted job type is grounded to."""

    profile: ProfileOut = Field(default_factory=ProfileOut)
    occupations: list[JobTypeOccupation] = Field(description="one per job type in profile.job_types, in order")


class OpeningOccupationChoice(DomainModel):
    """The occupation a person chooses for an opening; null gives the automatic grounding back."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"code": "37-2021.00"}]})
    code: OccupationCode | None = Field(description="a code from GET /api/v1/occupations?q=...; null: automatic")


class JobTypeOccupationChoice(DomainModel):
    """The occupation a specialist chooses for one of the seeker's wanted job types; null: automatic again."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"job_type": "kennel assistant", "code": "39-2021.00"}]})
    job_type: Phrase = Field(description="one of the seeker's profile.job_types, as written there")
    code: OccupationCode | None = Field(description="a code from GET /api/v1/occupations?q=...; null: automatic")


class OccupationMatch(BaseModel):
    """An occupation of the taxonomy that fits the words searched for."""

    code: str
    label: str
    confidence: float = Field(description="how well it fits the words searched for, 0 to 1")
    low_confidence: bool


class OccupationSearch(BaseModel):
    """Occupations of the taxonomy for a picker, best fit first."""

    q: str
    occupations: list[OccupationMatch]


class OpeningToReview(BaseModel):
    """An open opening whose title is grounded with low confidence and no one has chosen an occupation for."""

    opening_id: int
    employer_id: int
    title: str
    occupation: OccupationView


class JobTypeToReview(BaseModel):
    """A wanted job type of a seeker grounded with low confidence, with no occupation chosen for it."""

    seeker_id: int
    name: str
    job_type: str
    occupation: OccupationView


class OccupationReview(BaseModel):
    """Unsure occupation matches waiting for a person: open openings, and job types of seekers you may read."""

    openings: list[OpeningToReview]
    job_types: list[JobTypeToReview] = Field(description="only seekers whose records you may read")
