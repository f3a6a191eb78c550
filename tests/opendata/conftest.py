"""Fixtures of the opendata tests: the places and the attack the sample rows name (synthetic)."""

import pytest

from tests.factories import AttackFactory, DistrictFactory, GovernorateFactory, TownFactory


@pytest.fixture
def places():
    governorate = GovernorateFactory(name_en="Sample Governorate", name_ar="محافظة التجربة")
    district = DistrictFactory(name_en="Sample District", name_ar="منطقة التجربة", parent=governorate)
    town = TownFactory(name_en="Sample Town", name_ar="إبلين", parent=district)
    other_governorate = GovernorateFactory(name_en="Other Governorate", name_ar="محافظة أخرى")
    other_town = TownFactory(name_en="Other Town", name_ar="بلدة أخرى", parent__parent=other_governorate)
    return {"governorate": governorate, "district": district, "town": town, "other_town": other_town}


@pytest.fixture
def attack(places):
    return AttackFactory(key="sample-2017", places=[places["town"]])
