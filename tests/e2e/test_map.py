"""The map of the attacks in a real browser: axe finds nothing serious on the attacks index and an attack's page,
in Arabic and English, at phone and desktop widths."""

import pytest

from memorial.archive.demo import load_attacks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_map_passes_axe_in_both_languages(page, site_url, axe, screenshot, language):
    load_attacks()
    for name, path in (("index", "/attacks/"), ("attack", "/attacks/khan-shaykhun-2017/")):
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{site_url}/{language}{path}")
            assert page.locator(".attack-map__svg circle").count() >= 9
            assert axe(page) == []
            screenshot(page, f"map-{name}-{language}-{width}")
