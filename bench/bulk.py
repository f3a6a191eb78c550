"""`make bench-bulk`: bulk paths on SQLite — `load_demo --victims N`, `import_victims` of N new records, and a
re-import tightening M of them (name withheld), each timed in a fresh database under .bench/. Export time and
peak memory are measured by bench/exports.py (`make bench-exports`). Not a test: numbers depend on the machine.
"""

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_rows(path, town, count, name_policy):
    columns = ["external_id", "source", "name_ar", "name_latin", "sex", "age", "date_of_death", "governorate",
               "district", "town", "attack_key", "name_policy", "place_policy", "date_policy", "age_policy",
               "biography_policy", "sources_policy", "photo_policy"]  # fmt: skip
    chain, place = {}, town
    while place is not None:
        chain[place.level], place = place.name_en, place.parent
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for number in range(count):
            writer.writerow([
                f"b-{number}", "bench", "سلمى خالد الحسن", "Salma Khaled al-Hassan", "female", str(20 + number % 60),
                "2017-04-04", chain.get("governorate", ""), chain.get("district", ""), town.name_en, "",
                name_policy, "town", "exact", "exact", "show", "show", "none",
            ])  # fmt: skip


def timed(action):
    """(wall seconds, CPU seconds of this process): the CPU figure holds steady when other work shares the cores."""
    started, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - started, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victims", type=int, default=100_000)
    parser.add_argument("--tighten", type=int, default=75_000)
    arguments = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    database = ROOT / ".bench" / f"bulk-{arguments.victims}.sqlite3"
    database.parent.mkdir(exist_ok=True)
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings.test")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    from memorial.archive.models import Place

    call_command("migrate", verbosity=0)
    seconds = timed(lambda: call_command("load_demo", victims=arguments.victims, stdout=io.StringIO()))
    print(f"load_demo --victims {arguments.victims}: {seconds[0]:.1f} s (CPU {seconds[1]:.1f} s)")

    town = Place.objects.filter(level="town").order_by("pk").first()
    first, second = database.with_suffix(".new.csv"), database.with_suffix(".tighten.csv")
    write_rows(first, town, arguments.victims, "full")
    seconds = timed(lambda: call_command("import_victims", str(first), stdout=io.StringIO()))
    print(f"import_victims, {arguments.victims} new records: {seconds[0]:.1f} s (CPU {seconds[1]:.1f} s)")
    write_rows(second, town, arguments.tighten, "withheld")
    seconds = timed(lambda: call_command("import_victims", str(second), stdout=io.StringIO()))
    print(f"import_victims, {arguments.tighten} records tightened: {seconds[0]:.1f} s (CPU {seconds[1]:.1f} s)")


if __name__ == "__main__":
    main()
