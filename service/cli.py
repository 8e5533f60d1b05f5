"""The `ipsmatch` command: a thin shell over the same database, stores and app the tests use."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from models import IpsmatchError, JobSeeker, Role, Settings
from service.commands_employers import employers_app
from service.commands_occupations import occupations_app

if TYPE_CHECKING:
    from service.demo.loader import DemoLogin

app = typer.Typer(
    help="ipsmatch: preference-first job matching for IPS supported employment.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
users_app = typer.Typer(help="Manage the people who sign in.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(employers_app, name="employers")
app.add_typer(occupations_app, name="occupations")

DEMO_DATABASE = "sqlite:///ipsmatch-demo.db"


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"Error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


NO_DATABASE = (
    "There is no ipsmatch database at {where} (set by IPSMATCH_DATABASE_URL). Create one with `ipsmatch users add` "
    "or `ipsmatch import` (or load the demo program into it with `ipsmatch demo --database URL`), or point "
    "IPSMATCH_DATABASE_URL at an existing database."
)


def _database(url: str | None = None, *, create: bool = True):
    """The database named by IPSMATCH_DATABASE_URL (or `url`), migrated as needed.

    With create=False (commands that only read) a database that does not exist yet is an error, not a new
    empty one: no SQLite file is made, and a PostgreSQL schema without ipsmatch's tables is left alone.
    """
    from sqlalchemy.engine import make_url

    from service.db import Database

    url = url or Settings().database_url
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - any unparsable URL gets the same sentence
        _fail(f"IPSMATCH_DATABASE_URL is not a database URL: {url!r}", code=2)
    shown = parsed.render_as_string(hide_password=True)
    sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    missing = NO_DATABASE.format(where=parsed.database if sqlite_file else shown)
    if not create and sqlite_file and not Path(parsed.database).exists():
        _fail(missing)
    try:
        database = Database(url)
        found = create or database.revision() is not None
        if found:
            database.migrate()
    except Exception as error:  # a wrong URL or a server that is down: say so, no traceback
        _fail(f"cannot open the database at {shown}: {type(error).__name__}: {str(error).splitlines()[0]}")
    if not found:
        database.dispose()
        _fail(missing)
    return database


def _print_suggestions(seeker: JobSeeker, suggestions) -> None:
    typer.echo(f"Suggestions for {seeker.name} (seeker {seeker.id}):")
    if not suggestions:
        typer.echo("  No open job fits this profile's limits right now.")
    for number, s in enumerate(suggestions, start=1):
        earnings = f", about ${s.monthly_earnings:,.0f}/month" if s.monthly_earnings is not None else ""
        typer.echo(f"{number:>3}. {s.title} at {s.employer_name} (opening {s.opening_id})")
        typer.echo(f"     match {s.score:.2f} (your preferences {s.preference_score:.2f}){earnings}")
        for reason in s.reasons:
            typer.echo(f"     - {reason}")
        if s.benefits_note:
            typer.echo(f"     Benefits: {s.benefits_note}")


@app.command()
def suggest(
    seeker_id: Annotated[int, typer.Argument(help="the seeker's id", min=1)],
    limit: Annotated[int, typer.Option(min=1, max=100, help="how many suggestions")] = 10,
    demo: Annotated[bool, typer.Option("--demo", help="rank within the shipped demo program, no database")] = False,
) -> None:
    """Print a seeker's ranked suggestions with the reasons for each."""
    from matcher import Embedder, OpeningIndex, rank

    if demo:
        from service.demo import load_program

        program = load_program()
        seeker = next((s for s in program.seekers if s.id == seeker_id), None)
        if seeker is None:
            _fail(f"the demo program has seekers 1 to {len(program.seekers)}; there is no seeker {seeker_id}")
        index = OpeningIndex.build(program.openings, program.employers, Embedder(), contacts=program.contacts)
        feedback = [f for f in program.feedback if f.seeker_id == seeker_id]
        _print_suggestions(seeker, rank(seeker, index, feedback=feedback, limit=limit))
        return
    from service.ranking import RankingService
    from service.stores import seekers

    database = _database(create=False)
    try:
        with database.session() as session:
            seeker = seekers.get(session, seeker_id)
            found = RankingService(database).suggestions(session, seeker, limit)
    except IpsmatchError as error:
        _fail(str(error))
    _print_suggestions(seeker, found)


