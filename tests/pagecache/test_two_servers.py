"""Several app servers share one PostgreSQL and one Redis (docs/deploy.md, "The page cache"): a record tightened
through one server is never served with its old name by the other, though both had the page in their cache.

Two gunicorn servers with production settings, on two loopback ports, each with two workers; the tightening is
made by a process of server A's deployment (a management shell, as the admin's policy screen calls the same
service), which purges the shared Redis. PostgreSQL and Redis only: skipped, saying why, without them.

On a busy two-core machine the deployment steps (migrating a fresh database above all) and a worker's first
request are slow, so each step has a generous limit of its own; every limit is bounded, and a step that runs past
it fails with its name, the time it took and the end of its output or of the server's log."""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import dj_database_url
import psycopg
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
# Seconds each step may take at most: measured at 2 minutes for the whole test on an idle machine, the migration
# alone at several minutes on a loaded one.
LIMITS = {"collectstatic": 300, "migrate": 900, "import_victims": 300, "shell": 300}
# A server's first answer: gunicorn's master, then a worker that loads the whole site.
STARTUP_SECONDS = 300
# One request; gunicorn's own worker timeout is set above it, so that a slow first request is not killed.
REQUEST_SECONDS = 120
WORKER_TIMEOUT = 180


def tail(text, lines=40):
    return "\n".join((text or "").splitlines()[-lines:])


def manage(deployed, *arguments):
    """A management command of the deployment, run to its end within its step's limit; its output."""
    step = arguments[0]
    limit = LIMITS[step]
    began = time.monotonic()
    process = start(deployed, PRODUCTION, "manage.py", *arguments)
    try:
        output, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate(timeout=30)
        pytest.fail(f"manage.py {step} did not finish within {limit} s; its output ended with:\n{tail(output)}")
    took = time.monotonic() - began
    assert process.returncode == 0, f"manage.py {step} failed (exit {process.returncode}) after {took:.0f} s:\n{output}"
    print(f"manage.py {step}: {took:.1f} s")  # noqa: T201 (shown with -s: where the time went)
    return output


def redis_url():
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    return f"{base}/{REDIS_DB}"


def skip(request, reason):
    """Skip the module, saying why on the terminal whatever the reporting options."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\n{request.module.__name__}: skipped: {reason}", yellow=True)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def redis(request):
    """The shared services, checked before anything is built: PostgreSQL (the suite's leg) and Redis."""
    postgres_url = suite_postgres_url()
    if postgres_url is None:
        skip(request, "two servers share PostgreSQL: run this test on the PostgreSQL leg (DATABASE_URL=postgres://…)")
    config = dj_database_url.parse(postgres_url)
    try:
        psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as error:
        skip(request, f"no PostgreSQL answers at {config['HOST']}:{config['PORT']}: {str(error).strip()}")
    import redis as redis_client

    connection = redis_client.Redis.from_url(redis_url(), socket_connect_timeout=5, socket_timeout=30)
    try:
        connection.ping()
    except redis_client.exceptions.RedisError as error:
        skip(request, f"no Redis answers at {redis_url()}: {error}")
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


class Server:
    def __init__(self, name, settings, directory):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = directory / f"server-{name}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed when the server stops)
        command = [
            "-m",
            "gunicorn",
            "memorial.wsgi:application",
            "--workers",
            "2",
            "--timeout",
            str(WORKER_TIMEOUT),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        self.process = start(settings, PRODUCTION, *command, output=self.log)

    def log_tail(self):
        self.log.flush()
        return tail(self.log_path.read_text(encoding="utf-8", errors="replace"))

    def failed(self, message):
        pytest.fail(f"server {self.name} ({self.url}): {message}; its log ended with:\n{self.log_tail()}")

    def wait_until_answering(self):
        """The health check answers (a worker's first request loads the whole site: slow on a busy machine)."""
        began = time.monotonic()
        last = None
        while time.monotonic() - began < STARTUP_SECONDS:
            if self.process.poll() is not None:
                self.failed(f"stopped (exit {self.process.returncode}) before answering")
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=REQUEST_SECONDS).close()  # noqa: S310
                print(f"server {self.name}: answering after {time.monotonic() - began:.1f} s")  # noqa: T201
                return
            except (urllib.error.URLError, OSError) as error:
                last = error
                time.sleep(0.5)
        self.failed(f"no answer from /healthz within {STARTUP_SECONDS} s (last: {last!r})")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.log.close()

    def get(self, path):
        """(X-Cache, page) of one request."""
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=REQUEST_SECONDS) as response:  # noqa: S310
                return response.headers["X-Cache"], response.read().decode()
        except (urllib.error.URLError, OSError) as error:
            self.failed(f"GET {path} failed: {error!r}")

    def many(self, path):
        """Many requests at once, so that both workers answer some of them."""
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(self.get, [path] * REQUESTS))


@pytest.fixture(scope="module")
def servers(deployment, folder):  # noqa: F811
    settings, _public_id = deployment
    started = []
    try:
        for name in ("a", "b"):
            started.append(Server(name, settings, folder))
        for server in started:
            server.wait_until_answering()
        yield started
    finally:
        for server in started:
            server.stop()


def caches_of(answers):
    return sorted({cache for cache, _page in answers})


def test_a_record_tightened_through_one_server_never_shows_its_old_name_on_the_other(deployment, servers):
    settings, public_id = deployment
    server_a, server_b = servers
    path = f"/en/victims/{public_id}/"
    for server in (server_a, server_b):
        server.get(path)
        answers = server.many(path)
        assert caches_of(answers) == ["HIT"], f"server {server.name} before the change: X-Cache {caches_of(answers)}"
        assert all(NAME in page for _cache, page in answers), f"server {server.name} does not show the name yet"

    manage(settings, "shell", "-c", TIGHTEN)

    for server in (server_b, server_a):
        answers = server.many(path)
        old = [cache for cache, page in answers if NAME in page or "Sample-Tamer" in page]
        assert not old, f"server {server.name} served the withheld name {len(old)} times (X-Cache {sorted(set(old))})"
    # Each server rendered the tightened page at most once and serves it from the shared cache again.
    answers = server_b.many(path)
    assert caches_of(answers) == ["HIT"], f"server b after the change: X-Cache {caches_of(answers)}"
