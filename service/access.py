"""Who may do what to which record: the one table every route and page asks, and nothing else decides.

A rule is (resource, action) -> for each role, the relations to the record under which it is allowed:

- ``own``: the record is the caller's own (a job seeker and their seeker record),
- ``caseload``: the seeker is in the calling specialist's caseload,
- ``disclosed``: the seeker said yes to disclosure, so the program may talk to employers about them,
- ``other``: any other seeker,
- ``catalogue``: records that belong to no seeker (employers, openings, contacts, the caller themself).

A role with no entry for (resource, action) may never do it: 403, naming what it may not do. A role that
may do it under some relation, but not under the caller's relation to this seeker, gets 404 with the same
words as for a seeker that does not exist: a caller never learns that a seeker outside their reach exists.
The same relation decides which seeker ids may appear inside lists the caller reads (a contact log,
candidates), so what a caller may not know appears nowhere.

Pure functions over models/ types: the service's dependencies (service/deps.py) call these with the
signed-in user and the record they loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from models import Disclosure, Forbidden, JobSeeker, Role, User


class Relation(StrEnum):
    """How the caller stands to a record."""

    own = "own"
    caseload = "caseload"
    disclosed = "disclosed"
    other = "other"
    catalogue = "catalogue"


class Action(StrEnum):
    """What the caller wants to do."""

    create = "create"
    list = "list"
    read = "read"
    update = "update"
    delete = "delete"
    name = "name"  # name a seeker inside another record (an employer contact)
    know = "know"  # see that a seeker exists: their id in a list, their name among candidates
    merge = "merge"  # fold one record into another (a duplicate employer), deleting the first


ANY = frozenset(Relation)
OWN = frozenset({Relation.own})
CASELOAD = frozenset({Relation.caseload})
DISCLOSED = frozenset({Relation.disclosed})
CATALOGUE = frozenset({Relation.catalogue})

A, S, D, J = Role.admin, Role.specialist, Role.job_developer, Role.seeker
L = Role.program_lead

# The table. Decisions, also in the README's role table:
# - A seeker works on their own record only; they read the catalogue (their suggestions show it anyway).
# - A specialist keeps their own caseload, and does their own job development (IPS): they add and edit
#   employers and openings and log contacts; deleting catalogue records stays with job developers and admins.
# - A job developer never reads seeker records; they may know (and name in a contact, and see among
#   candidates) only seekers who said yes to disclosure.
# - Specialist judgments belong to the seeker's specialist (and admins); the seeker sees them only as a reason.
# - A program lead reads the program's fidelity figures, per specialist too, and nothing about any seeker:
#   no seeker records, no per-seeker rows, no catalogue, no contact log (which names seekers).
RULES: Mapping[tuple[str, Action], Mapping[Role, frozenset[Relation]]] = {
    ("seeker", Action.create): {A: ANY, S: CASELOAD},
    ("seeker", Action.list): {A: ANY, S: CASELOAD},
    ("seeker", Action.read): {A: ANY, S: CASELOAD, J: OWN},
    ("seeker", Action.update): {A: ANY, S: CASELOAD, J: OWN},
    ("seeker", Action.delete): {A: ANY, S: CASELOAD},
    ("seeker", Action.know): {A: ANY, S: CASELOAD, J: OWN, D: DISCLOSED},
    ("seeker", Action.name): {A: ANY, S: CASELOAD, D: DISCLOSED},
    ("suggestions", Action.read): {A: ANY, S: CASELOAD, J: OWN},
    ("feedback", Action.create): {A: ANY, S: CASELOAD, J: OWN},
    ("feedback", Action.read): {A: ANY, S: CASELOAD, J: OWN},
    ("judgment", Action.create): {A: ANY, S: CASELOAD},
    ("judgment", Action.read): {A: ANY, S: CASELOAD},
    ("employer", Action.read): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE, J: CATALOGUE},
    ("employer", Action.create): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    ("employer", Action.update): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    ("employer", Action.delete): {A: CATALOGUE, D: CATALOGUE},
    # Merging deletes one of the two employers, so it stays with those who may delete employers.
    ("employer", Action.merge): {A: CATALOGUE, D: CATALOGUE},
    ("opening", Action.read): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE, J: CATALOGUE},
    ("opening", Action.create): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    ("opening", Action.update): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    ("opening", Action.delete): {A: CATALOGUE, D: CATALOGUE},
    ("contact", Action.create): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    ("contact", Action.read): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    ("candidates", Action.read): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    # Who may appear as a candidate for an employer: admins and job developers see those who agreed to
    # disclosure; a specialist sees their own caseload (each candidate says whether they agreed).
    ("candidate", Action.know): {A: DISCLOSED, S: CASELOAD, D: DISCLOSED},
    ("me", Action.read): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE, J: CATALOGUE, L: CATALOGUE},
    ("caseload", Action.read): {S: CATALOGUE},
    # Hiring needs over time: staff who read the contact log read what it recorded.
    ("needs", Action.read): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    # Marking a contact's follow-up done: the person who logged it (relation own) or an admin.
    ("contact", Action.update): {A: ANY, S: OWN, D: OWN},
    # Follow-ups are the caller's own next steps (admins see theirs too).
    ("follow_ups", Action.read): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    # Fidelity figures: every staff role reads the program's figures; per-specialist rows go to admins and to
    # each specialist for their own (relation own); per-seeker rows follow ("seeker", list).
    ("fidelity", Action.read): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE, L: CATALOGUE},
    ("specialist_figures", Action.read): {A: ANY, S: OWN, L: ANY},
    # A visit plan names seekers of one caseload: their specialist reads it (relation own: the plan is theirs),
    # admins read any specialist's; /me/visit-plan is a specialist's own.
    ("visit_plan", Action.read): {A: ANY, S: OWN},
    ("own_visit_plan", Action.read): {S: CATALOGUE},
    # The job seeker's own pages ("Jobs for you", "My preferences"): what they show still goes through the
    # seeker's own rules above (suggestions, feedback, seeker update) with relation own.
    ("seeker_pages", Action.read): {J: CATALOGUE},
    # Occupations: the taxonomy is public, so everyone may search it. Unsure matches wait for staff; the
    # job types in that queue follow ("seeker", read). An opening's occupation is corrected by those who
    # may change openings; a job type's, like the rest of the career profile's staff work, by the seeker's
    # specialist (or an admin), never by the seeker: it decides how their own words are read.
    ("occupations", Action.read): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE, J: CATALOGUE},
    ("occupation_review", Action.read): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    ("opening_occupation", Action.update): {A: CATALOGUE, S: CATALOGUE, D: CATALOGUE},
    ("job_type_occupation", Action.update): {A: ANY, S: CASELOAD},
}

# Which seeker fields each role may change (the rest belong to someone else): a seeker their name and
# profile; a specialist also the program dates and status, but handing a seeker to another specialist
# needs an admin.
SEEKER_FIELDS: Mapping[Role, frozenset[str]] = {
    A: frozenset({"name", "profile", "specialist_id", "entered_on", "active"}),
    S: frozenset({"name", "profile", "entered_on", "active"}),
    J: frozenset({"name", "profile"}),
}

ROLE_NAMES = {
    A: "an admin", S: "an employment specialist", D: "a job developer", J: "a job seeker", L: "a program lead"
}

# What each (resource, action) is called in a 403 sentence: "As a job seeker you may not <words>".
WORDS: Mapping[tuple[str, Action], str] = {
    ("seeker", Action.create): "add job seekers",
    ("seeker", Action.list): "list job seekers",
    ("seeker", Action.read): "read job seeker records",
    ("seeker", Action.update): "change job seeker records",
    ("seeker", Action.delete): "delete job seeker records",
    ("seeker", Action.name): "name job seekers in employer contacts",
    ("suggestions", Action.read): "read a job seeker's suggestions",
    ("feedback", Action.create): "give feedback for a job seeker",
    ("feedback", Action.read): "read a job seeker's feedback",
    ("judgment", Action.create): "record specialist judgments",
    ("judgment", Action.read): "read specialist judgments",
    ("employer", Action.create): "add employers",
    ("employer", Action.update): "change employers",
    ("employer", Action.delete): "delete employers",
    ("employer", Action.merge): "merge employers",
    ("opening", Action.create): "add openings",
    ("opening", Action.update): "change openings",
    ("opening", Action.delete): "delete openings",
    ("contact", Action.create): "log employer contacts",
    ("contact", Action.read): "see employer contacts",
    ("candidates", Action.read): "look for candidates for an employer",
    ("caseload", Action.read): "read a caseload",
    ("needs", Action.read): "see an employer's hiring needs",
    ("contact", Action.update): "mark follow-ups done",
    ("follow_ups", Action.read): "keep follow-ups with employers",
    ("fidelity", Action.read): "read the fidelity figures",
    ("specialist_figures", Action.read): "read a specialist's fidelity figures",
    ("visit_plan", Action.read): "read visit plans",
    ("own_visit_plan", Action.read): "plan employer visits for a caseload",
    ("seeker_pages", Action.read): "use a job seeker's own pages",
    ("occupations", Action.read): "search the occupation taxonomy",
    ("occupation_review", Action.read): "review unsure occupation matches",
    ("opening_occupation", Action.update): "choose the occupation of an opening",
    ("job_type_occupation", Action.update): "choose the occupation of a seeker's job type",
}


def relation(user: User, seeker: JobSeeker | None) -> Relation:
    """How the caller stands to a seeker record (catalogue when there is no seeker)."""
    if seeker is None:
        return Relation.catalogue
    if user.role == Role.seeker and user.seeker_id is not None and user.seeker_id == seeker.id:
        return Relation.own
    if user.role == Role.specialist and seeker.specialist_id == user.id:
        return Relation.caseload
    if seeker.profile.disclosure == Disclosure.yes:
        return Relation.disclosed
    return Relation.other


def owner_relation(user: User, owner_id: int | None) -> Relation:
    """How the caller stands to a record a user owns (a contact they logged, their own figures or plan)."""
    return Relation.own if owner_id is not None and owner_id == user.id else Relation.other


def may_for_owner(user: User, resource: str, action: Action, owner_id: int | None) -> bool:
    """Whether the caller may do this to a record owned by user `owner_id`."""
    return owner_relation(user, owner_id) in RULES.get((resource, action), {}).get(user.role, frozenset())


def ever(role: Role, resource: str, action: Action) -> bool:
    """Whether the role may do this to some record of the kind (else the answer is 403)."""
    return bool(RULES.get((resource, action), {}).get(role))


def may(user: User, resource: str, action: Action, seeker: JobSeeker | None = None) -> bool:
    """Whether the caller may do this to this record (catalogue records: seeker=None)."""
    return relation(user, seeker) in RULES.get((resource, action), {}).get(user.role, frozenset())


def require_role(user: User, resource: str, action: Action) -> None:
    """Forbidden, in a sentence naming what the role may not do and who may, unless the role ever may."""
    if ever(user.role, resource, action):
        return
    roles = [ROLE_NAMES[r] for r in Role if ever(r, resource, action)]
    what = WORDS.get((resource, action), f"{action.value} {resource}")
    if not roles:
        raise Forbidden(f"Nobody may {what}.")
    needed = roles[0] if len(roles) == 1 else f"{', '.join(roles[:-1])} or {roles[-1]}"
    raise Forbidden(f"As {ROLE_NAMES[user.role]} you may not {what}; that needs {needed}.")


def known_ids(user: User, seekers: Iterable[JobSeeker]) -> set[int]:
    """The ids among these seekers that the caller may know exist."""
    return {s.id for s in seekers if s.id is not None and may(user, "seeker", Action.know, s)}


def forbidden_seeker_fields(user: User, fields: Iterable[str]) -> list[str]:
    """The fields of a seeker change the caller's role may not make, sorted; empty when all are allowed."""
    return sorted(set(fields) - SEEKER_FIELDS.get(user.role, frozenset()))
