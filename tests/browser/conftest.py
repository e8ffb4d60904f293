"""Browser tests: Playwright drives Debian's Chromium (headless) against a real server the
fixture starts on a fresh SQLite database with the demo content, as a newcomer's `make run`."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _chromium() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Chromium is missing (scripts/chromium installs Debian's package)")
        pytest.skip("no Chromium (install Debian's chromium package)")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Portal:
    """``runserver`` and the task worker on a SQLite database with the demo, as under
    ``make run``. A snapshot taken after the demo loads lets a rerun start from it."""

    def __init__(self, root: Path) -> None:
        self.db = root / "portal.sqlite3"
        self.snapshot = root / "demo.sqlite3"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        unset = ("DATABASE_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE")
        self.env = {k: v for k, v in os.environ.items() if k not in unset}
        self.env.update(DATABASE_URL=f"sqlite:///{self.db}",
                        DJANGO_SETTINGS_MODULE="portal.settings.dev")  # fmt: skip
        self.manage = [sys.executable, str(ROOT / "manage.py")]
        self.processes: list[subprocess.Popen] = []

    def load(self) -> None:
        for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
            subprocess.run([*self.manage, *command], env=self.env, cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        shutil.copyfile(self.db, self.snapshot)

    def start(self) -> None:
        commands = (
            ["runserver", "--noreload", f"127.0.0.1:{self.port}"],
            # The task worker beside it: publishing leaves indexing to it.
            ["db_worker", "--no-reload", "--queue-name", "*"],
        )
        self.processes = [
            subprocess.Popen(
                [*self.manage, *command],
                env=self.env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
            for command in commands
        ]
        for _ in range(600):  # up to two minutes: a loaded machine starts slowly
            try:
                urllib.request.urlopen(self.url + "/", timeout=2)
                return
            except OSError:
                time.sleep(0.2)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def restore(self) -> None:
        """Back to the demo as loaded: what a failed attempt wrote does not meet the rerun."""
        self.stop()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.snapshot, self.db)
        self.start()


@pytest.fixture(scope="session")
def portal(tmp_path_factory):
    _chromium()
    server = _Portal(tmp_path_factory.mktemp("browser"))
    server.load()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def portal_url(portal) -> str:
    """A portal served on a throw-away SQLite database with the demo."""
    return portal.url


@pytest.fixture(autouse=True)
def _fresh_demo_on_rerun(request, portal):
    # pytest-rerunfailures counts attempts; a rerun of a test that wrote (an event, a round's
    # report, a membership) would otherwise meet its own first attempt's data.
    if getattr(request.node, "execution_count", 1) > 1:
        portal.restore()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), headless=True,
                                    args=["--no-sandbox"])  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def open_as(chromium, portal_url, demo_password):
    """A new browser page, signed in as ``username`` (None: anonymous), in the visitor's
    time zone ``timezone_id``."""
    contexts = []

    def make(username: str | None, timezone_id: str = "Europe/Paris"):
        context = chromium.new_context(base_url=portal_url, timezone_id=timezone_id,
                                       viewport={"width": 1280, "height": 1000})  # fmt: skip
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        if username:
            page.goto("/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", demo_password)
            page.click("main button[type=submit]")
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    yield make
    for context in contexts:
        context.close()


def shoot(page, name: str, *, full_page: bool = False) -> None:
    """With SCREENSHOTS=1, keep a screenshot of what the test sees for the README (docs/)."""
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / f"{name}.png"), full_page=full_page)
