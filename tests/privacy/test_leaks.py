"""The leak test (P2): canary strings in every private field must never reach any public response.

PUBLIC_SURFACES lists how the public can ask for something; later features add their surfaces to it
(photos, API, feeds, exports, share cards)."""

import datetime
import io
import json
import re
from collections import deque
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, HttpResponseNotFound

from wagtail.images import get_image_model

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from memorial.privacy.models import PublicPhotoVersion
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.photos import scrub
from memorial.privacy.policy import STRICTEST
from memorial.privacy.publication import victims_published
from memorial.privacy.services import approve_policy_change, change_policy
from tests.factories import AttackFactory, DistrictFactory, GovernorateFactory, TownFactory, VictimFactory

pytestmark = pytest.mark.django_db

CANARIES = {
    "given_name_ar": "كناريا",
    "father_name_ar": "طائرصغير",
    "family_name_ar": "المنجمي",
    "given_name_latin": "Kanaryo",
    "father_name_latin": "Birdsong",
    "family_name_latin": "Minecoal",
    "home_village": "Qaryat-Canary",
    "family_details": "contact canary-contact@example.invalid +963-999-0001",
}
# Dates no public surface may print: the birth date, and the exact day of death under a "year" policy.
DATE_CANARIES = ["1911-11-11", "11 November 1911", "1911/11/11", "2017-04-19", "19 April 2017"]
PRIVATE_TOWN = "Canarytown"


def canary_strings():
    strings = [*CANARIES.values(), *DATE_CANARIES, PRIVATE_TOWN, "كناريا المنجمي", GPS_CANARY]
    return strings + [quote(value) for value in strings if quote(value) != value]


GPS_CANARY = "35.8301N-Canary"


