"""The ipsmatch command, run as a specialist would: on a new SQLite file named by IPSMATCH_DATABASE_URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

from service import cli
from service.cli import app
from service.db import Database
from service.stores import employers, openings, seekers, users

runner = CliRunner()

EMPLOYERS_CSV = """name,industry,lat,lon,hiring_needs
Northside Animal Shelter,animal care,44.99,-93.27,kennel help on weekday mornings;someone steady
Lakeside Diner,restaurant,44.95,-93.29,
"""


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", url)
    return url


def run(*args: str):
    return runner.invoke(app, list(args))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(url: str, store) -> int:
    database = Database(url)
    try:
        with database.session() as session:
            return len(store.list(session, limit=200))
    finally:
        database.dispose()


def test_users_add_creates_the_database_and_prints_a_working_token_last(url):
    result = run("users", "add", "Dana K.", "--role", "specialist")
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    database = Database(url)
    with database.session() as session:
        user = users.by_token(session, token)
    database.dispose()
    assert (user.name, user.role.value) == ("Dana K.", "specialist")


def test_users_add_explains_what_is_wrong(url):
    result = run("users", "add", "Ana", "--role", "seeker")
    assert result.exit_code == 1 and "needs --seeker-id" in result.output
    result = run("users", "add", "Ana", "--role", "boss")
    assert result.exit_code == 2 and "boss" in result.output
    result = run("users", "add", "Ana", "--role", "seeker", "--seeker-id", "99")
    assert result.exit_code == 1 and "no seeker with id 99" in result.output.lower()
    assert "Traceback" not in result.output


def test_import_csv_then_suggest_from_the_database(url, tmp_path):
    result = run("import", "employers", str(write(tmp_path, "employers.csv", EMPLOYERS_CSV)))
    assert result.exit_code == 0, result.output
    assert "Imported 2 of 2 employers." in result.output
    database = Database(url)
    with database.session() as session:
        shelter = employers.list(session, q="Northside")[0]
    database.dispose()
    assert shelter.hiring_needs == ["kennel help on weekday mornings", "someone steady"]
    openings_json = [
        {"employer_id": shelter.id, "title": "Kennel assistant", "description": "Clean kennels, walk dogs",
         "hours_min": 15, "hours_max": 20, "shifts": ["morning"], "wage": 16.5},
        {"employer_id": shelter.id, "title": "Dog walker", "hours_min": 10, "hours_max": 15},
    ]
    assert run("import", "openings", str(write(tmp_path, "o.json", json.dumps(openings_json)))).exit_code == 0
    seekers_csv = ("name,interests,job_types,hours_min,hours_max,min_wage,home_lat,home_lon,max_commute_km\n"
                   "Ana R.,caring for animals,kennel assistant,10,25,15,44.97,-93.26,12\n")
    assert run("import", "seekers", str(write(tmp_path, "s.csv", seekers_csv))).exit_code == 0
    database = Database(url)
    with database.session() as session:
        ana = seekers.list(session)[0]
    database.dispose()
    assert ana.profile.home.lat == 44.97 and ana.profile.job_types == ["kennel assistant"]

    result = run("suggest", str(ana.id), "--limit", "5")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("  1. Kennel assistant at Northside Animal Shelter")
    assert "You asked for kennel assistant work; this job is kennel assistant." in result.output
    assert "Wage not known." in result.output


def test_a_file_with_bad_rows_imports_nothing_and_names_every_problem(url, tmp_path):
    run("import", "employers", str(write(tmp_path, "employers.csv", EMPLOYERS_CSV)))
    rows = [
        {"employer_id": 1, "title": "Kennel assistant", "wage": 16.5},
        {"employer_id": 1, "title": "Dishwasher", "wage": -4},
        {"employer_id": 999, "title": "Cook"},
        {"employer_id": 1, "title": "Cashier", "diagnosis": "x"},
    ]
    path = write(tmp_path, "openings.json", json.dumps(rows))
    result = run("import", "openings", str(path))
    assert result.exit_code == 1
    wage = "item 2: wage: Input should be greater than or equal to 0; got -4 (allowed: dollars per hour, 0 to 500)"
    assert wage in result.stderr
    assert "item 4: " in result.stderr and "zero exclusion" in result.stderr
    assert "nothing was imported" in result.stderr
    assert count(url, openings) == 0

    result = run("import", "openings", str(path), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "item 3: " in result.stderr and "999" in result.stderr
    assert "Imported 1 of 4 openings." in result.stdout
    assert count(url, openings) == 1

    result = run("import", "openings", str(path), "--skip-bad")  # the same file again adds nothing
    assert result.exit_code == 0, result.output
    assert "item 1: already imported as opening 1; skipped." in result.stdout
    assert count(url, openings) == 1


def test_skip_bad_with_no_good_row_fails(url, tmp_path):
    rows = [{"title": "No employer"}, {"employer_id": 1}]
    result = run("import", "openings", str(write(tmp_path, "openings.json", json.dumps(rows))), "--skip-bad")
    assert result.exit_code == 1
    assert "item 1: " in result.stderr and "item 2: " in result.stderr
    assert "none of the 2 rows could be imported" in result.stderr


def test_importing_the_same_file_twice_adds_nothing_the_second_time(url, tmp_path):
    path = write(tmp_path, "employers.csv", EMPLOYERS_CSV)
    assert run("import", "employers", str(path)).exit_code == 0
    result = run("import", "employers", str(path))
    assert result.exit_code == 0, result.output
    assert "line 2: already imported as employer 1; skipped." in result.stdout
    assert "line 3: already imported as employer 2; skipped." in result.stdout
    assert "Imported 0 of 2 employers; 2 were already imported." in result.stdout
    assert count(url, employers) == 2


def test_csv_problems_name_the_line_a_record_starts_on(url, tmp_path):
    text = ('name,industry,hiring_needs\n'
            'Northside Animal Shelter,animal care,"kennel help\non weekday mornings"\n'
            'Lakeside Diner,restaurant,\n'
            ',bakery,\n')
    result = run("import", "employers", str(write(tmp_path, "employers.csv", text)))
    assert result.exit_code == 1
    assert "line 5: name" in result.stderr and "row " not in result.output
    assert count(url, employers) == 0


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("openings", "[{\"title\": ", "is not valid JSON"),
        ("openings", "{\"title\": \"x\"}", "must hold a list of objects"),
        ("jobs", "[]", "imports seekers, employers, openings"),
    ],
)
def test_unreadable_files_get_a_sentence_and_change_nothing(url, tmp_path, kind, text, expected):
    result = run("import", kind, str(write(tmp_path, "bad.json", text)))
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output


def test_missing_file_and_unknown_seeker(url, tmp_path):
    result = run("import", "seekers", str(tmp_path / "nowhere.csv"))
    assert result.exit_code == 2 and "There is no file at" in result.output
    assert run("users", "add", "Dana K.", "--role", "admin").exit_code == 0
    result = run("suggest", "99")
    assert result.exit_code == 1 and "99" in result.output and "Traceback" not in result.output


def test_a_database_that_cannot_be_opened_is_reported_plainly(monkeypatch):
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = run("users", "add", "Dana", "--role", "admin")
    assert result.exit_code == 1
    assert "cannot open the database at postgresql+psycopg://nobody@127.0.0.1:1/none" in result.output
    assert "Traceback" not in result.output


def test_suggest_on_the_shipped_demo_program():
    result = run("suggest", "1", "--demo", "--limit", "3")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Suggestions for ")
    assert "  3. " in result.output and "  4. " not in result.output


def _command_paths(command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The app and every command and subcommand under it, as the words typed after `ipsmatch`."""
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += _command_paths(sub, (*path, name))
    return found


