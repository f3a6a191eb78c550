"""Each block renders on a public page and previews in the admin's block chooser; records reach the page through
the public representation only."""

import re
import uuid

from django.urls import reverse

from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model

import pytest
from bs4 import BeautifulSoup

from memorial.privacy import photos
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.publication import victims_published
from memorial.remembrance.blocks import RemembranceStreamBlock
from memorial.remembrance.models import RemembranceDayPage
from memorial.remembrance.witnesses import ShownAs
from tests.admin_support import CANARIES
from tests.factories import AttackFactory, VictimFactory, named_victim
from tests.privacy.test_photos import jpeg_with_everything, upload

pytestmark = pytest.mark.django_db

STREAM = RemembranceDayPage._meta.get_field("body").stream_block


def published(*victims):
    victims_published(list(victims))
    for victim in victims:
        victim.refresh_from_db()
    return victims


def item(public_id, seen=""):
    return {"type": "item", "id": str(uuid.uuid4()), "value": {"public_id": public_id, "seen": seen}}


def main_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("main")


@pytest.fixture
def image(media):
    return get_image_model().objects.create(title="Candles", file=photos.scrub(upload(jpeg_with_everything())).content)


def test_every_block_type_is_offered_with_a_preview():
    assert set(STREAM.child_blocks) == {
        "text", "statistics", "featured_victims", "roll_of_names", "timeline", "testimony", "image", "call_to_action",
    }  # fmt: skip
    for block in STREAM.child_blocks.values():
        assert block.is_previewable, block.name
        assert block.get_description(), block.name


def test_every_block_previews_in_the_admin(admin_client, image):
    (victim,) = published(named_victim("سلمى خالد الحسن", "Salma Khaled al-Hassan"))
    for name, block in STREAM.child_blocks.items():
        response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
        assert response.status_code == 200, name
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one(f".block-{name}") is not None, name
    featured = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": STREAM.child_blocks["featured_victims"].definition_prefix}
    )
    assert "Salma Khaled al-Hassan" in featured.content.decode()


def test_every_block_renders_on_the_public_page(client, day_pages, image, indexes):
    attack = AttackFactory(title_en="Sample attack", key="sample-attack")
    (victim,) = published(named_victim("سلمى خالد الحسن", "Salma Khaled al-Hassan", attack=attack))
    body = [
        {"type": "text", "value": "<p>A paragraph of narrative.</p>"},
        {"type": "statistics", "value": {"heading": "Counts"}},
        {"type": "featured_victims", "value": {"heading": "Remembered", "victims": [item(victim.public_id)]}},
        {"type": "roll_of_names", "value": {"heading": "Names", "attack": attack.pk, "year": None, "seconds_per_name": 5}},
        {"type": "timeline", "value": {"heading": "Attacks", "from_year": None, "to_year": None}},
        {"type": "testimony", "value": {"text": "What I saw.", "witness_name": "Amal Haddad", "shown_as": "initials", "relation": "a nurse"}},
        {"type": "image", "value": {"image": image.pk, "alt": "Candles on a table", "caption": "Photo: sample"}},
        {"type": "call_to_action", "value": {"heading": "Past years", "text": "", "page": indexes["en"].pk, "url": "", "label": "Remembrance"}},
    ]  # fmt: skip
    main = main_of(client.get(day_pages(2026, body=body)["en"].url))
    assert main.select_one(".block--text").get_text(strip=True) == "A paragraph of narrative."
    assert main.select_one(".block--statistics dd") is not None
    # The day the counts hold for, whichever day the suite runs on ("as of 3 December 2026").
    assert re.search(r"as of \d{1,2} \w+ \d{4};", main.select_one(".block--statistics .source").get_text())
    card = main.select_one(".victim-card a")
    assert card["href"] == f"/en/victims/{victim.public_id}/"
    assert "Salma Khaled al-Hassan" in card.get_text()
    roll = main.select_one(".roll")
    assert roll["data-seconds"] == "5"
    assert [name.select_one(".roll__part").get_text() for name in roll.select(".roll__name")] == [
        "Salma Khaled al-Hassan"
    ]
    assert main.select_one(f'.block--timeline a[href="/en/attacks/{attack.key}/"]').get_text() == attack.title_en
    testimony = main.select_one(".testimony figcaption").get_text()
    assert "A. H." in testimony and "Amal" not in testimony
    picture = main.select_one(".block--image picture img")
    assert picture["alt"] == "Candles on a table"
    assert picture["src"].startswith("/media/") and image.file.name not in picture["src"]
    # Its sizes, WebP where accepted, made from the public copy: none named after the original.
    webp = main.select_one('.block--image picture source[type="image/webp"]')["srcset"]
    assert webp.startswith("/media/photos/") and image.file.name.rsplit("/", 1)[-1].split(".")[0] not in webp
    assert main.select_one(".block--action a")["href"] == indexes["en"].url
    # The reading mode's script comes from this site, as the page's Content-Security-Policy requires.
    assert BeautifulSoup(client.get(day_pages(2027, body=body[3:4])["en"].url).content, "html.parser").select_one(
        'script[src$="remembrance/reading.js"]'
    )