@app.command()
def plan(
    specialist_id: Annotated[int, typer.Argument(help="the specialist's user id", min=1)],
    visits: Annotated[
        int | None, typer.Option(min=1, max=30, help="how many visits (default: the visits_per_week setting)")
    ] = None,
    week: Annotated[str | None, typer.Option(help="a date in the week (2026-11-23) or an ISO week (2026-W48)")] = None,
) -> None:
    """Print a specialist's employer visits for the week: which employers, for whom, and why."""
    from service.commands_plan import plan_lines

    database = _database(create=False)
    try:
        lines = plan_lines(database, specialist_id, visits=visits, week=week)
    except IpsmatchError as error:
        _fail(str(error))
    finally:
        database.dispose()
    for line in lines:
        typer.echo(line)


@app.command()
def metrics(
    start: Annotated[str | None, typer.Option("--from", help="first day (default: 90 days before --to)")] = None,
    end: Annotated[str | None, typer.Option("--to", help="last day, YYYY-MM-DD (default: today)")] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="one CSV table instead of text")] = False,
) -> None:
    """Print the program's IPS-25 fidelity figures, each with its item and how it was computed."""
    from service import commands_metrics as figures

    try:
        first, last = figures.parse_day(start, "--from"), figures.parse_day(end, "--to")
    except IpsmatchError as error:
        _fail(str(error), code=2)
    database = _database(create=False)
    try:
        report = figures.compute(database, first, last)
    except IpsmatchError as error:
        _fail(str(error), code=2)
    finally:
        database.dispose()
    if as_csv:
        typer.echo(figures.as_csv(report), nl=False)
        return
    for line in figures.as_text(report):
        typer.echo(line)


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="the person's name")],
    role: Annotated[Role, typer.Option(help="what they may do")],
    seeker_id: Annotated[int | None, typer.Option(min=1, help="for role seeker: their seeker record")] = None,
    password: Annotated[
        bool, typer.Option("--password", help="also let them sign in to the web pages: asks for a password "
                           "(press Enter to have one made up and printed once)")
    ] = False,
    username: Annotated[
        str | None, typer.Option(help="with --password: their username (default: made from the name, 'dana.k')")
    ] = None,
) -> None:
    """Create a user; prints the new bearer token alone on the last line (it is stored only as a hash)."""
    from service.stores import users

    if role == Role.seeker and seeker_id is None:
        _fail("a seeker user needs --seeker-id: the id of their seeker record")
    if role != Role.seeker and seeker_id is not None:
        _fail("--seeker-id is only for users with role seeker")
    if username is not None and not password:
        _fail("--username is only for users given a --password")
    secret, made_up = _ask_password() if password else (None, False)
    database = _database()
    try:
        with database.session() as session:
            user, token = users.create(session, name, role, seeker_id=seeker_id)
            login = users.set_password(session, user.id, secret, username) if secret is not None else None
    except IpsmatchError as error:
        _fail(str(error))
    typer.echo(f"Created {user.role.value} '{user.name}' (user {user.id}).")
    if login is not None:
        typer.echo(f"They sign in to the pages as '{login}'" + (f" with the password {secret} (shown only now)."
                                                                 if made_up else " with the password given."))
    typer.echo("Their token, shown only now:")
    typer.echo(token)


@users_app.command("password")
def users_password(
    user_id: Annotated[int, typer.Argument(help="the user's id", min=1)],
    username: Annotated[str | None, typer.Option(help="a new username (default: keep theirs)")] = None,
) -> None:
    """Set a user's password for the web pages (asks for it; press Enter to have one made up)."""
    from service.stores import users

    secret, made_up = _ask_password()
    database = _database(create=False)
    try:
        with database.session() as session:
            login = users.set_password(session, user_id, secret, username)
    except IpsmatchError as error:
        _fail(str(error))
    finally:
        database.dispose()
    shown = f" with the password {secret} (shown only now)." if made_up else " with the new password."
    typer.echo(f"User {user_id} signs in to the pages as '{login}'{shown}")


