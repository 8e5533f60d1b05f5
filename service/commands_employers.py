"""`ipsmatch employers ...`: find employers entered twice and fold them together.

A thin shell over service/stores/employers.py (which asks matcher/duplicates.py what is alike), on the
database named by IPSMATCH_DATABASE_URL, like every other command.
"""

from __future__ import annotations

from typing import Annotated

import typer

from models import IpsmatchError

employers_app = typer.Typer(help="Find and merge employers entered twice.", no_args_is_help=True)


def _where(distance_km: float | None) -> str:
    return "one has no location" if distance_km is None else f"{distance_km:.2f} km apart"


@employers_app.command("duplicates")
def duplicates() -> None:
    """List pairs of employers on record that are likely one employer entered twice, most alike first."""
    from service.cli import _database
    from service.stores import employers

    database = _database(create=False)
    with database.session() as session:
        pairs = employers.duplicate_pairs(session)
        count = len(employers.all(session))
    if not pairs:
        typer.echo(f"No likely duplicates among {count} employers.")
        return
    for a, b, found in pairs:
        typer.echo(
            f"{found.score / 100:.2f}  employer {a.id} '{a.name}'  ~  employer {b.id} '{b.name}'  "
            f"({_where(found.distance_km)})"
        )
    plural = "pair" if len(pairs) == 1 else "pairs"
    typer.echo(
        f"{len(pairs)} likely duplicate {plural} among {count} employers (score: how alike the names are, 0 to 1). "
        "Fold one into the other with `ipsmatch employers merge ID --into OTHER`."
    )


@employers_app.command("merge")
def merge(
    employer_id: Annotated[int, typer.Argument(help="the employer to fold in and delete", min=1)],
    into: Annotated[int, typer.Option("--into", help="the employer to keep", min=1)],
) -> None:
    """Fold one employer into another: its openings, contacts and judgments move, then it is deleted."""
    from service.cli import _database, _fail
    from service.stores import employers

    database = _database(create=False)
    try:
        with database.session() as session:
            gone = employers.get(session, employer_id)
            kept, moved = employers.merge(session, employer_id, into)
    except IpsmatchError as error:
        _fail(str(error))
    counts = ", ".join(f"{number} {table}" for table, number in sorted(moved.items())) or "nothing"
    typer.echo(
        f"Merged employer {gone.id} '{gone.name}' into employer {kept.id} '{kept.name}' and deleted "
        f"employer {gone.id}; moved: {counts}."
    )