def test_help_shows_flags_without_a_type_and_lists_every_command():
    root = typer.main.get_command(app)
    paths = _command_paths(root)
    assert ("users", "add") in paths and ("import",) in paths
    for path in paths:
        result = run(*path, "--help")
        assert result.exit_code == 0, (path, result.output)
        assert "--help" in result.output
        assert "<bool>" not in result.output, (path, result.output)
        command = root
        for word in path:
            command = command.commands[word]
        for name in getattr(command, "commands", {}):
            assert f" {name} " in result.output, (path, name, result.output)


def test_suggest_without_a_database_says_how_to_make_one_and_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IPSMATCH_DATABASE_URL", raising=False)
    result = run("suggest", "1")
    assert result.exit_code == 1
    assert "There is no ipsmatch database at ipsmatch.db (set by IPSMATCH_DATABASE_URL)." in result.output
    assert "ipsmatch users add" in result.output and "ipsmatch import" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_read_only_commands_refuse_an_empty_database_on_sqlite_and_postgresql(fresh_url, monkeypatch):
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", fresh_url)
    result = run("suggest", "1")
    assert result.exit_code == 1
    assert "There is no ipsmatch database at " in result.output and "Traceback" not in result.output
    database = Database(fresh_url)
    try:
        if database.dialect == "sqlite":
            assert not Path(database.url_object.database).exists()
        else:
            assert sa.inspect(database.engine).get_table_names() == []
    finally:
        database.dispose()


