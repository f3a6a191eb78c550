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

from memorial.archive.models import Attack, Victim, VictimPublicIndex
from memorial.privacy.models import publication_defaults
from memorial.privacy.representation import CHILD_AGE_GROUPS

CACHE_KEY = "archive:statistics:v3"
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


def with_complements_suppressed(values, k, groups=None, withheld_sums=()):
    """Cells for one table, counts that add up to a shown total. Cells below k are suppressed; then the smallest
    shown count goes too, until no hidden cell can be worked out from the total.

    Every hidden cell carries the same label, so a reader knows only that each is at least 1 (zeros are shown)
    and what they add up to (the total minus the shown cells). Suppression holds when at least two cells are
    hidden, they come to at least k, and more than one each: [1, 40] gives the 1 away, [1, 1, 40] with k = 3
    leaves 2 for two cells, and [1, 1, 1, 40] leaves 3 for three.

    `groups` are the sets of cells (lists of indices) whose sums a reader knows or can bound from another table
    (a row and a column of a cross table, the attacks of one year): each is held to the same rule, the whole
    table by default. `withheld_sums` are sets whose sum another table withholds: at least one of their cells
    is withheld too, or the shown cells would add up to it.
    """
    groups = [list(group) for group in groups] if groups is not None else [list(range(len(values)))]
    hidden = {index for index, value in enumerate(values) if 0 < value < k}
    changed = True
    while changed:
        changed = False
        for group in withheld_sums:
            positive = sorted((index for index in group if values[index] > 0), key=lambda index: values[index])
            if positive and not hidden.intersection(positive):
                hidden.add(positive[0])
                changed = True
        for group in groups:
            group_hidden = [index for index in group if index in hidden]
            candidates = sorted(
                (index for index in group if index not in hidden and values[index] > 0),
                key=lambda index: values[index],
            )
            while group_hidden and candidates and not _safe(sum(values[i] for i in group_hidden), len(group_hidden), k):
                smallest = candidates.pop(0)
                hidden.add(smallest)
                group_hidden.append(smallest)
                changed = True
    return [Cell(None, suppressed=True) if index in hidden else Cell(value) for index, value in enumerate(values)]


def _safe(hidden_sum, hidden_count, k):
    # With hidden_sum == hidden_count every hidden cell must be 1.
    return hidden_count >= 2 and hidden_sum >= k and hidden_sum > hidden_count


def suppressed_table(rows, k):
    """[(label, count)] -> [(label, Cell)] with small cells and their complement suppressed."""
    cells = with_complements_suppressed([count for _, count in rows], k)
    return [(label, item) for (label, _), item in zip(rows, cells, strict=True)]


def attack_table(records, by_year, by_agent, k):
    """Victims by attack. An attack fixes a year and an agent, which the year and agent tables count: the attacks
    of one year or one agent are held together against that count, and when the count is withheld, so is one of
    its attacks at least."""
    rows = list(
        records.exclude(attack=None)
        .values_list("attack__key", "attack__title_ar", "attack__title_en", "attack__date", "attack__agent")
        .annotate(total=Count("pk"))
        .order_by("attack__date", "attack__key")
    )
    values = [total for *_, total in rows]
    years, agents = dict(by_year), dict(by_agent)
    groups, withheld = [list(range(len(rows)))], []
    for key_of, cells in ((lambda row: row[3].year, years), (lambda row: row[4], agents)):
        members = {}
        for index, row in enumerate(rows):
            members.setdefault(key_of(row), []).append(index)
        for key, group in members.items():
            groups.append(group)
            if key in cells and cells[key].suppressed:
                withheld.append(group)
    cells = with_complements_suppressed(values, k, groups, withheld)
    return [
        ({"key": key, "ar": title_ar, "en": title_en, "date": date}, item)
        for (key, title_ar, title_en, date, _agent, _total), item in zip(rows, cells, strict=True)
    ]


SEXES = [Victim.Sex.FEMALE, Victim.Sex.MALE, Victim.Sex.UNKNOWN]


def age_sex_table(records, children, women, men, k):
    """Victims by age group (rows) and sex (columns), only the rows and columns that count anyone. Each row, each
    column and the whole table is held to the complement rule, and so are the cells the children, women and men
    totals add up (children are the child age groups, women and men the adults of each sex)."""
    counts = {}
    for age_group, sex, total in records.values_list("age_group", "sex").annotate(total=Count("pk")):
        key = (age_group, sex or Victim.Sex.UNKNOWN)
        counts[key] = counts.get(key, 0) + total
    age_groups = [code for code in Victim.AgeGroup.values if code in {group for group, _ in counts}]
    sexes = [code for code in SEXES if code in {sex for _, sex in counts}]
    positions = [(group, sex) for group in age_groups for sex in sexes]
    values = [counts.get(position, 0) for position in positions]

    def where(test):
        return [index for index, position in enumerate(positions) if test(*position)]

    adult = {code for code in age_groups if code and code not in CHILD_AGE_GROUPS}
    sums = [
        (where(lambda group, sex: group in CHILD_AGE_GROUPS), children),
        (where(lambda group, sex: group in adult and sex == Victim.Sex.FEMALE), women),
        (where(lambda group, sex: group in adult and sex == Victim.Sex.MALE), men),
    ]
    groups = [
        list(range(len(positions))),
        *(where(lambda group, sex, row=row: group == row) for row in age_groups),
        *(where(lambda group, sex, column=column: sex == column) for column in sexes),
        *(group for group, _ in sums),
    ]
    cells = with_complements_suppressed(values, k, groups, [group for group, total in sums if total.suppressed])
    return {
        "age_groups": age_groups,
        "sexes": sexes,
        "rows": [
            (group, cells[index * len(sexes) : (index + 1) * len(sexes)]) for index, group in enumerate(age_groups)
        ],
    }


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
    by_year = suppressed_table(list(by_year), k)
    by_agent = suppressed_table(list(by_agent), k)
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
        "by_year": by_year,
        "by_governorate": suppressed_table([({"ar": ar, "en": en}, total) for ar, en, total in by_governorate], k),
        "by_agent": by_agent,
        "by_attack": attack_table(records, by_year, by_agent, k),
        "by_age_sex": age_sex_table(records, children, women, men, k),
        "cited": CITED_TOTALS,
        "accession_date": CWC_IN_FORCE_FOR_SYRIA,
    }
