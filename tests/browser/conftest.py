"""Browser tests: a real `ipsmatch serve` over the demo program, driven by Playwright in Debian's Chromium.

One server and one browser for the whole session (starting the server loads the embedding model and embeds
the catalogue, about 15 s). Each test signs in as a demo user in a fresh browser context, so cookies never
leak between tests. Chromium comes from Debian (`apt-get install chromium`, which .ci/run does when
/usr/bin/chromium is missing); Playwright never downloads a browser of its own. axe-core is vendored
(tests/browser/axe.min.js, from the npm package, licence header kept) and injected into each page checked.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from models import Role
from service.db import Database
from service.demo.loader import demo_passwords, load_demo
from tests.browser.checks import DESKTOP, HERE

CHROMIUM = "/usr/bin/chromium"
# The flags this machine's Chromium needs: headless as root, and no calls to Google's services, which a
# closed network refuses many at a time.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The demo users the tests sign in as: the specialist with rapid-search flags in the demo, the job developer,
# the first seeker (who has a seeker login), and the admin and program lead.
SPECIALIST = "Priya S."


@dataclass(frozen=True)
class Login:
    """A demo user who may sign in to the pages."""

    role: Role
    name: str
    username: str
    password: str


@dataclass(frozen=True)
class Server:
    """The running demo server: its address, its database (for reading back what a page wrote) and its users."""

    base: str
    database_url: str
    logins: dict[str, Login]

    def login(self, role: Role, name: str | None = None) -> Login:
        """The demo login of that role (and name, when the role has several users)."""
        for login in self.logins.values():
            if login.role == role and (name is None or login.name == name):
                return login
        raise LookupError(f"no demo login for {role} {name or ''}")

    def database(self) -> Database:
        """A connection to the server's database file, for reading back what a page wrote."""
        return Database(self.database_url, pool_size=1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DemoServer:
    """Loads the demo into a new SQLite file and starts `ipsmatch serve` on it, in a thread of its own.

    Starting the server costs tens of seconds (importing torch, loading the model, embedding the catalogue);
    in a whole-suite run it is started while the collection ends and the other tests run first.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="ipsmatch-browser-"))
        self.url = f"sqlite:///{self.folder / 'demo.db'}"
        self.log = self.folder / "serve.log"
        self.process: subprocess.Popen | None = None
        self.logins: dict[str, Login] = {}
        self.port = _free_port()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._start, name="browser-test-server", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        try:
            database = Database(self.url)
            database.migrate()
            load_demo(database)
            self.logins = {p.username: Login(p.role, p.name, p.username, p.password)
                           for p in demo_passwords(database)}
            database.dispose()
            # Built before it listens, so the first page that ranks is not a 503 "warming up".
            env = {**os.environ, "IPSMATCH_DATABASE_URL": self.url, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                   "IPSMATCH_WARM_IN_BACKGROUND": "false"}
            with self.log.open("wb") as log:  # a file, not a pipe: a full pipe would stall the server
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "service.cli", "serve", "--port", str(self.port)], env=env,
                    stdout=log, stderr=subprocess.STDOUT,
                )
        except BaseException as error:  # reported by ready(), in the test that needs the server
            self.error = error

    def ready(self) -> Server:
        """The server once it answers; fails the test with the server's last words if it does not start."""
        self._thread.join()
        if self.error is not None:
            raise self.error
        assert self.process is not None
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"ipsmatch serve exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                httpx.get(f"{base}/sign-in", timeout=2)
                return Server(base=base, database_url=self.url, logins=self.logins)
            except httpx.TransportError:
                time.sleep(0.3)
        pytest.fail("ipsmatch serve did not start within 240 s")

    def stop(self) -> None:
        self._thread.join()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_early: list[DemoServer] = []


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected what will not run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last; when other tests run first, the demo server warms up meanwhile."""
    ours = [item for item in items if Path(str(item.path)).is_relative_to(HERE)]
    if not ours:
        return
    chosen = set(ours)
    others = [item for item in items if item not in chosen]
    items[:] = others + ours
    if others and not _early and not config.option.collectonly:
        _early.append(DemoServer())


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stops a server started early even when no browser test ran (a failure with -x, say)."""
    while _early:
        _early.pop().stop()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """`ipsmatch serve` on a fresh SQLite file holding the demo program and the demo users' passwords."""
    demo = _early[0] if _early else DemoServer()
    try:
        yield demo.ready()
    finally:
        if demo not in _early:
            demo.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; fails (never skips) with how to install it when it is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install -y chromium` "
                    "(.ci/run does this in CI); see DEVELOPERS.md.", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


SignIn = Callable[..., Page]


@pytest.fixture(scope="session")
def signed_in_states() -> dict[tuple[Role, str | None], dict]:
    """Each demo user's cookies after their first sign-in, so later tests skip the form (and argon2's cost)."""
    return {}


@pytest.fixture
def sign_in(server: Server, browser: Browser, signed_in_states: dict) -> Iterator[SignIn]:
    """Signs a demo user in, in a new browser context; gives the page they land on (their home page).

    The first time for each user it goes through the sign-in form as a person would; later contexts start
    with that session's cookies. `viewport` defaults to a desktop window. The pages' Content-Security-Policy
    forbids inline scripts, so the context bypasses it only to inject axe-core; the pages themselves are as
    served.
    """
    contexts = []

    def signed_in(role: Role, name: str | None = None, *, viewport: dict[str, int] | None = None) -> Page:
        login = server.login(role, name)
        state = signed_in_states.get((role, name))
        context = browser.new_context(base_url=server.base, viewport=viewport or DESKTOP, bypass_csp=True,
                                      storage_state=state)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        if state is not None:
            page.goto("/")
        else:
            page.goto("/sign-in")
            page.fill("#username", login.username)
            page.fill("#password", login.password)
            page.click("button[type=submit]:has-text('Sign in')")
            page.wait_for_load_state()
            signed_in_states[(role, name)] = context.storage_state()
        assert "/sign-in" not in page.url, f"{login.username} could not sign in: {page.inner_text('main')}"
        return page

    yield signed_in
    for context in contexts:
        context.close()
