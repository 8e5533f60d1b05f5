"""What the app does when something other than the input goes wrong, and how it starts on its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from models import JobSeeker, ModelUnavailable, Role, Settings
from service.app import create_app
from service.db import Database
from service.stores import users
from tests.service.api.conftest import build_program


class BrokenRanking:
    """A ranking service that fails the way a bug or a missing model would."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def suggestions(self, session: object, seeker: JobSeeker, limit: int) -> list:
        raise self.error


@pytest.mark.parametrize(
    ("error", "status"), [(RuntimeError("secret internals"), 500), (ModelUnavailable("model missing"), 503)]
)
def test_a_failure_answers_json_without_internals(database: Database, error: Exception, status: int) -> None:
    app = create_app(database, ranking=BrokenRanking(error))  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as client:
        program = build_program(database, client)
        answer = program.call("seeker", "GET", f"/seekers/{program.ids['ana']}/suggestions")
    assert answer.status_code == status
    assert set(answer.json()) == {"detail"} and "Traceback" not in answer.text
    if status == 500:
        assert "secret internals" not in answer.text


def test_without_a_database_the_app_opens_and_migrates_the_configured_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'own.db'}"
    with TestClient(create_app(settings=Settings(database_url=url))) as client:
        database = client.app.state.database  # type: ignore[attr-defined]
        with database.session() as s:
            _, token = users.create(s, "Ada", Role.admin)
        answer = client.get("/api/v1/employers", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json()["items"] == []
