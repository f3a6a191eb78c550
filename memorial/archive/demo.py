"""Demo content: the documented attacks of shared/data (public facts with their sources) and synthetic
sample victims, clearly labelled. Idempotent; sample records are the only victims it ever touches."""

import csv
import datetime
import random
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.utils import translation

from memorial.archive.bulk import insert_keyed_rows, insert_rows, update_rows
from memorial.archive.models import Attack, AttackFigure, AttackFinding, Place, Source, Victim
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.policy import NamePolicy
from memorial.privacy.publication import NamesInHand, refresh_public_surfaces, victims_published
from memorial.privacy.representation import SHOWS_IDENTITY

ATTACKS_CSV = Path(__file__).resolve().parent / "fixtures" / "attacks.csv"
# Towns' coordinates, each with the page it was read from; a town missing there (Qmenas, Umm Hawsh, the several
# places of Eastern Ghouta) keeps none and is listed beside the map, never guessed.
PLACES_CSV = Path(__file__).resolve().parent / "fixtures" / "places.csv"
DEMO_SOURCE = "demo"
AGENTS = {"sarin": Attack.Agent.SARIN, "chlorine": Attack.Agent.CHLORINE, "sulfur mustard": Attack.Agent.SULFUR_MUSTARD}
# Words of the data set's delivery column that name an entry of the list; the first that matches wins, so that
# "helicopter-dropped barrel bombs" is dropped from a helicopter rather than an aerial bomb.
DELIVERIES = (
    (Attack.Delivery.HELICOPTER, ("helicopter", "barrel")),
    (Attack.Delivery.ROCKETS, ("rocket",)),
    (Attack.Delivery.ARTILLERY, ("artillery",)),
    (Attack.Delivery.AERIAL_BOMB, ("bomb",)),
)
ARABIC_MONTHS = [
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
]  # fmt: skip
# A UN or OPCW document symbol, then what the data set calls the document: "S/2017/904 (seventh report)".
DOCUMENT_NUMBER = re.compile(r"(?P<number>S/\S+)(?: \((?P<title>[^)]+)\))?")
SNHR_2022 = {
    "publisher": "Syrian Network for Human Rights (SNHR)",
    "title": "Annual report on chemical attacks in Syria, Day of Remembrance for all Victims of Chemical Warfare",
    "date": datetime.date(2022, 11, 30),
}


def parse_range(text):
    """ "20-26" -> (20, 26); "43" -> (43, None); "" -> None."""
    text = text.strip()
    if not text:
        return None
    low, _, high = text.partition("-")
    return int(low), int(high) if high else None


def delivery_of(words):
    """The list's entry for the sources' words ("M4000 aerial bomb" -> aerial bomb), empty when none fits."""
    words = words.casefold()
    return next((value for value, keys in DELIVERIES if any(key in words for key in keys)), "")


def delivery_words(words, delivery):
    """The sources' words for the delivery, kept unless they only repeat the list's label ("aerial bomb")."""
    with translation.override("en"):
        label = str(Attack.Delivery(delivery).label) if delivery else ""
    return "" if words.strip().casefold() == label.casefold() else words.strip()


def attack_titles(town_en, town_ar, day):
    return (
        f"{town_en}, {day.day} {day:%B} {day.year}",
        f"{town_ar}، {day.day} {ARABIC_MONTHS[day.month - 1]} {day.year}",
    )


def split_document(document):
    """ "S/2016/738/Rev.1 (third report)" -> ("S/2016/738/Rev.1", "Third report"); "First report" -> ("", "First
    report"): a document number and a title, each stored once."""
    match = DOCUMENT_NUMBER.fullmatch(document.strip())
    if not match:
        return "", document.strip()
    title = match["title"] or ""
    return match["number"], title[:1].upper() + title[1:]


