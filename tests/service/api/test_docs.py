"""/docs and /redoc work without internet: every script, style sheet, icon and URL they use is served by the app."""

from __future__ import annotations

import gc
import re
import weakref
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.db import Database

# A quoted string in a script that looks like a URL: absolute, protocol-relative or a path from the root.
SCRIPT_URL = re.compile(r"""["'`]((?:[a-z][a-z0-9+.-]*:)?//[^"'`\s]*|/[^"'`\s]*)["'`]""", re.IGNORECASE)


class _References(HTMLParser):
    """The URLs a page makes the browser load: src, href and *url attributes, and URLs inside inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name in ("src", "href") or name.endswith("url")):
                self.urls.append(value)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.urls += SCRIPT_URL.findall(data)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    database = Database(f"sqlite:///{Path(tmp_path_factory.mktemp('docs')) / 'docs.db'}")
    database.migrate()
    with TestClient(create_app(database)) as client:
        yield client
    database.dispose()


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_documentation_pages_load_everything_from_the_app_itself(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    parser = _References()
    parser.feed(response.text)
    urls = set(parser.urls)
    assert "/openapi.json" in urls
    assert any(url.endswith(".js") for url in urls)
    for url in sorted(urls):
        parts = urlsplit(urljoin(f"http://testserver{page}", url))
        assert parts.netloc == "testserver", f"{page} loads {url} from another host"
        asset = client.get(parts.path)
        assert asset.status_code == 200, url
        assert asset.content, url


def test_swagger_ui_does_not_ask_an_outside_validator(client: TestClient) -> None:
    assert '"validatorUrl": null' in client.get("/docs").text


def test_an_app_that_has_served_its_pages_is_freed_when_dropped(tmp_path: Path) -> None:
    """FastAPI keeps every endpoint it has seen in module-level caches; an endpoint that closed over its app kept
    that app, its index and its database connections alive for good (one leaked app per test made the suite's
    collections three times slower)."""
    database = Database(f"sqlite:///{tmp_path / 'freed.db'}")
    database.migrate()
    app = create_app(database)
    with TestClient(app) as served:
        for page in ("/docs", "/redoc", "/docs/oauth2-redirect", "/api/v1/me"):
            assert served.get(page).status_code in (200, 401), page
    gone = weakref.ref(app)
    del app, served
    gc.collect()
    database.dispose()
    assert gone() is None, "the app is still referenced after it was dropped"
