"""Factories for the archive's records. Every name here is synthetic."""

import datetime

import factory

from memorial.accountability.models import Milestone
from memorial.archive.models import Attack, AttackFigure, Place, Source, Victim
from memorial.archive.names import split_full_name
from memorial.privacy.models.identity import VictimIdentity


class GovernorateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    level = Place.Level.GOVERNORATE
    name_en = factory.Sequence(lambda n: f"Governorate {n}")
    name_ar = factory.Sequence(lambda n: f"محافظة {n}")


class DistrictFactory(GovernorateFactory):
    level = Place.Level.DISTRICT
    name_en = factory.Sequence(lambda n: f"District {n}")
    name_ar = factory.Sequence(lambda n: f"منطقة {n}")
    parent = factory.SubFactory(GovernorateFactory)


class TownFactory(GovernorateFactory):
    level = Place.Level.TOWN
    name_en = factory.Sequence(lambda n: f"Town {n}")
    name_ar = factory.Sequence(lambda n: f"بلدة {n}")
    parent = factory.SubFactory(DistrictFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    publisher = "SNHR"
    title = factory.Sequence(lambda n: f"Report {n}")
    date = datetime.date(2022, 11, 30)


class AttackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attack
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"attack-{n}")
    date = datetime.date(2017, 4, 4)
    title_ar = factory.Sequence(lambda n: f"هجوم {n}")
    title_en = factory.Sequence(lambda n: f"Attack {n}")
    agent = Attack.Agent.SARIN
    live = True

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        if create:
            self.places.set(extracted or [TownFactory()])
            # Parental many-to-many relations are written when the cluster is saved.
            self.save()


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"milestone-{n}")
    date = datetime.date(2020, 4, 8)
    kind = Milestone.Kind.ATTRIBUTION
    body_ar = "فريق التحقيق وتحديد الهوية"
    body_en = "Investigation and Identification Team"
    title_ar = factory.Sequence(lambda n: f"تقرير {n}")
    title_en = factory.Sequence(lambda n: f"Report on attack {n}")
    source = factory.SubFactory(SourceFactory, publisher="OPCW", url="https://example.org/report")
    live = True

    @factory.post_generation
    def attacks(self, create, extracted, **kwargs):
        if create and extracted:
            self.attacks.set(extracted)
            self.save()


class AttackFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttackFigure

    attack = factory.SubFactory(AttackFactory)
    kind = AttackFigure.Kind.KILLED
    low = 10
    reported_by = "SNHR"


# The most open policy: a factory victim shows everything unless a test says otherwise.
OPEN_POLICY = {
    "name_policy": "full",
    "photo_policy": "none",
    "place_policy": "town",
    "date_policy": "exact",
    "age_policy": "exact",
    "biography_policy": "show",
    "sources_policy": "show",
}


class VictimFactory(factory.django.DjangoModelFactory):
    """A live victim with a sealed identity. Pass identity__given_name_ar=... to set names."""

    class Meta:
        model = Victim
        skip_postgeneration_save = True

    sex = Victim.Sex.FEMALE
    age = 34
    attack = factory.SubFactory(AttackFactory)
    place = factory.LazyAttribute(lambda victim: victim.attack.places.first())
    date_of_death = factory.LazyAttribute(lambda victim: victim.attack.date)
    name_policy = OPEN_POLICY["name_policy"]
    photo_policy = OPEN_POLICY["photo_policy"]
    place_policy = OPEN_POLICY["place_policy"]
    date_policy = OPEN_POLICY["date_policy"]
    age_policy = OPEN_POLICY["age_policy"]
    biography_policy = OPEN_POLICY["biography_policy"]
    sources_policy = OPEN_POLICY["sources_policy"]
    biography_ar = "سيرة تجريبية"
    biography_en = "A sample biography."
    is_sample = True
    live = True
    identity = factory.RelatedFactory("tests.factories.VictimIdentityFactory", factory_related_name="victim")


class VictimIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VictimIdentity

    victim = factory.SubFactory(VictimFactory, identity=None)
    given_name_ar = "سلمى"
    father_name_ar = "خالد"
    family_name_ar = "الحسن"
    given_name_latin = "Salma"
    father_name_latin = "Khaled"
    family_name_latin = "al-Hassan"
    birth_date = datetime.date(1983, 5, 2)
    home_village = "Sample Village"


def named_victim(arabic="", latin="", **fields):
    """A victim whose full names, in either script, are split into their parts by the archive's own rule."""
    names = {}
    for script, full_name in (("ar", arabic), ("latin", latin)):
        given, father, family = split_full_name(full_name)
        names |= {
            f"identity__given_name_{script}": given,
            f"identity__father_name_{script}": father,
            f"identity__family_name_{script}": family,
        }
    return VictimFactory(**names, **fields)