def _ask_password() -> tuple[str, bool]:
    """A password typed twice (hidden), checked; or, when the first answer is empty, a made-up one (True)."""
    from service import passwords

    typed = typer.prompt("Password for the web pages (Enter: make one up)", default="", hide_input=True,
                         show_default=False)
    if not typed:
        return passwords.generate(), True
    try:
        passwords.check_new(typed)
    except IpsmatchError as error:
        _fail(str(error), code=2)
    if typer.prompt("The same password again", default="", hide_input=True, show_default=False) != typed:
        _fail("the two passwords are not the same; nothing was changed", code=2)
    return typed, False


def _serve(database, host: str, port: int) -> None:
    import threading

    import uvicorn

    from service.app import create_app
    from service.memory import TrimAfterRequests, Trimmer, tune_allocator
    from service.occupations import warm_occupations
    from service.ranking import RankingService

    tune_allocator()
    settings = Settings()
    ranking = RankingService(database, settings=settings)
    if not settings.warm_in_background:  # else the app builds the index in the background as it starts
        _ = ranking.embedder.model  # load the model before the first request, even for an empty catalogue
        with database.session() as session:
            ranking.index(session)  # embed the catalogue before the first request
    # The taxonomy's labels (every opening and seeker read grounds against them) embed while serving starts.
    threading.Thread(target=warm_occupations, args=(ranking,), name="warm-occupations", daemon=True).start()
    # Freed memory goes back to the system a moment after each burst of requests (service/memory.py).
    app = TrimAfterRequests(create_app(database, settings=settings, ranking=ranking), Trimmer().start())
    uvicorn.run(app, host=host, port=port, log_level="info")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """Serve the API and pages over the database named by IPSMATCH_DATABASE_URL."""
    _serve(_database(), host, port)


@app.command()
def demo(
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    database_url: Annotated[
        str, typer.Option("--database", help="where the demo program lives")
    ] = DEMO_DATABASE,
) -> None:
    """Create (or reuse) a demo program and serve it on 127.0.0.1; prints who may sign in, and a token per role."""
    from service.demo.loader import demo_logins, demo_passwords, load_demo

    database = _database(database_url)
    created = load_demo(database)
    typer.echo(("Loaded the demo program into " if created else "Reusing the demo program in ") + database_url)
    typer.echo(f"Open http://127.0.0.1:{port}/ and sign in as one of these demo users:")
    _print_table([("role", "name", "username", "password")] + [
        (p.role.value.replace("_", " "), p.name, p.username, p.password) for p in demo_passwords(database)
    ])
    typer.echo("For the API, use one of these bearer tokens (new ones are issued on every start):")
    _print_logins(demo_logins(database))
    typer.echo(f"API documentation: http://127.0.0.1:{port}/docs")
    _serve(database, "127.0.0.1", port)