def test_featured_victims_show_only_the_public_representation(client, day_pages):
    withheld = VictimFactory(name_policy="withheld", identity=None)
    VictimIdentity.objects.create(victim=withheld, **CANARIES)
    (withheld,) = published(withheld)
    VictimFactory(live=False)
    body = [
        {
            "type": "featured_victims",
            "value": {"heading": "", "victims": [item(withheld.public_id), item("NOSUCHID")]},
        },
        # The whole archive: alone in its attack, the record's attack is hidden by the k-anonymity guard.
        {"type": "roll_of_names", "value": {"heading": "", "attack": None, "seconds_per_name": 4}},
    ]
    response = client.get(day_pages(2026, body=body)["en"].url)
    html = response.content.decode()
    for canary in CANARIES.values():
        assert canary not in html
    main = main_of(response)
    assert [card.select_one("a").get_text(strip=True) for card in main.select(".victim-card")] == ["Name withheld"]
    assert main.select_one(".roll__part--withheld").get_text() == "Name withheld"
    assert len(main.select(".roll__name")) == 1


def test_a_featured_victim_must_be_public_and_its_openness_is_kept():
    block = STREAM.child_blocks["featured_victims"].child_blocks["victims"].child_block
    (victim,) = published(named_victim("", "Salma Khaled al-Hassan"))
    value = block.clean(block.to_python({"public_id": victim.public_id, "seen": "forged"}))
    assert value["seen"] == "name=full;photo=none"
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"public_id": "NOSUCHID", "seen": ""}))


def test_a_victims_photo_cannot_be_shown_by_an_image_block(image):
    VictimFactory(photo=image, photo_policy="blurred")
    block = STREAM.child_blocks["image"]
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.to_python({"image": image.pk, "alt": "A photo", "caption": ""}))
    assert "belongs to a victim's record" in str(refused.value.block_errors["image"])


def test_an_editorial_images_public_file_survives_the_photo_pruning(client, day_pages, image):
    page = day_pages(2026, body=[{"type": "image", "value": {"image": image.pk, "alt": "Candles", "caption": ""}}])[
        "en"
    ]
    first = main_of(client.get(page.url)).select_one(".block--image img")["src"]
    photos.prune_public_versions()
    assert main_of(client.get(page.url)).select_one(".block--image img")["src"] == first


def test_a_call_to_action_links_a_page_or_an_address():
    block = STREAM.child_blocks["call_to_action"]
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"heading": "Read", "text": "", "page": None, "url": "", "label": "Read"}))
    assert block.clean(block.to_python({"heading": "Read", "label": "Read", "url": "https://example.org/"}))


@pytest.mark.parametrize(
    ("shown_as", "expected"),
    [
        (ShownAs.NAME, "Amal Haddad"),
        (ShownAs.INITIALS, "A. H."),
        (ShownAs.ANONYMOUS, "A witness who asked not to be named"),
    ],
)
def test_a_witness_is_shown_as_they_chose(client, day_pages, shown_as, expected):
    body = [{"type": "testimony", "value": {"text": "Words.", "witness_name": "Amal Haddad", "shown_as": shown_as}}]
    response = client.get(day_pages(2026, body=body)["en"].url)
    caption = main_of(response).select_one(".testimony figcaption").get_text(strip=True)
    assert caption == expected
    if shown_as != ShownAs.NAME:
        assert "Haddad" not in response.content.decode()


def test_the_stream_block_class_is_the_pages_body():
    assert isinstance(STREAM, RemembranceStreamBlock)