def document_source(publisher, document, day):
    """The source of an official finding: one per publisher, document and date, shared by the attacks it covers."""
    number, title = split_document(document)
    # Earlier loads wrote the whole document into both fields: that row is brought up to date, not duplicated.
    source = Source.objects.filter(
        publisher=publisher, date=day, url="", document_number__in={number, document}, title__in={title, document}
    ).first() or Source(publisher=publisher, date=day)
    source.document_number, source.title = number, title
    source.save()
    return source


def web_source(url):
    """A page the data set cites by its address alone: published by its site, titled only when the address
    names the page (a Wikipedia article). One per address, whichever attacks cite it."""
    parts = urlsplit(url)
    publisher = parts.netloc.removeprefix("www.")
    title = ""
    if publisher.endswith("wikipedia.org") and parts.path.startswith("/wiki/"):
        title = unquote(parts.path.removeprefix("/wiki/")).replace("_", " ")
    source, _ = Source.objects.update_or_create(url=url, publisher=publisher, defaults={"title": title})
    return source


@transaction.atomic
def load_attacks(path=ATTACKS_CSV):
    """Create or refresh one published attack per row. Returns (created, updated)."""
    created = updated = 0
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            governorate, _ = Place.objects.get_or_create(
                level=Place.Level.GOVERNORATE, parent=None, name_en=row["governorate_en"],
                defaults={"name_ar": row["governorate_ar"]},
            )  # fmt: skip
            town, _ = Place.objects.get_or_create(
                level=Place.Level.TOWN, parent=governorate, name_en=row["town_en"], defaults={"name_ar": row["town_ar"]}
            )
            day = datetime.date.fromisoformat(row["date"])
            title_en, title_ar = attack_titles(row["town_en"], row["town_ar"], day)
            agent_words = row["agent"].strip()
            attack, was_created = Attack.objects.update_or_create(
                key=row["key"],
                defaults={
                    "date": day,
                    "title_en": title_en,
                    "title_ar": title_ar,
                    "agent": AGENTS.get(agent_words.replace(" (likely)", ""), Attack.Agent.OTHER),
                    "agent_description": agent_words if agent_words not in AGENTS else "",
                    "delivery": delivery_of(row["delivery"]),
                    "delivery_description": delivery_words(row["delivery"], delivery_of(row["delivery"])),
                    "figures_checked": row["figures_checked"].strip() == "yes",
                    "live": True,
                },
            )
            created += was_created
            updated += not was_created
            attack.places.set([town])
            attack.save()
            attack.figures.all().delete()
            for kind, figure, source in (
                (AttackFigure.Kind.KILLED, row["deaths_reported"], row["deaths_source"]),
                (AttackFigure.Kind.INJURED, row["injured_reported"], row["injured_source"]),
            ):
                parsed = parse_range(figure)
                # A figure is shown with its source or not at all: the data set's unsourced zero (Saraqib's
                # deaths) is no count anyone reported, and the footer promises every figure its source.
                if parsed and source.strip():
                    AttackFigure.objects.create(
                        attack=attack, kind=kind, low=parsed[0], high=parsed[1], reported_by=source.strip()
                    )
            attack.findings.all().delete()
            finding_date = datetime.date.fromisoformat(row["finding_date"]) if row["finding_date"] else None
            finding_source = document_source(row["finding_body"], row["finding_document"], finding_date)
            AttackFinding.objects.create(
                attack=attack,
                body=row["finding_body"],
                document=row["finding_document"],
                date=finding_date,
                attribution=row["finding_attribution"],
                source=finding_source,
            )
            attack.sources.set([finding_source, *(web_source(url) for url in row["sources"].split())])
    locate_towns()
    Source.objects.get_or_create(
        publisher=SNHR_2022["publisher"], date=SNHR_2022["date"], defaults={"title": SNHR_2022["title"]}
    )
    return created, updated


def locate_towns(path=PLACES_CSV):
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Place.objects.filter(
                level=Place.Level.TOWN, name_en=row["town_en"], parent__name_en=row["governorate_en"]
            ).update(latitude=row["latitude"], longitude=row["longitude"])


