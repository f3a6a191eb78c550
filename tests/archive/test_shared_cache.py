"""Every process reads and purges one cache: a withdrawal made by a management command reaches every process of
a served site at once. A per-process cache would keep the old counts in the other processes, and the difference
between two answers would tell a visitor that a record was withdrawn, and whose (an adult man, say).

The site runs as `make run` serves it (the dev settings, runserver) and as production does (gunicorn, two
workers, local files), on a database prepared by `migrate` and `import_victims` in processes of their own."""

import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
import pytest
from bs4 import BeautifulSoup

from tests.factories import OPEN_POLICY

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 40
# The production settings, with static files collected into the test's folder.
PRODUCTION = "served_production"
SEALING_KEY = "dGVzdC1vbmx5LW1lbW9yaWFsLXNlYWxpbmcta2V5LTA="

pytestmark = pytest.mark.served


def suite_postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url and dj_database_url.parse(url)["ENGINE"] == "django.db.backends.postgresql" else None


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A database of the served site's own: SQLite in a file, or, on the suite's PostgreSQL leg, a fresh
    PostgreSQL database beside the suite's."""
    postgres_url = suite_postgres_url()
    if postgres_url is None:
        yield f"sqlite:///{tmp_path_factory.mktemp('served') / 'db.sqlite3'}"
        return
    name = f"memorial_served_{uuid.uuid4().hex[:12]}"
    config = dj_database_url.parse(postgres_url)
    server = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None}
    with psycopg.connect(**server, password=config["PASSWORD"] or None, dbname="postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    yield urlsplit(postgres_url)._replace(path=f"/{name}").geturl()
    with psycopg.connect(**server, password=config["PASSWORD"] or None, dbname="postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("site")


@pytest.fixture(scope="module")
def environment(database_url, folder):
    """What a deployment sets, and nothing of the suite's own environment that would change it."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SECRET_", "MEMORIAL_", "AWS_"))
    }
    # Production collects static files at build time into the checkout; here, into the test's folder.
    (folder / f"{PRODUCTION}.py").write_text(
        f"from memorial.settings.production import *  # noqa: F403\n\nSTATIC_ROOT = {str(folder / 'static')!r}\n"
    )
    return {
        **inherited,
        "PYTHONPATH": str(folder),
        "SECRET_KEY": "served-test-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private_media"),
        "MEMORIAL_SEALING_KEYS": SEALING_KEY,
    }


def start(environment, settings, *arguments, output=subprocess.PIPE):
    return subprocess.Popen(  # noqa: S603
        [sys.executable, *arguments],
        cwd=PROJECT_ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": settings},
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finished(process):
    output, _ = process.communicate(timeout=180)
    assert process.returncode == 0, output


def manage(environment, settings, *arguments):
    finished(start(environment, settings, "manage.py", *arguments))


@pytest.fixture(scope="module")
def archive(environment, folder):
    """Fourteen published adults, named in full: no count falls below the guard's k as men are withdrawn."""
    rows = [
        {
            "external_id": f"served-{number}",
            "source": "partner",
            "name_latin": f"Sample Person {number}",
            "sex": "male" if number < 8 else "female",
            "age": "40",
            **OPEN_POLICY,
        }
        for number in range(14)
    ]
    with open(folder / "victims.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    # As a deployment prepares it: static files collected (meanwhile) and migrations applied.
    collecting = start(environment, PRODUCTION, "manage.py", "collectstatic", "--noinput", "-v0")
    try:
        manage(environment, PRODUCTION, "migrate", "--noinput", "-v0")
        manage(environment, PRODUCTION, "import_victims", str(folder / "victims.csv"))
    finally:
        finished(collecting)
    return environment


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (a local http URL)
        return response.read()


def wait_until_served(base_url, server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            fetch(f"{base_url}/healthz")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail("the server did not answer within a minute")


SERVERS = {
    # `make run`: the dev settings and Django's own server.
    "make run": ("memorial.settings.dev", lambda port: ["manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]),
    # Production with local files: gunicorn and two workers, each a process with its own memory.
    "production": (
        PRODUCTION,
        lambda port: ["-m", "gunicorn", "memorial.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
    ),
}


@pytest.fixture(params=list(SERVERS))
def served(request, archive, folder):
    settings, command = SERVERS[request.param]
    port = free_port()
    log = open(folder / f"{request.param}.log", "w")  # noqa: SIM115 (closed when the server stops)
    server = start(archive, settings, *command(port), output=log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(base_url, server)
        yield archive, settings, base_url
    finally:
        # Both servers stop at once on an interrupt (gunicorn: its quick shutdown).
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        log.close()


def counts(page):
    facts = {
        div.dt.get_text(strip=True): int(div.dd.get_text(strip=True))
        for div in BeautifulSoup(page, "html.parser").select(".counted .facts div")
    }
    return {"victims": facts["Victims"], "men": facts["Men"]}


def statistics_seen(base_url):
    """The counts of many requests at once, so that every worker answers some of them."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        pages = pool.map(fetch, [f"{base_url}/en/statistics/"] * REQUESTS)
    return [counts(page) for page in pages]


WITHDRAW_A_MAN = """
from memorial.archive.models import Victim
from memorial.privacy.services import withdraw_victim

victim = Victim.objects.filter(live=True, sex="male").order_by("pk").first()
withdraw_victim(victim=victim, reason="The family asked for the record to be withdrawn.", user=None)
"""


def test_a_withdrawal_by_a_management_command_reaches_every_process_of_the_served_site(served):
    environment, settings, base_url = served
    before = statistics_seen(base_url)
    assert before == [before[0]] * REQUESTS

    manage(environment, settings, "shell", "-c", WITHDRAW_A_MAN)

    withdrawn = {"victims": before[0]["victims"] - 1, "men": before[0]["men"] - 1}
    assert statistics_seen(base_url) == [withdrawn] * REQUESTS
