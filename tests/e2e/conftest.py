"""Browser tests: Debian's chromium driven by Playwright against the live test server (SQLite)."""

import mimetypes
import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.files.storage import storages
from django.core.servers.basehttp import WSGIServer
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.testcases import LiveServerThread

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_ROOT / "screenshots"
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


class OneRequestAtATime(WSGIServer):
    """The live server answers the browser's requests one after another. With SQLite in memory every request
    runs on the one connection the tests share: two at once (a page and its jsi18n) interleave their savepoints
    on it, and the broken transaction fails every later browser test. Each answer closes its connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        # The server's thread already runs on the shared connections (LiveServerThread.run).
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = OneRequestAtATime

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(f"Debian's chromium is required for the browser tests (looked for {path}).")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session", autouse=True)
def serialized_contents(django_db_setup):
    """Django keeps the database as migrations left it on the connection that set the suite up, and restores it
    from there before each browser test (serialized_rollback). Playwright's event loop gives the test thread a
    connection of its own, which would carry nothing: every connection of the backend is given the same data, so
    a browser test after another transactional test starts from the migrated database, not an empty one."""
    connection = connections[DEFAULT_DB_ALIAS]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        type(connection)._test_serialized_contents = contents
    yield
    if contents is not None:
        del type(connection)._test_serialized_contents


@pytest.fixture
def site_url(live_server, django_db_serialized_rollback):
    return live_server.url


@pytest.fixture
def csp_violations(page):
    """Console messages in which the browser reports a blocked resource."""
    messages = []
    page.on(
        "console",
        lambda message: messages.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return messages


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 1000
        return path

    return take


@pytest.fixture
def axe():
    """Run axe-core in the page and return its violations of serious or critical impact."""
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does).")
    source = AXE_SCRIPT.read_text()

    def serious_violations(page):
        page.evaluate(source)
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": violation["id"], "nodes": [node["target"] for node in violation["nodes"]]}
            for violation in results["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]

    return serious_violations


def serve_media(page):
    """The test server does not serve media (DEBUG is off); the browser gets the stored public files instead, each
    with its type (a photo's sizes are WebP and JPEG)."""
    storage = storages["default"]

    def fulfil(route):
        name = unquote(urlparse(route.request.url).path).removeprefix(settings.MEDIA_URL)
        if not storage.exists(name):
            route.fulfill(status=404, body="")
            return
        with storage.open(name, "rb") as stored:
            route.fulfill(status=200, body=stored.read(), content_type=mimetypes.guess_type(name)[0] or "")

    page.route("**/media/**", fulfil)