def _print_table(rows: list[tuple[str, ...]]) -> None:
    """Rows printed in aligned columns, two spaces apart, indented by two."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        typer.echo("  " + "  ".join(f"{cell:<{width}}" for cell, width in zip(row, widths, strict=True)).rstrip())


def _print_logins(logins: list[DemoLogin]) -> None:
    """One aligned line per demo user: role, name, user id, seeker id (seekers only) and their token."""
    rows = [("role", "name", "user", "seeker", "token")]
    rows += [
        (login.role.value.replace("_", " "), login.name, str(login.user_id),
         str(login.seeker_id) if login.seeker_id is not None else "", login.token)
        for login in logins
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for role, name, user, seeker, token in rows:
        typer.echo(f"  {role:<{widths[0]}}  {name:<{widths[1]}}  {user:>{widths[2]}}  {seeker:>{widths[3]}}  {token}")


@app.command("import")
def import_(
    kind: Annotated[str, typer.Argument(help="seekers, employers or openings")],
    file: Annotated[Path, typer.Argument(help="a .csv or .json file")],
    skip_bad: Annotated[bool, typer.Option(help="import the good rows even when some are bad")] = False,
) -> None:
    """Import records from CSV or JSON with a progress bar; running the same file again adds nothing twice."""
    from tqdm import tqdm

    from service.importing import import_records, read_records

    try:
        rows = read_records(kind, file)
    except IpsmatchError as error:
        _fail(str(error), code=2)
    database = _database()
    report = import_records(
        database, kind, rows, skip_bad=skip_bad,
        progress=lambda items: tqdm(items, desc=f"Importing {kind}", unit="row", file=sys.stderr),
    )
    for where, messages in report.errors.items():
        for message in messages:
            typer.echo(f"{where}: {message}", err=True)
    bad = len(report.errors)
    if bad and not skip_bad:
        _fail(f"{bad} of {report.rows} rows {'is' if bad == 1 else 'are'} not valid; nothing was imported. Fix "
              "them and run the same command again, or add --skip-bad to import the good rows.")
    singular = kind.removesuffix("s")
    shown = 20  # a whole file imported before would be a page per thousand rows; the summary says how many
    for where, record_id in list(report.already.items())[:shown]:
        typer.echo(f"{where}: already imported as {singular} {record_id}; skipped.")
    if len(report.already) > shown:
        typer.echo(f"... and {len(report.already) - shown} more rows already imported; skipped.")
    summary = f"Imported {report.imported} of {report.rows} {kind}"
    if report.updated:
        summary += f"; updated {report.updated} that changed"
    if report.already:
        summary += f"; {len(report.already)} were already imported"
    typer.echo(summary + ".")
    if bad and not report.good:
        _fail(f"none of the {report.rows} rows could be imported; see the problems above.")
    _embed_imported(database, kind, report.records)


def _embed_imported(database, kind: str, records) -> None:
    """Embeds the imported texts into the database's cache, so the first suggestions after it embed nothing."""
    from tqdm import tqdm

    from service.import_texts import embed_texts, texts_for_ranking

    texts = texts_for_ranking(records)
    if not texts:
        return
    try:
        with tqdm(total=len(texts), desc=f"Embedding {kind}", unit="text", file=sys.stderr) as bar:
            done = embed_texts(database, texts, on_batch=bar.update)
    except IpsmatchError as error:
        typer.echo(f"The records are imported, but their texts could not be embedded now ({error}); the first "
                   "suggestions will embed them.", err=True)
        return
    typer.echo(f"Ready to rank: {done.texts} texts, {done.embedded} embedded now ({done.seconds:.0f} s).")


@app.command("rank-all")
def rank_all_(
    workers: Annotated[int | None, typer.Option(
        min=1, max=256, envvar="IPSMATCH_RANK_ALL_WORKERS",
        help="processes that rank at once, forked from this one over one index (default: the CPU count; "
             "1 ranks in this process)")] = None,
) -> None:
    """Rank every active seeker over all openings and store the results for the pages, planner and candidates."""
    from tqdm import tqdm

    from service.rank_all import BATCH, default_workers, rank_all
    from service.ranking import RankingService

    database = _database(create=False)
    ranking = RankingService(database, settings=Settings())
    try:
        report = rank_all(database, ranking, workers=workers or default_workers(), progress=lambda batches: tqdm(
            batches, desc=f"Ranking seekers ({BATCH} a batch)", unit="batch", file=sys.stderr))
    except IpsmatchError as error:
        _fail(str(error))
    finally:
        database.dispose()
    processes = "in this process" if report.workers == 1 else f"in {report.workers} worker processes"
    typer.echo(f"Ranked and stored {report.seekers} seekers in {report.seconds:.1f} s ({processes}; reading the "
               f"openings and the seekers took {report.prepare_seconds:.1f} s of it).")


def main() -> None:
    """Entry point for `python -m service.cli`."""
    app()


if __name__ == "__main__":
    main()
