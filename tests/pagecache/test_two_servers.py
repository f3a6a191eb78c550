"""Several app servers share one PostgreSQL and one Redis (docs/deploy.md, "The page cache"): a record tightened
through one server is never served with its old name by the other, though both had the page in their cache.

Two gunicorn servers with production settings, on two loopback ports, each with two workers; the tightening is
made by a process of server A's deployment (a management shell, as the admin's policy screen calls the same
service), which purges the shared Redis. PostgreSQL and Redis only: skipped, saying why, without them."""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.archive.test_shared_cache import (
    PRODUCTION,
    database_url,  # noqa: F401 (a fixture: a fresh PostgreSQL database of the servers' own)
    environment,  # noqa: F401 (a fixture)
    folder,  # noqa: F401 (a fixture)
    free_port,
    start,
    suite_postgres_url,
)
from tests.factories import OPEN_POLICY

pytestmark = pytest.mark.served

NAME = "Rania Sample-Tamer"
REDIS_DB = 13
REQUESTS = 24
# Migrating a fresh PostgreSQL database takes minutes on a busy two-core machine.
COMMAND_SECONDS = 600


def manage(deployed, *arguments):
    """A management command of the deployment, run to its end; its output."""
    process = start(deployed, PRODUCTION, "manage.py", *arguments)
    try:
        output, _ = process.communicate(timeout=COMMAND_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert process.returncode == 0, output
    return output


def redis_url():
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    return f"{base}/{REDIS_DB}"


@pytest.fixture(scope="module")
def redis():
    if suite_postgres_url() is None:
        pytest.skip("two servers share PostgreSQL: run this test on the PostgreSQL leg (DATABASE_URL)")
    import redis as redis_client

    connection = redis_client.Redis.from_url(redis_url())
    try:
        connection.ping()
    except redis_client.exceptions.ConnectionError:
        pytest.skip(f"no Redis answers at {redis_url()}")
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


PUBLIC_ID = "from memorial.archive.models import Victim; print(Victim.objects.get().public_id)"

TIGHTEN = """
from memorial.archive.models import Victim
from memorial.privacy.services import change_policy

victim = Victim.objects.get()
change_policy(victim=victim, proposed={"name_policy": "withheld"}, reason="The family asked.", user=None)
"""


@pytest.fixture(scope="module")
def deployment(redis, environment, folder):  # noqa: F811
    settings = {**environment, "REDIS_URL": redis_url()}
    row = {"external_id": "two-servers-1", "source": "partner", "name_latin": NAME, "sex": "female", "age": "30"}
    row |= OPEN_POLICY
    (folder / "victims.csv").write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    manage(settings, "collectstatic", "--noinput", "-v0")
    manage(settings, "migrate", "--noinput", "-v0")
    manage(settings, "import_victims", str(folder / "victims.csv"))
    return settings, manage(settings, "shell", "-c", PUBLIC_ID).strip().splitlines()[-1]


@pytest.fixture(scope="module")
def servers(deployment, folder):  # noqa: F811
    settings, _public_id = deployment
    started = []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = open(folder / f"server-{name}.log", "w")  # noqa: SIM115 (closed when the server stops)
            command = ["-m", "gunicorn", "memorial.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
            process = start(settings, PRODUCTION, *command, output=log)
            started.append((process, log))
            answering(f"http://127.0.0.1:{port}", process)
            started[-1] = (process, log, f"http://127.0.0.1:{port}")
        yield [entry[2] for entry in started]
    finally:
        for process, log, *_ in started:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
            log.close()


def answering(base_url, server):
    """Wait for the health check (a worker's first request loads the whole site: slow on a busy machine)."""
    deadline = time.monotonic() + COMMAND_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=60).close()  # noqa: S310 (a local http URL)
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    pytest.fail(f"{base_url} did not answer")


def get(url):
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (a local http URL)
        return response.headers["X-Cache"], response.read().decode()


def many(url):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(get, [url] * REQUESTS))


def test_a_record_tightened_through_one_server_never_shows_its_old_name_on_the_other(deployment, servers):
    settings, public_id = deployment
    server_a, server_b = servers
    path = f"/en/victims/{public_id}/"
    for base in (server_a, server_b):
        get(f"{base}{path}")
        answers = many(f"{base}{path}")
        assert {cache for cache, _page in answers} == {"HIT"}
        assert all(NAME in page for _cache, page in answers)

    manage(settings, "shell", "-c", TIGHTEN)

    answers = many(f"{server_b}{path}") + many(f"{server_a}{path}")
    assert not [page for _cache, page in answers if NAME in page or "Sample-Tamer" in page]
    # Each server rendered the tightened page once and serves it from the shared cache again.
    assert {cache for cache, _page in many(f"{server_b}{path}")} == {"HIT"}
