"""`make bench-exports`: time and peak memory of the open-data exports at large synthetic archives, on SQLite.

For each size, builds (once, then reuses) an SQLite database under .bench/ with `load_demo --victims N`, marks
its synthetic records as non-sample in that throwaway database only (exports leave samples out), then:
- builds every export file (`build_exports`), timed, and again under tracemalloc for the peak of Python
  allocations, with the process's peak resident memory (VmHWM, reset before) beside it;
- downloads victims.csv through Django's test client, reading the streamed body chunk by chunk, with the same
  two peaks.
Flat memory means the peaks stay about the same from the smaller archive to the larger one. Not a test:
numbers depend on the machine.
"""

import argparse
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


def reset_peak_rss():
    # Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM) to the current one.
    Path("/proc/self/clear_refs").write_text("5")


def peak_rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def measured(action):
    """(seconds without tracing, peak traced bytes, peak RSS bytes) of `action`."""
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    reset_peak_rss()
    tracemalloc.start()
    action()
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, traced, peak_rss()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victims", type=int, nargs="+", default=[10_000, 100_000])
    arguments = parser.parse_args()
    # Each figure as soon as it is measured, also when the output is a file.
    sys.stdout.reconfigure(line_buffering=True)
    if len(arguments.victims) > 1:
        # One process per size: each starts from the same baseline, and peaks are not carried over.
        for size in arguments.victims:
            subprocess.run([sys.executable, __file__, "--victims", str(size)], check=True)  # noqa: S603
        return
    (size,) = arguments.victims

    database = ROOT / ".bench" / f"exports-{size}.sqlite3"
    database.parent.mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings.test")
    os.environ["MEMORIAL_OPENDATA_ROOT"] = str(ROOT / ".bench" / f"open-data-{size}")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from memorial.archive.models import Victim, VictimPublicIndex
    from memorial.opendata.exports import BUILD_LOCK, build_exports

    settings.MEMORIAL_OPENDATA_ROOT = Path(os.environ["MEMORIAL_OPENDATA_ROOT"])
    call_command("migrate", verbosity=0)
    if VictimPublicIndex.objects.count() < size:
        started = time.perf_counter()
        call_command("load_demo", victims=size)
        print(f"built the archive in {time.perf_counter() - started:.0f} s")
    # This database is the benchmark's own: its synthetic records stand in for real ones.
    Victim.objects.filter(is_sample=True).update(is_sample=False)
    VictimPublicIndex.objects.filter(is_sample=True).update(is_sample=False)
    published = VictimPublicIndex.objects.count()
    # The benchmark is the only builder of its database: a lock left by an interrupted run is stale.
    cache.delete(BUILD_LOCK)

    def build():
        if build_exports() is None:
            raise SystemExit("another build holds the lock")

    seconds, traced, rss = measured(build)
    build = Path(settings.MEMORIAL_OPENDATA_ROOT)
    sizes = {path.name: path.stat().st_size for path in build.glob("build-*/*")}
    print(f"{published} published records")
    print(
        f"  build every file   {seconds:6.1f} s   peak traced {traced / MIB:6.1f} MiB   peak RSS {rss / MIB:6.1f} MiB"
        f"   (victims.csv {sizes.get('victims.csv', 0) / MIB:.1f} MiB, victims.json "
        f"{sizes.get('victims.json', 0) / MIB:.1f} MiB)"
    )

    client = Client()

    def download():
        response = client.get("/en/open-data/victims.csv")
        received = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        if response.status_code != 200 or not received:
            raise SystemExit(f"victims.csv answered {response.status_code}")

    seconds, traced, rss = measured(download)
    print(
        f"  download victims.csv {seconds:6.2f} s   peak traced {traced / MIB:6.1f} MiB   peak RSS {rss / MIB:6.1f} MiB"
    )


if __name__ == "__main__":
    main()
