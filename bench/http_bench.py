"""`make bench`: throughput and latency of the public site over HTTP, served by gunicorn with production settings.

Builds or reuses the synthetic archive with bench/archive.py's builder: SQLite under .bench/, or the database
DATABASE_URL names (a PostgreSQL database of the bench's own: the build writes 100,000 records into it). Starts gunicorn on
127.0.0.1 with 2 sync workers and memorial.settings.bench_loopback (production settings over plain HTTP, plus
the bench URLconf: /bench/minimal, a tiny view behind the site's own middleware), drives each URL with Debian's
`wrk` for a bounded time, and prints requests/s, p50, p99 and SQL queries per request, with each row's ratio to
the minimal view measured in the same run. "cached" rows are anonymous repeat requests to the site as it runs
(served from whatever cache it has); "uncached" rows are the same anonymous requests to a second gunicorn started
with the page cache off (MEMORIAL_PAGE_CACHE=off), so each page is rendered every time; "signed in" rows carry a
logged-in session cookie, which the site never serves from a shared cache. Ratios are to the anonymous minimal
view of the site as it runs. Stops every process it started. Not a test: numbers depend on the machine.

Named http_bench.py, not http.py: the bench scripts run with bench/ first on the path, where an http.py would
shadow the standard library's `http` package.
"""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, seconds, connections, cookie):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latencies = {
        percent: float(value) * UNITS[unit]
        for percent, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url} answered {errors.group(1)} non-2xx/3xx responses")
    return rate, latencies["50"], latencies["99"]


def queries(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return int(response.headers["X-Bench-Queries"]), len(response.read())


def targets():
    """(label, path) of each page measured, picked from the archive Django is set up on."""
    from memorial.archive.models import VictimPublicIndex

    published = VictimPublicIndex.objects.order_by("public_id")
    victim = published[published.count() // 2]
    attack_key = (
        published.exclude(attack__isnull=True).values_list("attack__key", flat=True).order_by("attack__key").first()
    )
    # A page near the end of the default English order (by Latin name): the cursor is the public id before it.
    by_name = published.order_by("name_missing", "sort_name_latin", "public_id").values_list("public_id", flat=True)
    deep = by_name[published.count() * 9 // 10]
    # A name shown in full (not initials, which a search of "a. a." would stand for), searched by two of its words.
    name = next(
        entry.sort_name_latin
        for entry in published.exclude(sort_name_latin=None)[:500]
        if " " in entry.sort_name_latin and "." not in entry.sort_name_latin
    )
    return [
        ("minimal view", "/bench/minimal"),
        ("victim page", f"/en/victims/{victim.public_id}/"),
        ("victim index", "/en/victims/"),
        ("victim index, deep page", f"/en/victims/?after={deep}"),
        ("attack page", f"/en/attacks/{attack_key}/"),
        ("name search", "/en/victims/?q=" + "+".join(name.split()[:2])),
        ("home", "/en/"),
    ]


def session_cookie():
    """A logged-in visitor's cookie: a plain (non-staff) account made for the bench, signed in through Django."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="bench-visitor")
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# The pages also measured with a signed-in visitor's cookie: what a session costs, beside the same page uncached.
SIGNED_IN = ("minimal view", "victim page")


@contextlib.contextmanager
def gunicorn(environment, port):
    """gunicorn with 2 sync workers on 127.0.0.1:`port` while the block runs; yields its base URL."""
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "memorial.wsgi", "--bind", f"{HOST}:{port}", "--workers", "2",
         "--worker-class", "sync", "--log-level", "warning"],
        cwd=ROOT,
        env=environment,
    )  # fmt: skip
    try:
        base = f"http://{HOST}:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victims", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per row")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--port", type=int, default=8123)
    arguments = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs Debian's wrk: apt-get install wrk (make system-packages)")

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "memorial.settings.bench_loopback",
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bench" / "archive.py"), "--victims", str(arguments.victims), "--build-only"],
        check=True,
    )
    if "DATABASE_URL" not in os.environ:
        environment["DATABASE_URL"] = f"sqlite:///{ROOT / '.bench' / f'archive-{arguments.victims}.sqlite3'}"
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    pages = targets()
    cookie = session_cookie()

    rows = []
    # One server at a time, so that the two never share the cores: the site as it runs, then without its page cache.
    for server_environment, modes in (
        (environment, (("cached", ""), ("signed in", cookie))),
        ({**environment, "MEMORIAL_PAGE_CACHE": "off"}, (("uncached", ""),)),
    ):
        with gunicorn(server_environment, arguments.port) as base:
            for label, path in pages:
                for mode, row_cookie in modes:
                    if mode == "signed in" and label not in SIGNED_IN:
                        continue
                    url = base + path
                    wrk(url, 1, arguments.connections, row_cookie)  # warm-up
                    # After the warm-up, so the count is what a request costs once each worker has started up.
                    count, size = queries(url, row_cookie)
                    rate, p50, p99 = wrk(url, arguments.seconds, arguments.connections, row_cookie)
                    rows.append((label, path, mode, rate, p50, p99, count, size))

    # The target's baseline: the minimal view as an anonymous visitor reaches it, through every middleware.
    minimal = next(rate for label, _, mode, rate, *_ in rows if label == "minimal view" and mode == "cached")
    database = environment["DATABASE_URL"].split(":", 1)[0]
    print(
        f"\n{database}, gunicorn 2 sync workers, wrk {arguments.connections} connections, {arguments.seconds} s a row"
    )
    header = (
        f"{'page':26} {'mode':9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'SQL':>4} {'KB':>6} {'vs minimal':>10}  URL"
    )
    print(header)
    print("-" * len(header))
    order = {label: index for index, (label, _) in enumerate(pages)}
    modes = {"cached": 0, "signed in": 1, "uncached": 2}
    for label, path, mode, rate, p50, p99, count, size in sorted(rows, key=lambda row: (order[row[0]], modes[row[2]])):
        ratio = rate / minimal
        print(
            f"{label:26} {mode:9} {rate:8.0f} {p50:8.1f} {p99:8.1f} {count:4} {size / 1024:6.1f} {ratio:10.1%}  {path}"
        )


if __name__ == "__main__":
    main()
