"""Loads the shipped demo program into a database, once, and hands out a sign-in token per role."""

from __future__ import annotations

from dataclasses import dataclass

from models import Role
from service.db import Database
from service.demo import DemoProgram, load_program
from service.stores import contacts, employers, openings, reactions, seekers, users

DEMO_ADMIN = "Demo admin"
DEMO_LEAD = "Morgan L."  # the program lead: reads the program's figures, no seeker's details
SEEKERS_WITH_PASSWORDS = 2  # the first seekers of the program may sign in to the pages


@dataclass(frozen=True)
class DemoLogin:
    """A demo user and a fresh bearer token for them."""

    role: Role
    name: str
    user_id: int
    token: str
    seeker_id: int | None = None


def load_demo(database: Database) -> bool:
    """Puts the demo program into an empty database; False (and nothing written) when it already has seekers."""
    program = load_program()
    with database.session() as session:
        if seekers.list(session, limit=1):
            return False
        user_ids: dict[int, int] = {}
        for person in [*program.specialists, *program.job_developers]:
            user, _ = users.create(session, person.name, person.role)
            user_ids[person.id] = user.id
        seeker_ids: dict[int, int] = {}
        for seeker in program.seekers:
            specialist = user_ids.get(seeker.specialist_id) if seeker.specialist_id else None
            stored = seekers.create(session, seeker.model_copy(update={"id": None, "specialist_id": specialist}))
            seeker_ids[seeker.id] = stored.id
        employer_ids: dict[int, int] = {}
        for employer in program.employers:
            employer_ids[employer.id] = employers.create(session, employer.model_copy(update={"id": None})).id
        opening_ids: dict[int, int] = {}
        for opening in program.openings:
            stored = openings.create(
                session, opening.model_copy(update={"id": None, "employer_id": employer_ids[opening.employer_id]})
            )
            opening_ids[opening.id] = stored.id
        for contact in program.contacts:
            contacts.create(
                session,
                employer_ids[contact.employer_id],
                contact.model_copy(update={
                    "id": None, "employer_id": None, "specialist_id": user_ids[contact.specialist_id],
                    "seeker_ids": [seeker_ids[i] for i in contact.seeker_ids],
                }),
            )
        for item in program.feedback:
            reactions.add_feedback(
                session, seeker_ids[item.seeker_id],
                item.model_copy(update={"id": None, "seeker_id": None, "opening_id": opening_ids[item.opening_id]}),
            )
    return True


def demo_logins(database: Database) -> list[DemoLogin]:
    """One user per role with a new token (tokens are stored hashed, so earlier ones cannot be shown again)."""
    logins = []
    with database.session() as session:
        first_seeker = seekers.list(session, limit=1)[0]
        specialist_id = first_seeker.specialist_id
        wanted = [
            (Role.admin, DEMO_ADMIN, None, None),
            (Role.specialist, None, specialist_id, None),
            (Role.job_developer, None, None, None),
            (Role.seeker, first_seeker.name, None, first_seeker.id),
            (Role.program_lead, DEMO_LEAD, None, None),
        ]
        for role, name, user_id, seeker_id in wanted:
            existing = users.find(session, role=role, user_id=user_id, seeker_id=seeker_id, name=name)
            if existing is None:
                user, token = users.create(session, name or role.value, role, seeker_id=seeker_id)
            else:
                user, token = existing, users.issue_token(session, existing.id)
            logins.append(DemoLogin(role=role, name=user.name, user_id=user.id, token=token, seeker_id=seeker_id))
    return logins