# Synthetic names: common given and family names, combined at random. Any match with a real person is
# coincidence; every record built from them is marked as a sample.
FEMALE_NAMES = [
    ("فاطمة", "Fatima"), ("مريم", "Maryam"), ("هند", "Hind"), ("سلمى", "Salma"), ("نور", "Nour"),
    ("رشا", "Rasha"), ("آمنة", "Amina"), ("لين", "Leen"), ("ريم", "Reem"), ("هبة", "Hiba"),
]  # fmt: skip
MALE_NAMES = [
    ("محمد", "Mohammad"), ("أحمد", "Ahmad"), ("عبد الله", "Abdullah"), ("يوسف", "Youssef"), ("خالد", "Khaled"),
    ("عمر", "Omar"), ("حسين", "Hussein"), ("إبراهيم", "Ibrahim"), ("مصطفى", "Mustafa"), ("عبد الرحمن", "Abd al-Rahman"),
]  # fmt: skip
FAMILY_NAMES = [
    ("الأحمد", "al-Ahmad"), ("الحسن", "al-Hassan"), ("الخطيب", "al-Khatib"), ("العلي", "al-Ali"), ("حداد", "Haddad"),
    ("النجار", "al-Najjar"), ("الشامي", "al-Shami"), ("درويش", "Darwish"), ("قاسم", "Qasim"), ("الصالح", "al-Saleh"),
]  # fmt: skip
# Chosen by position, so that each sex's list is as long as the other's.
PSEUDONYMS = {
    Victim.Sex.FEMALE: [("ابنة المدينة", "Daughter of the town"), ("ابنة الحي", "Daughter of the neighbourhood")],
    Victim.Sex.MALE: [("ابن المدينة", "Son of the town"), ("ابن الحي", "Son of the neighbourhood")],
}


def weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def sample_victim(number, attacks):
    """The n-th sample victim: the same every time, whatever the archive's size."""
    rng = random.Random(f"memorial-demo-{number}")  # noqa: S311 - demo data, not a secret
    attack, town = weighted(rng, attacks)
    sex = rng.choice([Victim.Sex.FEMALE, Victim.Sex.MALE])
    age = weighted(rng, [(rng.randint(0, 17), 30), (rng.randint(18, 80), 65), (None, 5)])
    name_policy = weighted(rng, [("full", 70), ("initials", 10), ("first_name", 5), ("pseudonym", 5), ("withheld", 10)])
    pseudonym = rng.choice(PSEUDONYMS[sex])
    victim = Victim(
        sex=sex,
        age=age,
        age_group="" if age is not None else rng.choice(["18-29", "30-44"]),
        attack=attack,
        place=town,
        date_of_death=attack.date,
        documentation_status=weighted(rng, [("reported", 60), ("corroborated", 30), ("confirmed", 10)]),
        is_sample=True,
        biography_ar="سجل تجريبي: بيانات مصطنعة لعرض الأرشيف، لا تصف شخصاً حقيقياً.",
        biography_en="Sample record: synthetic data used to demonstrate the archive. It describes no real person.",
        pseudonym_ar=pseudonym[0] if name_policy == "pseudonym" else "",
        pseudonym_latin=pseudonym[1] if name_policy == "pseudonym" else "",
        name_policy=name_policy,
        photo_policy="none",
        place_policy=weighted(rng, [("town", 60), ("district", 10), ("governorate", 25), ("country", 5)]),
        date_policy=weighted(rng, [("exact", 80), ("month", 15), ("year", 5)]),
        age_policy=weighted(rng, [("exact", 70), ("group", 25), ("withheld", 5)]),
        biography_policy=weighted(rng, [("show", 80), ("hide", 20)]),
        sources_policy="show",
        live=True,
        external_source=DEMO_SOURCE,
        external_id=f"demo-{number}",
    )
    given = rng.choice(FEMALE_NAMES if sex == Victim.Sex.FEMALE else MALE_NAMES)
    father, family = rng.choice(MALE_NAMES), rng.choice(FAMILY_NAMES)
    identity = VictimIdentity(
        given_name_ar=given[0], father_name_ar=father[0], family_name_ar=family[0],
        given_name_latin=given[1], father_name_latin=father[1], family_name_latin=family[1],
    )  # fmt: skip
    return victim, identity


