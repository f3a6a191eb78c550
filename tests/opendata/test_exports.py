"""The open-data downloads (P7): only published, non-sample records, only what their pages show, formulas
neutralised in CSV, digests beside the files, the digests signed, stale files never served, and a victims file
that another archive imports back into the same public records. Every name here is synthetic."""

import csv
import datetime
import hashlib
import io
import json
import shutil
import subprocess

from django.core.management import call_command
from django.http import StreamingHttpResponse

import pytest
from bs4 import BeautifulSoup

from memorial.archive.models import Victim
from memorial.archive.selectors import victims_to_represent
from memorial.opendata import exports, signing
from memorial.opendata.exports import SOURCE, VICTIM_COLUMNS, neutralised
from memorial.opendata.importing import import_victims
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.publication import victims_published
from memorial.privacy.representation import public_victim
from memorial.privacy.services import change_policy, withdraw_victim
from tests.factories import AttackFactory, AttackFigureFactory, DistrictFactory, TownFactory, named_victim

pytestmark = pytest.mark.django_db

PRIVATE_VALUES = ("Kanaryo", "Minecoal", "كناريا", "المنجمي", "1911-11-11", "Canary Hamlet")
FORMULAS = ('=HYPERLINK("http://example.invalid")', "+1+1", "-2+3", "@SUM(A1)")


@pytest.fixture
def archive():
    town = TownFactory(name_en="Sample Town", name_ar="بلدة التجربة", parent=DistrictFactory(name_ar="منطقة التجربة"))
    attack = AttackFactory(key="sample-2017", places=[town], title_en="Sample Town, 4 April 2017")
    AttackFigureFactory(attack=attack, low=70, high=100, reported_by="=Sample monitor")
    named = named_victim(
        "سلمى خالد الحسن", "Salma Khaled al-Hassan", attack=attack, is_sample=False, biography_en=FORMULAS[0]
    )
    month = named_victim(
        "أحمد سامر اليوسف",
        "Ahmad Samer al-Yousef",
        attack=None,
        place=town,
        date_of_death=datetime.date(2014, 5, 20),
        date_policy="month",
        sex="male",
        age=7,
        is_sample=False,
        biography_en=FORMULAS[1],
        biography_ar=FORMULAS[2],
    )
    withheld = named_victim(attack=attack, is_sample=False, name_policy="withheld", identity=None)
    VictimIdentity.objects.create(
        victim=withheld,
        given_name_latin="Kanaryo",
        family_name_latin="Minecoal",
        given_name_ar="كناريا",
        family_name_ar="المنجمي",
        birth_date=datetime.date(1911, 11, 11),
        home_village="Canary Hamlet",
    )
    sample = named_victim("سامبلو", "Samplo Example", attack=attack, is_sample=True)
    draft = named_victim("درافتو", "Drafto Unpublished", attack=attack, is_sample=False, live=False)
    victims_published([named, month, withheld, sample])
    for victim in (named, month, withheld, sample, draft):
        victim.refresh_from_db()
    return {"named": named, "month": month, "withheld": withheld, "sample": sample, "draft": draft, "attack": attack}


def download(client, name, language="en"):
    response = client.get(f"/{language}/open-data/{name}")
    assert response.status_code == 200, name
    assert isinstance(response, StreamingHttpResponse)
    # Read to its end, which closes the file (the test client then closes the response).
    return b"".join(response.streaming_content)


