"""`ipsmatch occupations ...`: find occupations, list unsure matches, and correct an opening's occupation.

A thin shell over service/occupations.py and service/stores/occupations.py, on the database named by
IPSMATCH_DATABASE_URL, like every other command. The command line acts as the program's operator (an admin):
its corrections are recorded without a user, and listing seekers' job types writes their audit rows.
"""

from __future__ import annotations

from typing import Annotated

import typer

from models import IpsmatchError, Role, User

occupations_app = typer.Typer(help="Occupations of openings and job types: search, review, correct.",
                              no_args_is_help=True)
OPERATOR = User(name="command line", role=Role.admin)


def _shown(view) -> str:
    flag = "  (unsure)" if view.low_confidence else ""
    return f"{view.code} {view.label} ({view.confidence:.2f}){flag}"


@occupations_app.command("search")
def search(
    words: Annotated[str, typer.Argument(help="words such as a job title")],
    limit: Annotated[int, typer.Option(min=1, max=50, help="how many occupations")] = 10,
) -> None:
    """Print the occupations of the taxonomy closest to some words, with their codes."""
    from service.cli import _database
    from service.occupations import Occupations
    from service.ranking import RankingService

    database = _database(create=False)
    try:
        with database.session() as session:
            found = Occupations(RankingService(database)).search(session, words.strip(), limit)
    finally:
        database.dispose()
    for match in found:
        typer.echo(_shown(match))


@occupations_app.command("review")
def review(limit: Annotated[int, typer.Option(min=1, max=1000, help="the most of each kind to list")] = 50) -> None:
    """List open openings and seekers' job types whose occupation match is unsure and nobody has corrected."""
    from service.cli import _database
    from service.occupations import Occupations
    from service.ranking import RankingService

    database = _database(create=False)
    try:
        with database.session() as session:
            queue = Occupations(RankingService(database)).review(session, OPERATOR, limit)
    finally:
        database.dispose()
    for opening in queue.openings:
        typer.echo(f"opening {opening.opening_id} '{opening.title}': {_shown(opening.occupation)}")
    for item in queue.job_types:
        typer.echo(f"seeker {item.seeker_id} job type '{item.job_type}': {_shown(item.occupation)}")
    typer.echo(
        f"{len(queue.openings)} openings and {len(queue.job_types)} job types to review. Find a code with "
        "`ipsmatch occupations search WORDS`, then `ipsmatch occupations correct OPENING_ID CODE`."
    )


@occupations_app.command("correct")
def correct(
    opening_id: Annotated[int, typer.Argument(help="the opening's id", min=1)],
    code: Annotated[str, typer.Argument(help="an occupation code such as 39-2021.00, or 'auto' to undo")],
) -> None:
    """Choose the occupation of an opening (or give the automatic match back with 'auto')."""
    from service.cli import _database, _fail
    from service.occupations import Occupations
    from service.ranking import RankingService
    from service.stores import occupations, openings

    database = _database(create=False)
    chosen = None if code.strip().lower() == "auto" else code.strip()
    try:
        with database.session() as session:
            grounding = Occupations(RankingService(database))
            openings.get(session, opening_id)
            if chosen is not None:
                grounding.occupation(chosen)
            occupations.correct_opening(session, opening_id, chosen, None)
            shown = grounding.opening(session, openings.get(session, opening_id))
    except IpsmatchError as error:
        _fail(str(error))
    finally:
        database.dispose()
    typer.echo(f"Opening {shown.id} '{shown.title}' is now {_shown(shown.occupation)}"
               + (", chosen by hand." if shown.occupation.corrected else ", matched automatically."))