def photo_with_location():
    """A photo as a family's phone would send it: GPS and a description naming the place."""
    exif = Image.Exif()
    exif[0x010E] = f"{CANARIES['home_village']} {GPS_CANARY}"
    exif.get_ifd(0x8825).update({1: "N", 2: (35.0, 49.0, 48.0), 3: "E", 4: (36.0, 40.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), "gray").save(buffer, "JPEG", exif=exif, comment=CANARIES["family_name_latin"].encode())
    scrubbed = scrub(SimpleUploadedFile(f"{CANARIES['given_name_latin']}.jpg", buffer.getvalue()))
    return get_image_model().objects.create(title=CANARIES["given_name_latin"], file=scrubbed.content)


@pytest.fixture
def canaries(media):
    governorate = GovernorateFactory(name_en="Hama", name_ar="حماة")
    public_town = TownFactory(name_en="Ltamenah", name_ar="اللطامنة", parent=DistrictFactory(parent=governorate))
    private_town = TownFactory(name_en=PRIVATE_TOWN, name_ar="بلدة الكناري", parent=DistrictFactory(parent=governorate))
    attack = AttackFactory(key="ltamenah-2017", date=datetime.date(2017, 4, 4), places=[public_town])
    victims = []
    for number in range(5):
        victim = VictimFactory(
            attack=attack,
            place=private_town,
            date_of_death=datetime.date(2017, 4, 19),
            age=41 + number,
            biography_ar="سيرة سرية كناريا",
            biography_en="Secret canary biography Kanaryo",
            identity=None,
            photo=photo_with_location(),
            **{**STRICTEST, "photo_policy": "blurred" if number == 0 else "none"},
        )
        VictimIdentity.objects.create(victim=victim, birth_date=datetime.date(1911, 11, 11), **CANARIES)
        victims.append(victim)
    bystander = VictimFactory(attack=attack, identity__given_name_latin="Public", identity__family_name_latin="Person")
    victims_published([*victims, bystander])
    for victim in victims:
        victim.refresh_from_db()
    return victims


def links(response):
    content_type = response.get("Content-Type", "")
    body = response.content.decode(errors="replace")
    if "xml" in content_type:
        found = re.findall(r"<loc>(.*?)</loc>", body) + re.findall(r'href="([^"]+)"', body)
    elif "json" in content_type:
        found = [value for value in json_strings(json.loads(body)) if value.startswith("http")]
    elif "html" in content_type:
        document = BeautifulSoup(body, "html.parser")
        found = [tag.get("href") for tag in document.find_all(["a", "link"])]
        found += [tag.get("src") for tag in document.find_all("img")]
    else:
        found = re.findall(r"https?://\S+", body)
    return [urlsplit(url)._replace(scheme="", netloc="").geturl() for url in found if url]


def json_strings(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [found for item in value for found in json_strings(item)]
    return [value] if isinstance(value, str) else []


def fetch_media(path):
    """Public media as a web server would serve it: straight from public storage."""
    storage = PublicPhotoVersion._meta.get_field("file").storage
    name = path.removeprefix("/media/")
    if not storage.exists(name):
        return HttpResponseNotFound()
    with storage.open(name) as stored:
        data = stored.read()
    with Image.open(io.BytesIO(data)) as image:
        metadata = f"{image.info} {dict(image.getexif())}"
    # Metadata is checked as text alongside the bytes.
    return HttpResponse(data + metadata.encode(), content_type="image/jpeg")


def crawl(client, starts, limit=400):
    """Every same-site page reachable from `starts`, as {path: response}."""
    seen, queue, responses = set(), deque(starts), {}
    while queue and len(responses) < limit:
        path = queue.popleft()
        if path in seen or not path.startswith("/") or path.startswith(("/admin", "/static")):
            continue
        seen.add(path)
        response = fetch_media(path) if path.startswith("/media/") else client.get(path)
        if response.streaming:
            # A download (the open-data files), read whole so its body is checked like any page's.
            # Read to its end, which closes the file (the test client then closes the response).
            streamed = HttpResponse(b"".join(response.streaming_content), status=response.status_code)
            for name, value in response.headers.items():
                streamed[name] = value
            response = streamed
        responses[path] = response
        queue.extend(links(response))
    return responses


def search_paths(victims):
    paths = []
    for language in ("ar", "en"):
        for value in [*CANARIES.values(), "كناريا المنجمي", "Kanaryo Minecoal", "Kanario", "كناريا"]:
            paths.append(f"/{language}/victims/?q={quote(value)}")
        paths += [
            f"/{language}/victims/?sort=name",
            f"/{language}/victims/?sort=-date",
            f"/{language}/victims/?age=adult",
            f"/{language}/victims/?sex=female",
            f"/{language}/victims/?year=2017",
            f"/{language}/statistics/",
            f"/{language}/victims/{quote(CANARIES['given_name_latin'])}/",
        ]
    return paths


PUBLIC_SURFACES = {  # each: victims -> paths; links found on the pages (and their images) are followed
    "crawl from both home pages": lambda victims: ["/ar/", "/en/"],
    "sitemap": lambda victims: ["/sitemap.xml", "/robots.txt"],
    "name search and filters": search_paths,
    "record pages": lambda victims: [
        f"/{lang}/victims/{victim.public_id}/" for victim in victims for lang in ("ar", "en")
    ],
    "public API": lambda victims: [
        "/api/v1/",
        *(f"/api/v1/victims/{victim.public_id}/" for victim in victims),
        *(f"/api/v1/victims/?q={quote(value)}" for value in [*CANARIES.values(), "كناريا المنجمي"]),
        "/api/v1/victims/?sort=-date&year=2017",
        "/api/v1/places/?level=town",
        "/api/v1/openapi.json",
        "/api/v1/docs/",
    ],
    "not found pages": lambda victims: ["/en/victims/Kanaryo/", "/ar/victims/%D9%83%D9%86%D8%A7%D8%B1%D9%8A%D8%A7/"],
}


def echoes(path):
    """The forms in which a page may repeat what the visitor typed into the address."""
    query = urlsplit(path).query
    typed = [unquote_plus(value) for part in query.split("&") if "=" in part for value in [part.split("=", 1)[1]]]
    return [
        form for value in typed for form in (value, quote(value), quote_plus(value), value.replace(" ", "+")) if value
    ]


def leaks_in(responses):
    """(path, canary) for every canary a response carries beyond echoing the visitor's own query."""
    found = []
    for path, response in responses.items():
        text = " ".join(f"{name}: {value}" for name, value in response.headers.items())
        text += " " + response.content.decode(errors="replace")
        for echo in sorted(echoes(path), key=len, reverse=True):
            text = text.replace(echo, " ")
        found += [(path, canary) for canary in canary_strings() if canary.lower() in text.lower()]
    return found


def all_surfaces(client, victims):
    starts = [path for surface in PUBLIC_SURFACES.values() for path in surface(victims)]
    return crawl(client, starts)


def test_no_canary_reaches_any_public_response(client, canaries):
    responses = all_surfaces(client, canaries)
    assert len(responses) > 20
    photos = [path for path in responses if path.startswith("/media/photos/")]
    assert len(photos) == 1 and responses[photos[0]].status_code == 200
    assert any(path.startswith("/en/victims/") and response.status_code == 200 for path, response in responses.items())
    assert leaks_in(responses) == []


def test_searching_a_withheld_name_finds_nothing(client, canaries):
    for query in ("Kanaryo Minecoal", "كناريا المنجمي", "Kanaryo"):
        page = BeautifulSoup(client.get("/en/victims/", {"q": query}).content, "html.parser")
        assert page.select(".victim-list__item") == []


def test_loosening_shows_the_name_and_tightening_hides_it_again(client, canaries, django_user_model):
    victim = canaries[0]
    first, second = (django_user_model.objects.create_user(name, is_staff=True) for name in ("first", "second"))
    (request,) = change_policy(victim=victim, proposed={"name_policy": "full"}, reason="Family agreed", user=first)
    assert "Kanaryo" not in client.get(f"/en/victims/{victim.public_id}/").content.decode()
    approve_policy_change(change=request, user=second)
    page = client.get(f"/en/victims/{victim.public_id}/").content.decode()
    assert "Kanaryo Birdsong Minecoal" in page
    found = BeautifulSoup(client.get("/en/victims/", {"q": "Kanaryo Minecoal"}).content, "html.parser")
    assert len(found.select(".victim-list__item")) == 1
    assert victim.public_id in client.get("/sitemap-victims.xml").content.decode()
    # The detector sees the name once it is public: the crawl reaches the record.
    assert {canary for _, canary in leaks_in(all_surfaces(client, canaries))} >= {"Kanaryo", "Minecoal"}

    change_policy(victim=victim, proposed={"name_policy": "withheld"}, reason="Family withdrew consent", user=first)
    assert leaks_in(all_surfaces(client, canaries)) == []
    assert victim.public_id not in client.get("/sitemap-victims.xml").content.decode()
