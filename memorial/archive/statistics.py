"""Counts computed from the archive (never typed in): published, non-sample records, public values only; from the
sample records only while the archive holds nothing else, and then said so.

Cells below k are suppressed (P10): a count of 1 or 2 in a governorate or a year can point at a person. So are
the cells that would let a reader work a suppressed one out by subtracting the shown cells from a total.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q

from memorial.archive.models import Attack, VictimPublicIndex
from memorial.privacy.models import publication_defaults

CACHE_KEY = "archive:statistics:v2"
# Every change purges the counts; the expiry only bounds how long counts made in a race with a change can last.
STATISTICS_TIMEOUT = 15 * 60
# Syria deposited its instrument of accession on 14 September 2013; the Convention entered into force for
# it on 14 October 2013.
CWC_IN_FORCE_FOR_SYRIA = datetime.date(2013, 10, 14)

CITED_TOTALS = {
    "publisher": "Syrian Network for Human Rights (SNHR)",
    # The network's own Arabic name (sn4hr.org/arabic).
    "publisher_ar": "الشبكة السورية لحقوق الإنسان",
    "date": datetime.date(2022, 11, 30),
    "killed": 1510,
    "children": 205,
    "women": 260,
    "injured": 12000,
    "attacks": 222,
    "attacks_after_accession": 184,
    "period": (datetime.date(2012, 12, 23), datetime.date(2022, 11, 30)),
}


@dataclass(frozen=True)
class Cell:
    """A count, or the statement that it is not shown."""

    value: int | None
    suppressed: bool = False


def cell(value, k):
    if 0 < value < k:
        return Cell(None, suppressed=True)
    return Cell(value)


def with_complements_suppressed(values, k):
    """Cells for one table, counts that add up to a shown total. Cells below k are suppressed; then the smallest
    shown count goes too, until no hidden cell can be worked out from the total.

    Every hidden cell carries the same label, so a reader knows only that each is at least 1 (zeros are shown)
    and what they add up to (the total minus the shown cells). Suppression holds when at least two cells are
    hidden, they come to at least k, and more than one each: [1, 40] gives the 1 away, [1, 1, 40] with k = 3
    leaves 2 for two cells, and [1, 1, 1, 40] leaves 3 for three.
    """
    cells = [cell(value, k) for value in values]
    hidden = [index for index, item in enumerate(cells) if item.suppressed]
    candidates = sorted(
        (index for index, item in enumerate(cells) if not item.suppressed and values[index] > 0),
        key=lambda index: values[index],
    )
    while hidden and candidates and not _safe(sum(values[index] for index in hidden), len(hidden), k):
        smallest = candidates.pop(0)
        cells[smallest] = Cell(None, suppressed=True)
        hidden.append(smallest)
    return cells


def _safe(hidden_sum, hidden_count, k):
    # With hidden_sum == hidden_count every hidden cell must be 1.
    return hidden_count >= 2 and hidden_sum >= k and hidden_sum > hidden_count


def suppressed_table(rows, k):
    """[(label, count)] -> [(label, Cell)] with small cells and their complement suppressed."""
    cells = with_complements_suppressed([count for _, count in rows], k)
    return [(label, item) for (label, _), item in zip(rows, cells, strict=True)]


def archive_statistics():
    statistics = cache.get(CACHE_KEY)
    if statistics is None:
        statistics = compute_statistics()
        cache.set(CACHE_KEY, statistics, STATISTICS_TIMEOUT)
    return statistics


def purge_statistics():
    """At once, and again when the change commits: another process counting in between still sees the data
    before the change, and a cache outside the database (Redis) would keep what it counted."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def compute_statistics(k=None):
    k = k or publication_defaults().k_anonymity
    records = VictimPublicIndex.objects.filter(is_sample=False)
    # Samples never count beside real records. An archive that holds nothing else (the demo) shows what they
    # add up to, under a banner that says so, rather than a page of zeros that looks broken.
    from_samples = not records.exists() and VictimPublicIndex.objects.filter(is_sample=True).exists()
    if from_samples:
        records = VictimPublicIndex.objects.filter(is_sample=True)
    totals = records.aggregate(
        victims=Count("pk"),
        children=Count("pk", filter=Q(is_child=True)),
        women=Count("pk", filter=Q(sex="female", is_child=False)),
        men=Count("pk", filter=Q(sex="male", is_child=False)),
    )
    attacks = Attack.objects.filter(live=True)
    by_year = records.exclude(year=None).values_list("year").annotate(total=Count("pk")).order_by("year")
    by_governorate = (
        records.exclude(governorate=None)
        .values_list("governorate__name_ar", "governorate__name_en")
        .annotate(total=Count("pk"))
        .order_by("governorate__name_en")
    )
    by_agent = records.exclude(attack=None).values_list("attack__agent").annotate(total=Count("pk"))
    children, women, men = with_complements_suppressed([totals["children"], totals["women"], totals["men"]], k)
    return {
        "k": k,
        "from_samples": from_samples,
        # Every table is read against this total; below k it is withheld like any cell.
        "victims": cell(totals["victims"], k),
        "children": children,
        "women": women,
        "men": men,
        "attacks": attacks.count(),
        "attacks_after_accession": attacks.filter(date__gte=CWC_IN_FORCE_FOR_SYRIA).count(),
        "by_year": suppressed_table(list(by_year), k),
        "by_governorate": suppressed_table([({"ar": ar, "en": en}, total) for ar, en, total in by_governorate], k),
        "by_agent": suppressed_table(list(by_agent), k),
        "cited": CITED_TOTALS,
        "accession_date": CWC_IN_FORCE_FOR_SYRIA,
    }
