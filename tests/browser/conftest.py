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


@pytest.fixture(scope="session")
def portal_url(tmp_path_factory):
    """A portal served by ``runserver`` on a throw-away SQLite database with the demo."""
    _chromium()
    db = tmp_path_factory.mktemp("browser") / "portal.sqlite3"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE")}  # fmt: skip
    env.update(DATABASE_URL=f"sqlite:///{db}", DJANGO_SETTINGS_MODULE="portal.settings.dev")
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    port = _free_port()
    server = subprocess.Popen([*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    # The task worker beside it, as under `make run`: publishing leaves indexing to it.
    worker = subprocess.Popen([*manage, "db_worker", "--no-reload", "--queue-name", "*"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):  # up to two minutes: a loaded machine starts slowly
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    yield url
    for process in (server, worker):
        process.terminate()
        process.wait(timeout=10)


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
