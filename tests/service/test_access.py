"""The access table itself: who may do what to which record, written out here as the README states it.

The HTTP role matrix (tests/service/api/test_roles.py) checks every endpoint end to end; this checks the
rules and the relations one by one, fast enough for mutation testing of service/access.py.
"""

from __future__ import annotations

import pytest

from models import CareerProfile, Forbidden, JobSeeker, Role, User
from service import access
from service.access import Action, Relation

ADMIN = User(id=1, name="Ada", role=Role.admin)
SAM = User(id=2, name="Sam", role=Role.specialist)
BEA = User(id=3, name="Bea", role=Role.specialist)
JO = User(id=4, name="Jo", role=Role.job_developer)
ANA_USER = User(id=5, name="Ana", role=Role.seeker, seeker_id=10)


def seeker(id: int, specialist_id: int | None, disclosure: str) -> JobSeeker:
    return JobSeeker(id=id, name=f"S{id}", specialist_id=specialist_id, profile=CareerProfile(disclosure=disclosure))


ANA = seeker(10, SAM.id, "yes")  # Sam's, said yes to disclosure, signed in as ANA_USER
BEN = seeker(11, BEA.id, "undecided")  # Bea's, undecided
CAL = seeker(12, SAM.id, "no")  # Sam's, said no


@pytest.mark.parametrize(
    ("user", "record", "relation"),
    [
        (ANA_USER, ANA, Relation.own), (ANA_USER, BEN, Relation.other), (ANA_USER, CAL, Relation.other),
        (SAM, ANA, Relation.caseload), (SAM, CAL, Relation.caseload), (SAM, BEN, Relation.other),
        (BEA, ANA, Relation.disclosed), (BEA, BEN, Relation.caseload),
        (JO, ANA, Relation.disclosed), (JO, BEN, Relation.other), (JO, CAL, Relation.other),
        (ADMIN, ANA, Relation.disclosed), (ADMIN, BEN, Relation.other), (ADMIN, None, Relation.catalogue),
        (User(id=6, name="Nobody", role=Role.seeker, seeker_id=None), ANA, Relation.disclosed),
    ],
)
def test_relations(user: User, record: JobSeeker | None, relation: Relation) -> None:
    assert access.relation(user, record) == relation


# (resource, action) -> who may, over which seekers of ANA, BEN, CAL (as Sam, Bea, Jo, Ana's user, an admin).
SEEKERS = (ANA, BEN, CAL)
EXPECTED: dict[tuple[str, Action], dict[str, set[int]]] = {
    ("seeker", Action.read): {"admin": {10, 11, 12}, "sam": {10, 12}, "bea": {11}, "jo": set(), "ana": {10}},
    ("seeker", Action.update): {"admin": {10, 11, 12}, "sam": {10, 12}, "bea": {11}, "jo": set(), "ana": {10}},
    ("seeker", Action.delete): {"admin": {10, 11, 12}, "sam": {10, 12}, "bea": {11}, "jo": set(), "ana": set()},
    ("seeker", Action.know): {"admin": {10, 11, 12}, "sam": {10, 12}, "bea": {11}, "jo": {10}, "ana": {10}},
    ("seeker", Action.name): {"admin": {10, 11, 12}, "sam": {10, 12}, "bea": {11}, "jo": {10}, "ana": set()},
    ("suggestions", Action.read): {"admin": {10, 11, 12}, "sam": {10, 12}, "bea": {11}, "jo": set(), "ana": {10}},
    ("feedback", Action.create): {"admin": {10, 11, 12}, "sam": {10, 12}, "bea": {11}, "jo": set(), "ana": {10}},
    ("judgment", Action.create): {"admin": {10, 11, 12}, "sam": {10, 12}, "bea": {11}, "jo": set(), "ana": set()},
    ("judgment", Action.read): {"admin": {10, 11, 12}, "sam": {10, 12}, "bea": {11}, "jo": set(), "ana": set()},
    ("candidate", Action.know): {"admin": {10}, "sam": {10, 12}, "bea": {11}, "jo": {10}, "ana": set()},
}
USERS = {"admin": ADMIN, "sam": SAM, "bea": BEA, "jo": JO, "ana": ANA_USER}


@pytest.mark.parametrize("rule", EXPECTED, ids=lambda r: f"{r[0]}-{r[1].value}")
def test_who_may_do_what_to_which_seeker(rule: tuple[str, Action]) -> None:
    resource, action = rule
    found = {name: {s.id for s in SEEKERS if access.may(user, resource, action, s)} for name, user in USERS.items()}
    assert found == EXPECTED[rule]


CATALOGUE = {  # (resource, action) -> roles that may
    ("employer", Action.read): {"admin", "specialist", "job_developer", "seeker"},
    ("employer", Action.create): {"admin", "specialist", "job_developer"},
    ("employer", Action.update): {"admin", "specialist", "job_developer"},
    ("employer", Action.delete): {"admin", "job_developer"},
    ("opening", Action.create): {"admin", "specialist", "job_developer"},
    ("opening", Action.delete): {"admin", "job_developer"},
    ("contact", Action.create): {"admin", "specialist", "job_developer"},
    ("contact", Action.read): {"admin", "specialist", "job_developer"},
    ("candidates", Action.read): {"admin", "specialist", "job_developer"},
    ("me", Action.read): {"admin", "specialist", "job_developer", "seeker"},
    ("caseload", Action.read): {"specialist"},
}


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: f"{r[0]}-{r[1].value}")
def test_who_may_do_what_to_the_catalogue(rule: tuple[str, Action]) -> None:
    resource, action = rule
    users = {"admin": ADMIN, "specialist": SAM, "job_developer": JO, "seeker": ANA_USER}
    assert {name for name, user in users.items() if access.may(user, resource, action)} == CATALOGUE[rule]
    assert {name for name, user in users.items() if access.ever(user.role, resource, action)} == CATALOGUE[rule]