def csv_rows(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_downloads_are_streamed_attachments(client, archive):
    response = client.get("/en/open-data/victims.csv")
    assert response.streaming and b"".join(response.streaming_content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="victims.csv"'
    assert response["Cache-Control"] == "no-cache"
    assert client.get("/en/open-data/db.sqlite3").status_code == 404
    assert client.get("/en/open-data/state.json").status_code == 404


def test_only_published_non_sample_records_are_exported(client, archive):
    expected = {archive["named"].public_id, archive["month"].public_id, archive["withheld"].public_id}
    rows = csv_rows(download(client, "victims.csv"))
    assert {row["external_id"] for row in rows} == expected
    assert list(rows[0]) == list(VICTIM_COLUMNS)
    items = json.loads(download(client, "victims.json"))
    assert {item["external_id"] for item in items} == expected
    everything = b"".join(download(client, name) for name in exports.SERVED)
    for absent in ("Samplo", "سامبلو", "Drafto", "درافتو"):
        assert absent.encode() not in everything
    attacks = json.loads(download(client, "attacks.json"))
    assert [attack["key"] for attack in attacks] == ["sample-2017"]


def test_a_withheld_name_and_other_private_values_are_in_no_file(client, archive):
    for language in ("ar", "en"):
        for name in exports.SERVED:
            data = download(client, name, language)
            for private in PRIVATE_VALUES:
                assert private.encode() not in data, (name, private)
    row = next(row for row in csv_rows(download(client, "victims.csv")) if row["name_policy"] == "withheld")
    assert row["name_ar"] == row["name_latin"] == row["pseudonym_ar"] == row["pseudonym_latin"] == ""


def test_a_row_holds_what_the_page_shows_with_its_precision(client, archive):
    rows = {row["external_id"]: row for row in csv_rows(download(client, "victims.csv"))}
    named = rows[archive["named"].public_id]
    assert (named["name_ar"], named["name_latin"]) == ("سلمى خالد الحسن", "Salma Khaled al-Hassan")
    assert (named["source"], named["attack_key"], named["town"]) == (SOURCE, "sample-2017", "بلدة التجربة")
    month = rows[archive["month"].public_id]
    assert (month["date_of_death"], month["date_policy"], month["age"], month["sex"]) == (
        "2014-05",
        "month",
        "7",
        "male",
    )


def test_formula_cells_are_neutralised_in_csv_and_kept_as_they_are_in_json(client, archive):
    rows = {row["external_id"]: row for row in csv_rows(download(client, "victims.csv"))}
    assert rows[archive["named"].public_id]["biography_en"] == "'" + FORMULAS[0]
    assert rows[archive["month"].public_id]["biography_en"] == "'" + FORMULAS[1]
    assert rows[archive["month"].public_id]["biography_ar"] == "'" + FORMULAS[2]
    items = {item["external_id"]: item for item in json.loads(download(client, "victims.json"))}
    assert items[archive["named"].public_id]["biography_en"] == FORMULAS[0]
    (attack,) = csv_rows(download(client, "attacks.csv"))
    assert attack["killed"] == "70–100 (=Sample monitor)"
    for cell in csv_rows(download(client, "victims.csv")) + [attack]:
        for value in cell.values():
            assert not value.startswith(exports.FORMULA_STARTS)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert neutralised(f"{start}1+1") == f"'{start}1+1"
    assert neutralised(f"a{start}") == f"a{start}"
    assert neutralised(None) == "" and neutralised(7) == "7"


def test_the_manifest_digests_match_the_files(client, archive):
    files = {name: download(client, name) for name in exports.SERVED}
    sums = dict(reversed(line.split("  ")) for line in files["SHA256SUMS"].decode().splitlines())
    assert set(sums) == {*exports.DATA_FILES, exports.MANIFEST}
    for name, digest in sums.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest
    manifest = json.loads(files[exports.MANIFEST])
    assert manifest["licence"]["name"] == "CC BY 4.0"
    assert manifest["records"] == {"victims": 3, "attacks": 1}
    for name in exports.DATA_FILES:
        assert manifest["files"][name] == {"sha256": sums[name], "bytes": len(files[name])}


def published_key(client):
    """The key as a reader gets it: from the open-data page, and as the file it links to."""
    page = BeautifulSoup(client.get("/en/open-data/").content, "html.parser")
    shown = page.select_one("pre.key").get_text()
    assert client.get("/en/open-data/memorial-open-data.pem").content.decode() == shown
    return shown


def test_the_signature_verifies_with_the_published_key_and_fails_on_one_changed_byte(client, archive):
    sums, signature = download(client, "SHA256SUMS"), download(client, "SHA256SUMS.sig")
    key = published_key(client)
    assert signing.verifies(sums, signature, key)
    for position in (0, len(sums) // 2, len(sums) - 2):
        changed = bytearray(sums)
        changed[position] ^= 0x01
        assert not signing.verifies(bytes(changed), signature, key)
    changed_signature = bytearray(signature)
    changed_signature[10] ^= 0x01
    assert not signing.verifies(sums, bytes(changed_signature), key)


@pytest.mark.skipif(not (shutil.which("openssl") and shutil.which("sha256sum")), reason="needs openssl, sha256sum")
def test_the_commands_on_the_page_verify_the_files_and_catch_a_changed_byte(client, archive, tmp_path):
    for name in exports.SERVED:
        (tmp_path / name).write_bytes(download(client, name))
    (tmp_path / "memorial-open-data.pem").write_text(published_key(client))
    page = BeautifulSoup(client.get("/en/open-data/").content, "html.parser")
    commands = next(block for block in page.select("pre code") if "openssl" in block.get_text()).get_text()
    for command in commands.splitlines():
        done = subprocess.run(command.split(), cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    data = bytearray((tmp_path / "victims.csv").read_bytes())
    data[-3] ^= 0x01
    (tmp_path / "victims.csv").write_bytes(bytes(data))
    checked = subprocess.run(commands.splitlines()[0].split(), cwd=tmp_path, capture_output=True, check=False)
    assert checked.returncode != 0
    sums = bytearray((tmp_path / "SHA256SUMS").read_bytes())
    sums[5] = ord("0") if sums[5] != ord("0") else ord("1")
    (tmp_path / "SHA256SUMS").write_bytes(bytes(sums))
    verified = subprocess.run(commands.splitlines()[1].split(), cwd=tmp_path, capture_output=True, check=False)
    assert verified.returncode != 0


def comparable(shown):
    """A public representation without its public id (an import assigns new ones)."""
    return (
        shown.name_ar,
        shown.name_latin,
        shown.name_shown_in_full,
        shown.sex,
        shown.age,
        shown.place.pk if shown.place else None,
        shown.date,
        shown.date_precision,
        shown.attack.pk if shown.attack else None,
        shown.biography_ar,
        shown.biography_en,
    )


def test_full_name_records_round_trip_through_an_import_into_an_empty_archive(client, archive, tmp_path):
    for victim in (archive["named"], archive["month"]):
        # The round trip is of the published text: a formula's apostrophe is the CSV's, not the record's.
        Victim.objects.filter(pk=victim.pk).update(biography_en=f"Remembered {victim.pk}", biography_ar="ذكرى")
    victims_published([archive["named"], archive["month"]])
    full = [archive["named"].public_id, archive["month"].public_id]
    before = {
        public_id: comparable(public_victim(victims_to_represent().get(public_id=public_id))) for public_id in full
    }
    rows = [row for row in csv_rows(download(client, "victims.csv")) if row["external_id"] in full]
    exported = tmp_path / "victims.csv"
    with open(exported, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=VICTIM_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)

    Victim.objects.all().delete()
    result = import_victims(exported)
    assert (result.created, result.invalid, result.errors) == (2, 0, [])
    after = {
        victim.external_id: comparable(public_victim(victim))
        for victim in victims_to_represent().filter(external_source=SOURCE)
    }
    assert after == before
    again = {row["external_id"]: row for row in csv_rows(download(client, "victims.csv"))}
    renamed = {victim.public_id: victim.external_id for victim in Victim.objects.filter(external_source=SOURCE)}
    assert {renamed[key]: {**row, "external_id": ""} for key, row in again.items()} == {
        row["external_id"]: {**row, "external_id": ""} for row in rows
    }


def test_a_tightened_or_withdrawn_record_leaves_the_next_download(client, archive, admin_user):
    moderator = admin_user
    assert b"Salma Khaled al-Hassan" in download(client, "victims.json")
    first_build = exports.current_build().path
    change_policy(victim=archive["named"], proposed={"name_policy": "withheld"}, reason="Family asked", user=moderator)
    data = download(client, "victims.json")
    assert b"Salma" not in data and "سلمى".encode() not in data
    assert exports.current_build().path != first_build
    assert not first_build.exists()
    withdraw_victim(victim=archive["month"], reason="Family withdrew", user=moderator)
    ids = {row["external_id"] for row in csv_rows(download(client, "victims.csv"))}
    assert archive["month"].public_id not in ids


def test_files_are_built_once_and_reused_until_something_public_changes(client, archive):
    download(client, "victims.csv")
    build = exports.current_build().path
    download(client, "attacks.csv")
    download(client, "SHA256SUMS")
    assert exports.current_build().path == build
    archive["attack"].places.first().save()
    download(client, "attacks.csv")
    assert exports.current_build().path != build


def test_while_a_worker_rebuilds_stale_files_are_not_served(client, archive, settings):
    download(client, "victims.csv")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    exports.mark_changed()
    response = client.get("/en/open-data/victims.csv")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert b"Salma" not in response.content


def test_the_command_builds_the_files(archive):
    out = io.StringIO()
    call_command("build_exports", stdout=out)
    assert "Built 3 victims and 1 attacks" in out.getvalue()
    assert exports.fresh_build() is not None
