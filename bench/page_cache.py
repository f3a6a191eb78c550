"""Time the page cache: a victim page, the victim index and an attack page, each answered from the page cache (a
hit) and rendered (a miss, the whole site purged before each request), through Django's test client, on the
archive `make bench-archive` builds (.bench/archive-N.sqlite3, or DATABASE_URL). Prints the median and 95th
percentile in milliseconds. Not a test: numbers depend on the machine."""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive import build_archive  # noqa: E402 (the bench's own archive, built before Django is imported)


def percentile(timings, share):
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victims", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page and way")
    arguments = parser.parse_args()

    build_archive(arguments.victims)
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from memorial.archive.models import VictimPublicIndex
    from memorial.pagecache import store

    public_id = VictimPublicIndex.objects.order_by("pk").values_list("public_id", flat=True).first()
    # The attack with the most published victims: its page lists a full page of them.
    attack_key = (
        VictimPublicIndex.objects.exclude(attack=None)
        .values("attack__key")
        .annotate(victims=Count("pk"))
        .order_by("-victims")
        .values_list("attack__key", flat=True)
        .first()
    )
    paths = {
        "victim page": f"/en/victims/{public_id}/",
        "victim index": "/en/victims/",
        "attack page": f"/en/attacks/{attack_key}/",
    }
    client = Client()
    print(f"{VictimPublicIndex.objects.count()} published records; {arguments.requests} requests each way")
    print(f"{'page':<14} {'way':<5} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for kind, path in paths.items():
        for way in ("miss", "hit"):
            client.get(path)
            timings, queries = [], 0
            for _ in range(arguments.requests):
                if way == "miss":
                    store.purge_all()
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
                if (response.status_code, response.get("X-Cache")) != (200, way.upper()):
                    sys.exit(f"{path}: {response.status_code} {response.get('X-Cache')}, expected a 200 {way}")
                queries = len(captured)
            print(
                f"{kind:<14} {way:<5} {statistics.median(timings):>10.1f} {percentile(timings, 0.95):>8.1f} "
                f"{queries:>8}"
            )


if __name__ == "__main__":
    main()
