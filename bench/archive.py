"""`make bench-archive`: response times of the public archive at a large synthetic archive, on SQLite.

Builds (once, then reuses) an SQLite database under .bench/, or the database DATABASE_URL names, with
`load_demo --victims N`, then times the
victim page, the index's first page, a deep page and a filtered page (from cursors), an attack page and a name
search through Django's test client, and prints the median and 95th percentile in milliseconds, the median CPU
time and the SQL queries. Not a test: numbers depend on the machine.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_archive(victims):
    """Set Django up on DATABASE_URL when it is set (a PostgreSQL database of the bench's own), otherwise on
    .bench/archive-N.sqlite3, building the archive first when it holds fewer than N victims."""
    if "DATABASE_URL" not in os.environ:
        database = ROOT / ".bench" / f"archive-{victims}.sqlite3"
        database.parent.mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings.test")
    # The pages' own cost: with the page cache, repeat addresses (the first index page, an attack) are hits.
    os.environ["MEMORIAL_PAGE_CACHE"] = "off"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    from memorial.archive.models import VictimPublicIndex

    call_command("migrate", verbosity=0)
    if VictimPublicIndex.objects.filter(is_sample=True).count() < victims:
        started = time.perf_counter()
        call_command("load_demo", victims=victims)
        print(f"built the archive in {time.perf_counter() - started:.0f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victims", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per kind of page")
    parser.add_argument("--build-only", action="store_true", help="build or reuse the database, time nothing")
    arguments = parser.parse_args()

    build_archive(arguments.victims)
    if arguments.build_only:
        return
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from memorial.archive.models import VictimPublicIndex

    rng = random.Random(7)
    entries = list(VictimPublicIndex.objects.values_list("public_id", "sort_name_latin", "year", "sex", "attack__key"))
    total = len(entries)
    named = [name for _, name, _, _, _ in entries if name and " " in name and "." not in name]
    year = rng.choice([year for _, _, year, _, _ in entries if year])
    in_year = [public_id for public_id, _, entry_year, sex, _ in entries if entry_year == year and sex == "female"]
    attacks = sorted({key for *_, key in entries if key})
    kinds = {
        "victim page": lambda: f"/ar/victims/{rng.choice(entries)[0]}/",
        "index, first page": lambda: "/ar/victims/",
        # A page anywhere in the archive, from a cursor: the page after a random record.
        "index, deep page": lambda: f"/ar/victims/?after={rng.choice(entries)[0]}",
        "filtered index page": lambda: f"/en/victims/?year={year}&sex=female&after={rng.choice(in_year)}",
        "attack page": lambda: f"/en/attacks/{rng.choice(attacks)}/",
        "name search": lambda: "/en/victims/?" + f"q={'+'.join(rng.choice(named).split()[:2])}",
    }
    client = Client()
    print(f"{total} published records; {arguments.requests} requests each (after 5 warm-up requests)")
    print("wall and CPU (this process: Python, templates and the database's own work on SQLite) in ms; SQL queries")
    for kind, next_path in kinds.items():
        for _ in range(5):
            client.get(next_path())
        timings, cpu, counts = [], [], []
        for _ in range(arguments.requests):
            path = next_path()
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            counts.append(len(queries))
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{kind:22} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms   "
            f"CPU median {statistics.median(cpu):7.1f} ms   queries {min(counts)}–{max(counts)}"
        )


if __name__ == "__main__":
    main()
