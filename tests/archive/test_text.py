"""Invisible controls (bidirectional overrides, marks, zero-width characters) are dropped where text comes in
(admin forms, imports) and again on the way out, so none can reorder what a reader sees. Names are synthetic."""

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import Place, Victim
from memorial.archive.text import without_controls
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.publication import victims_published
from tests.factories import GovernorateFactory, VictimFactory
from tests.opendata.test_import_victims import attack, places, row, run, write_csv  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

RLO, PDF, ZWSP, LRM, RLI, PDI, BOM = "\u202e", "\u202c", "\u200b", "\u200e", "\u2067", "\u2069", "\ufeff"
CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)] + [
    chr(c) for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
]


def test_every_control_goes_and_nothing_else_does():
    assert without_controls("".join(CONTROLS)) == ""
    text = "أبو رامي — Abu Rami 7/4 «نص»"
    assert without_controls(text) == text
    assert without_controls(f"Abu {RLO}imaR{PDF}") == "Abu imaR"


def test_a_pseudonym_typed_in_the_admin_is_stored_without_controls(admin_client):
    response = admin_client.post(
        "/admin/snippets/archive/victim/add/",
        {
            "sex": "female",
            "date_precision": "day",
            "documentation_status": "reported",
            "pseudonym_ar": f"أم {RLI}سمير{PDI}",
            "pseudonym_latin": f"Umm {RLO}rimaS{PDF}",
            "biography_en": f"A{ZWSP} sample{LRM} biography.",
        },
    )

    assert response.status_code == 302
    victim = Victim.objects.get()
    assert (victim.pseudonym_ar, victim.pseudonym_latin) == ("أم سمير", "Umm rimaS")
    assert victim.biography_en == "A sample biography."
    assert RLO not in str(victim.revisions.latest("id").content)


def test_a_sealed_name_typed_in_the_admin_is_stored_without_controls(admin_client):
    victim = VictimFactory()
    response = admin_client.post(
        f"/admin/privacy/identity/{victim.pk}/",
        {"reason": "Family's correction", "save": "1", "given_name_latin": f"{RLO}amlaS", "given_name_ar": "سلمى"},
    )

    assert response.status_code == 302
    assert VictimIdentity.objects.get(victim=victim).given_name_latin == "amlaS"


def test_a_place_typed_in_the_admin_is_stored_without_controls(admin_client):
    response = admin_client.post(
        "/admin/snippets/archive/place/add/",
        {"level": "governorate", "name_ar": f"{BOM}إدلب", "name_en": f"Idl{ZWSP}ib"},
    )

    assert response.status_code == 302
    assert Place.objects.values_list("name_ar", "name_en").get() == ("إدلب", "Idlib")


@pytest.mark.usefixtures("places", "attack")
def test_an_import_stores_names_pseudonyms_and_biographies_without_controls(tmp_path):
    rows = [
        row(
            name_latin=f"Salma {RLO}nessaH-la{PDF}",
            pseudonym=f"Umm {RLO}rimaS",
            biography_en=f"A {LRM}synthetic{ZWSP} biography.",
        )
    ]
    run(write_csv(tmp_path / "victims.csv", rows))

    victim = Victim.objects.select_related("identity").get()
    assert victim.pseudonym_latin == "Umm rimaS"
    assert victim.biography_en == "A synthetic biography."
    assert victim.identity.name_parts("latin") == ("Salma", "", "nessaH-la")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_value_stored_with_controls_reaches_no_title_or_citation(client, language):
    victim = VictimFactory(name_policy="pseudonym", place=GovernorateFactory())
    Victim.objects.filter(pk=victim.pk).update(
        pseudonym_ar=f"أم {RLO}سمير{PDF}", pseudonym_latin=f"Umm {RLO}rimaS{PDF}", biography_en=f"{RLO}Sample."
    )
    victims_published([victim])
    victim.refresh_from_db()

    body = client.get(f"/{language}/victims/{victim.public_id}/").content.decode()

    page = BeautifulSoup(body, "html.parser")
    assert not [control for control in CONTROLS if control in body]
    expected = "Umm rimaS" if language == "en" else "أم سمير"
    assert page.title.get_text().startswith(expected)
    # In the citation the name is isolated, so it cannot reorder the sentence it stands in.
    assert page.select_one(".citation code bdi").get_text() == expected