def test_a_role_that_never_may_is_told_what_and_who_may() -> None:
    with pytest.raises(Forbidden) as refused:
        access.require_role(ANA_USER, "employer", Action.delete)
    assert str(refused.value) == "As a job seeker you may not delete employers; that needs an admin or a job developer."
    with pytest.raises(Forbidden) as refused:
        access.require_role(JO, "caseload", Action.read)
    assert str(refused.value) == "As a job developer you may not read a caseload; that needs an employment specialist."
    with pytest.raises(Forbidden) as refused:
        access.require_role(JO, "judgment", Action.read)
    assert str(refused.value) == (
        "As a job developer you may not read specialist judgments; that needs an admin or an employment specialist."
    )
    with pytest.raises(Forbidden) as refused:
        access.require_role(ANA_USER, "contact", Action.create)
    assert str(refused.value) == (
        "As a job seeker you may not log employer contacts; "
        "that needs an admin, an employment specialist or a job developer."
    )
    access.require_role(SAM, "employer", Action.create)  # allowed: no exception


def test_known_ids_are_the_seekers_the_caller_may_know() -> None:
    assert access.known_ids(JO, SEEKERS) == {10}
    assert access.known_ids(SAM, SEEKERS) == {10, 12}
    assert access.known_ids(ADMIN, [*SEEKERS, seeker(13, None, "no")]) == {10, 11, 12, 13}
    assert access.known_ids(ANA_USER, [JobSeeker(name="no id yet")]) == set()


def test_seeker_fields_each_role_may_change() -> None:
    everything = ["active", "entered_on", "name", "profile", "specialist_id"]
    assert access.forbidden_seeker_fields(ANA_USER, everything) == ["active", "entered_on", "specialist_id"]
    assert access.forbidden_seeker_fields(SAM, everything) == ["specialist_id"]
    assert access.forbidden_seeker_fields(ADMIN, everything) == []
    assert access.forbidden_seeker_fields(JO, ["name"]) == ["name"]


def test_a_rule_that_is_not_in_the_table_allows_nobody() -> None:
    # A (resource, action) nobody wrote a rule for is refused to every role, never an error.
    for user in USERS.values():
        assert not access.ever(user.role, "payroll", Action.read)
        assert not access.may(user, "payroll", Action.read)
        assert not access.may(user, "payroll", Action.read, ANA)
        assert not access.may_for_owner(user, "payroll", Action.read, user.id)


def test_a_rule_without_its_own_words_still_names_the_action_and_resource() -> None:
    # ("candidate", know) has no sentence of its own: the 403 names the action and the resource instead.
    with pytest.raises(Forbidden) as refused:
        access.require_role(ANA_USER, "candidate", Action.know)
    assert str(refused.value) == (
        "As a job seeker you may not know candidate; "
        "that needs an admin, an employment specialist or a job developer."
    )


@pytest.mark.parametrize(
    ("resource", "action", "allowed"),
    [
        # A contact's follow-up is marked done by the person who logged it, or an admin.
        ("contact", Action.update, {"admin": {2, 4}, "sam": {2}, "jo": {4}, "ana": set()}),
        # A specialist's own figures and visit plan: the specialist and admins.
        ("specialist_figures", Action.read, {"admin": {2, 4}, "sam": {2}, "jo": set(), "ana": set()}),
        ("visit_plan", Action.read, {"admin": {2, 4}, "sam": {2}, "jo": set(), "ana": set()}),
    ],
)
def test_records_owned_by_a_user_are_theirs_and_an_admins(resource, action, allowed) -> None:
    """Owners 2 (Sam) and 4 (Jo): who may act on a record each of them owns."""
    users = {"admin": ADMIN, "sam": SAM, "jo": JO, "ana": ANA_USER}
    found = {
        name: {owner for owner in (SAM.id, JO.id) if access.may_for_owner(user, resource, action, owner)}
        for name, user in users.items()
    }
    assert found == allowed
    assert access.owner_relation(SAM, SAM.id) == Relation.own
    assert access.owner_relation(SAM, None) == Relation.other


def test_job_development_readers() -> None:
    staff = {"admin": ADMIN, "specialist": SAM, "job_developer": JO, "seeker": ANA_USER}
    for resource in ("needs", "follow_ups", "fidelity"):
        assert {n for n, u in staff.items() if access.may(u, resource, Action.read)} == {
            "admin", "specialist", "job_developer"
        }, resource
    assert {n for n, u in staff.items() if access.may(u, "own_visit_plan", Action.read)} == {"specialist"}
    assert {n for n, u in staff.items() if access.may(u, "employer", Action.merge)} == {"admin", "job_developer"}


def test_a_rule_nobody_holds_is_a_plain_403_not_a_crash() -> None:
    with pytest.raises(Forbidden) as refused:
        access.require_role(ADMIN, "audit", Action.delete)
    assert str(refused.value) == "Nobody may delete audit."