def load_sample_victims(count, batch_size=5000):
    """Ensure sample victims demo-0 … demo-(count-1) exist and are published, with their pseudonyms and
    sources as the generator gives them now. Returns how many were made."""
    attacks = [
        ((attack, attack.places.first()), figure.low)
        for attack in Attack.objects.filter(live=True).prefetch_related("places", "figures")
        for figure in attack.figures.all()
        if figure.kind == AttackFigure.Kind.KILLED and figure.low > 0
    ]
    existing = set(Victim.objects.filter(external_source=DEMO_SOURCE).values_list("external_id", flat=True))
    missing = [number for number in range(count) if f"demo-{number}" not in existing]
    made, names = 0, {}
    for start in range(0, len(missing), batch_size):
        with transaction.atomic():
            pairs = [sample_victim(number, attacks) for number in missing[start : start + batch_size]]
            victims = [victim for victim, _ in pairs]
            insert_keyed_rows(Victim, victims, "external_source", "external_id")
            for victim, (_, identity) in zip(victims, pairs, strict=True):
                identity.victim = victim
                if victim.name_policy in SHOWS_IDENTITY:
                    names[victim.pk] = NamesInHand(identity)
            insert_rows(VictimIdentity, [identity for _, identity in pairs])
            made += len(victims)
    if made:
        # The records just made are the demo's only ones without a public id; their names are not unsealed again.
        victims_published(
            Victim.objects.filter(external_source=DEMO_SOURCE, public_id=None).only("pk", "public_id"), names=names
        )
    refresh_pseudonyms(attacks)
    cite_attack_sources()
    return made


def refresh_pseudonyms(attacks):
    """Give existing sample records the pseudonym the generator gives them now (it once ignored their sex)."""
    changed = []
    samples = Victim.objects.filter(external_source=DEMO_SOURCE, name_policy=NamePolicy.PSEUDONYM)
    for victim in samples.only("pk", "external_id", "pseudonym_ar", "pseudonym_latin"):
        expected, _ = sample_victim(int(victim.external_id.removeprefix("demo-")), attacks)
        if (victim.pseudonym_ar, victim.pseudonym_latin) != (expected.pseudonym_ar, expected.pseudonym_latin):
            victim.pseudonym_ar, victim.pseudonym_latin = expected.pseudonym_ar, expected.pseudonym_latin
            changed.append(victim)
    if changed:
        update_rows(Victim, changed, ["pseudonym_ar", "pseudonym_latin"])
        refresh_public_surfaces(changed)


@transaction.atomic
def cite_attack_sources():
    """Sample records cite their attack's sources, as many as their documentation status claims: one when
    reported by one source, all of them otherwise. A record cannot be corroborated by a single source."""
    samples = Victim.objects.filter(external_source=DEMO_SOURCE)
    cited = {
        attack.pk: list(attack.sources.all())
        for attack in Attack.objects.filter(pk__in=samples.values("attack")).prefetch_related("sources")
    }
    single = [pk for pk, sources in cited.items() if len(sources) < 2]
    samples.filter(attack__in=single, documentation_status=Victim.DocumentationStatus.CORROBORATED).update(
        documentation_status=Victim.DocumentationStatus.REPORTED
    )
    links = Victim.sources.through
    links.objects.filter(victim__in=samples).delete()
    rows = samples.exclude(attack=None).values_list("pk", "attack_id", "documentation_status")
    insert_rows(
        links,
        (
            links(victim_id=pk, source=source)
            for pk, attack_id, status in rows.iterator(chunk_size=5000)
            for source in cited[attack_id][: 1 if status == Victim.DocumentationStatus.REPORTED else None]
        ),
        batch_size=5000,
    )