def test_commands_that_write_still_create_the_database(fresh_url, monkeypatch):
    monkeypatch.setenv("IPSMATCH_DATABASE_URL", fresh_url)
    assert run("users", "add", "Dana K.", "--role", "admin").exit_code == 0
    assert run("suggest", "1").exit_code == 1  # a database now, with no seeker 1
    database = Database(fresh_url)
    try:
        assert database.revision() is not None
    finally:
        database.dispose()


def test_demo_says_whose_each_token_is(tmp_path, monkeypatch):
    served = []
    monkeypatch.setattr(cli, "_serve", lambda database, host, port: served.append((host, port)))
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = run("demo", "--database", url, "--port", "8123")
    assert result.exit_code == 0, result.output
    assert served == [("127.0.0.1", 8123)]
    lines = result.output.splitlines()
    header = next(line for line in lines if "token" in line.lower() and "role" in line.lower())
    rows = lines[lines.index(header) + 1:][:4]
    database = Database(url)
    try:
        with database.session() as session:
            for row, role in zip(rows, ["admin", "specialist", "job developer", "seeker"], strict=True):
                token = row.split()[-1]
                user = users.by_token(session, token)
                assert user is not None, row
                assert row.strip().startswith(role)
                assert user.name in row and f" {user.id} " in row
                if user.seeker_id is not None:
                    assert f" {user.seeker_id} " in row
                # aligned: every token starts in the same column as the header's "token"
                assert row.index(token) == header.lower().index("token")
    finally:
        database.dispose()


def test_users_add_with_a_password_lets_them_sign_in_to_the_pages(url):
    from service import passwords

    typed = run_with_input("correct horse\ncorrect horse\n", "users", "add", "Dana K.", "--role", "specialist",
                           "--password")
    assert typed.exit_code == 0, typed.output
    assert "sign in to the pages as 'dana.k' with the password given" in typed.output
    assert "correct horse" not in typed.output.replace("Password", ""), "a typed password is never printed"
    made_up = run_with_input("\n", "users", "add", "Dana K.", "--role", "program_lead", "--password")
    assert made_up.exit_code == 0, made_up.output
    line = next(x for x in made_up.output.splitlines() if "sign in to the pages" in x)
    secret = line.split("with the password ")[1].split(" ")[0]
    assert "'dana.k2'" in line and len(secret) == 14
    database = Database(url)
    try:
        with database.session() as session:
            first, second = users.by_username(session, "dana.k"), users.by_username(session, "DANA.K2")
            assert passwords.matches("correct horse", first[1]) and passwords.matches(secret, second[1])
            assert second[0].role.value == "program_lead"
            assert users.by_token(session, made_up.output.strip().splitlines()[-1]) == second[0]
    finally:
        database.dispose()
    short = run_with_input("short\n", "users", "add", "Kim", "--role", "admin", "--password")
    assert short.exit_code == 2 and "at least 8 characters" in short.output
    differ = run_with_input("long enough 1\nlong enough 2\n", "users", "add", "Kim", "--role", "admin", "--password")
    assert differ.exit_code == 2 and "not the same" in differ.output
    taken = run_with_input("long enough 1\nlong enough 1\n", "users", "add", "Kim", "--role", "admin", "--password",
                           "--username", "Dana.K")
    assert taken.exit_code == 1 and "taken" in taken.output
    assert count(url, users) == 2, "refused users were not created"
    reset = run_with_input("\n", "users", "password", "1")
    assert reset.exit_code == 0 and "signs in to the pages as 'dana.k'" in reset.output


def run_with_input(text: str, *args: str):
    return runner.invoke(app, list(args), input=text)