def load_into(database: Database, program: DemoProgram, *, batch: int = 5_000) -> dict[str, dict[int, int]]:
    """Puts a large program (service/demo/large.py) into a database in bulk; returns each list's file id -> new id.

    For benchmarks and scale tests: rows go in as multi-row inserts, thousands at a time, in one transaction
    with one catalogue version, instead of one store call per record. Checks are the domain models' (the program
    is validated already); the database's own keys check the references.
    """
    from sqlalchemy import insert

    from service.db import begin_writing
    from service.stores import catalogue_changes
    from service.stores._rows import with_lat_lon
    from service.tables import ContactRow, EmployerRow, FeedbackRow, OpeningRow, SeekerRow

    def put(session, table, rows: list[dict]) -> list[int]:
        ids: list[int] = []
        for start in range(0, len(rows), batch):
            statement = insert(table).returning(table.id, sort_by_parameter_order=True)
            ids += [row[0] for row in session.execute(statement, rows[start : start + batch])]
        return ids

    with database.session() as session:
        begin_writing(session)
        user_ids = {
            person.id: users.create(session, person.name, person.role)[0].id
            for person in [*program.specialists, *program.job_developers]
        }
        seeker_rows = [
            {"name": s.name, "specialist_id": user_ids.get(s.specialist_id) if s.specialist_id else None,
             "entered_on": s.entered_on, "active": s.active, "profile": s.profile.model_dump(mode="json")}
            for s in program.seekers
        ]
        seeker_ids = dict(zip([s.id for s in program.seekers], put(session, SeekerRow, seeker_rows), strict=True))
        employer_rows = [with_lat_lon(e.model_dump(mode="json", exclude={"id"})) for e in program.employers]
        employer_ids = dict(
            zip([e.id for e in program.employers], put(session, EmployerRow, employer_rows), strict=True)
        )
        opening_rows = [
            with_lat_lon({**o.model_dump(mode="json", exclude={"id"}), "employer_id": employer_ids[o.employer_id]})
            for o in program.openings
        ]
        opening_ids = dict(zip([o.id for o in program.openings], put(session, OpeningRow, opening_rows), strict=True))
        contact_ids = put(session, ContactRow, [
            {**c.model_dump(exclude={"id"}), "stage": c.stage.value, "employer_id": employer_ids[c.employer_id],
             "specialist_id": user_ids[c.specialist_id], "seeker_ids": [seeker_ids[i] for i in c.seeker_ids]}
            for c in program.contacts
        ])
        put(session, FeedbackRow, [
            {"seeker_id": seeker_ids[f.seeker_id], "opening_id": opening_ids[f.opening_id],
             "reaction": f.reaction.value, "reason": f.reason, **({"at": f.at} if f.at else {})}
            for f in program.feedback
        ])
        # One catalogue version for the lot, logged like any write, so a running server applies it in place.
        catalogue_changes.record(session, openings=opening_ids.values(), employers=employer_ids.values(),
                                 contacts=contact_ids)
    return {"users": user_ids, "seekers": seeker_ids, "employers": employer_ids, "openings": opening_ids}


@dataclass(frozen=True)
class DemoPassword:
    """A demo user who signs in to the pages, with their username and their (fixed, printed) password."""

    role: Role
    name: str
    username: str
    password: str


def demo_password(username: str) -> str:
    """The demo password of a username: fixed, so the demo's instructions and browser tests can name it."""
    return f"{username}-demo"


def demo_passwords(database: Database) -> list[DemoPassword]:
    """Gives the demo's staff, program lead and first seekers their fixed passwords (users made as needed).

    Order: admin, program lead, specialists, job developers, seekers. Only a demo does this: the passwords are
    printed and written in the README, so they protect nothing.
    """
    with database.session() as session:
        wanted: list[tuple[Role, str, int | None]] = [
            (Role.admin, DEMO_ADMIN, None), (Role.program_lead, DEMO_LEAD, None),
        ]
        wanted += [(u.role, u.name, None) for role in (Role.specialist, Role.job_developer)
                   for u in users.list(session, role=role, limit=100)]
        wanted += [(Role.seeker, s.name, s.id) for s in seekers.list(session, limit=SEEKERS_WITH_PASSWORDS)]
        found = []
        for role, name, seeker_id in wanted:
            user = users.find(session, role=role, seeker_id=seeker_id, name=name)
            if user is None:
                user, _ = users.create(session, name, role, seeker_id=seeker_id)
            username = users.choose_username(session, user.id)
            users.set_password(session, user.id, demo_password(username), username)
            found.append(DemoPassword(role=role, name=user.name, username=username, password=demo_password(username)))
    return found
