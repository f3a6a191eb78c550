"""The admin import: upload, the dry run's report by line, confirmation, the task, its progress and result.
The rules are the command line's (tests/opendata/test_import_victims.py); these tests go through the admin,
as a moderator does. Every name is synthetic."""

import csv
import html
import io
import json
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.users.models import UserProfile

import pytest
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult
from PIL import Image

from memorial.archive.models import Victim
from memorial.opendata import forms, tasks
from memorial.opendata.models import ImportJob
from tests.admin_support import login_with_second_factor, make_user
from tests.opendata.test_import_victims import attack, places, row  # noqa: F401 (fixtures)

# Every test has the places and the attack the sample rows name.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("attack")]


@pytest.fixture
def queue(settings):
    """Tasks wait in a queue the test runs by hand (`Task.call`, as a worker would); the dummy backend keeps
    what was enqueued. Elsewhere the test settings' immediate backend runs them at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    task_backends["default"].clear()


INDEX = "opendata_import:index"


def page_text(response):
    """The page as its reader sees the text: entities (quotes, ampersands) unescaped."""
    return html.unescape(response.content.decode())


def csv_bytes(rows, *, encoding="utf-8"):
    columns = list(dict.fromkeys(column for values in rows for column in values))
    text = io.StringIO()
    writer = csv.DictWriter(text, columns, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def importer_client(django_user_model, client, language="en", name="nadia"):
    user = make_user(django_user_model, name, "import_victims")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return login_with_second_factor(client, user)


@pytest.fixture
def importer(django_user_model, client, media):
    return importer_client(django_user_model, client)


def upload(client, content, *, name="victims.csv", photos=None, follow=True, **fields):
    data = {"file": SimpleUploadedFile(name, content), "encoding": "utf-8", **fields}
    if photos is not None:
        data["photos"] = SimpleUploadedFile("photos.zip", photos)
    return client.post(reverse(INDEX), data, follow=follow)


def confirm(client, job):
    return client.post(reverse("opendata_import:confirm", args=[job.pk]), follow=True)


def jpeg_bytes(colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def stored_uploads(media):
    folder = media / "private" / "imports"
    return sorted(path.name for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def test_upload_shows_the_dry_run_by_line_then_confirming_imports(importer, media):
    content = csv_bytes([row(1), row(2, date_of_death="2017-02-30"), row(3), row(4, sex="x")])
    response = upload(importer, content, skip_invalid="on")
    job = ImportJob.objects.get()
    text = page_text(response)
    assert job.status == ImportJob.Status.CHECKED
    assert "line 3: date_of_death '2017-02-30' is not a date written YYYY-MM-DD, YYYY-MM or YYYY" in text
    assert "line 5: unknown sex 'x'" in text
    assert "Dry run: what the import would do" in text
    assert "Confirm the import" in text
    assert (job.created, job.invalid) == (2, 2)
    assert not Victim.objects.exists()
    # The file waits, in private storage under a random name, for the confirmation.
    assert stored_uploads(media) and "victims" not in " ".join(stored_uploads(media))

    response = confirm(importer, job)
    job.refresh_from_db()
    text = page_text(response)
    assert job.status == ImportJob.Status.DONE
    assert job.written
    assert Victim.objects.filter(external_source="partner").count() == 2
    assert "Result" in text and "Confirm the import" not in text
    assert "line 3:" in text
    # The uploaded file is gone once the import has ended.
    assert stored_uploads(media) == []
    assert not job.file


def test_bad_rows_without_skipping_offer_no_import_and_delete_the_file(importer, media):
    response = upload(importer, csv_bytes([row(1), row(2, age="200")]))
    job = ImportJob.objects.get()
    text = page_text(response)
    assert "line 3: age '200' is not a whole number from 0 to 120" in text
    assert "Confirm the import" not in text
    assert "Correct the rows below" in text
    assert stored_uploads(media) == []
    assert not confirm(importer, job).redirect_chain[-1][0].endswith("/confirm/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    assert not Victim.objects.exists()


def refused(response):
    """Wagtail's answer to a PermissionDenied in the admin: back to the dashboard, with a message."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_the_import_needs_the_permission(django_user_model, client, media):
    other = login_with_second_factor(client, make_user(django_user_model, "omar", "change_victim"))
    assert refused(other.get(reverse(INDEX)))
    assert refused(upload(other, csv_bytes([row(1)]), follow=False))
    job = ImportJob.objects.create(language="en", name="x.csv", file_format="csv", encoding="utf-8")
    for name in ("job", "report"):
        assert refused(other.get(reverse(f"opendata_import:{name}", args=[job.pk])))
    for name in ("confirm", "cancel"):
        assert refused(other.post(reverse(f"opendata_import:{name}", args=[job.pk])))
    assert reverse(INDEX) not in other.get(reverse("wagtailadmin_home")).content.decode()
    assert not ImportJob.objects.exclude(pk=job.pk).exists()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKING


def test_the_menu_offers_the_import_to_those_who_may(importer):
    assert reverse(INDEX) in importer.get(reverse("wagtailadmin_home")).content.decode()


def test_a_byte_order_mark_is_read_past(importer):
    upload(importer, b"\xef\xbb\xbf" + csv_bytes([row(1)]))
    job = ImportJob.objects.get()
    assert (job.status, job.created, job.errors) == (ImportJob.Status.CHECKED, 1, [])


def test_windows_arabic_needs_its_encoding_and_then_imports(importer):
    content = csv_bytes([row(1, town="إبلين")], encoding="cp1256")
    text = page_text(upload(importer, content))
    assert "cannot be read as utf-8-sig (line 2)" in text
    upload(importer, content, encoding="cp1256")
    job = ImportJob.objects.order_by("pk").last()
    assert (job.status, job.created) == (ImportJob.Status.CHECKED, 1)
    confirm(importer, job)
    assert Victim.objects.select_related("identity").get().identity.given_name_ar == "سلمى"


def test_formula_cells_are_kept_as_text_or_refused_by_the_columns_rules(importer):
    formula = '=HYPERLINK("http://example.invalid","x")'
    upload(importer, csv_bytes([row(1, biography_en=formula), row(2, age="=1+1"), row(3, sex="@sum")]))
    job = ImportJob.objects.get()
    assert "line 3: age '=1+1' is not a whole number from 0 to 120" in job.errors
    assert any(error.startswith("line 4: unknown sex '@sum'") for error in job.errors)
    upload(importer, csv_bytes([row(1, biography_en=formula)]))
    confirm(importer, ImportJob.objects.order_by("pk").last())
    # Stored as the text it is; exports neutralise it (P7), nothing here evaluates it.
    assert Victim.objects.get().biography_en == formula


def test_impossible_dates_are_reported_by_line(importer):
    upload(importer, csv_bytes([row(1, date_of_death="2017-13-01"), row(2, date_of_death="1999-02-29")]))
    assert ImportJob.objects.get().errors == [
        "line 2: date_of_death '2017-13-01' is not a date written YYYY-MM-DD, YYYY-MM or YYYY",
        "line 3: date_of_death '1999-02-29' is not a date written YYYY-MM-DD, YYYY-MM or YYYY",
    ]


def test_duplicate_external_ids_name_the_first_line(importer):
    upload(importer, csv_bytes([row(1), row(2), row(1, external_id=" P-1 ")]))
    assert ImportJob.objects.get().errors == [
        "line 4: source 'partner' with external_id 'p-1' already appears on line 2"
    ]


def test_an_over_size_file_is_refused_before_it_is_stored(importer, monkeypatch, media):
    monkeypatch.setattr(forms, "MAX_FILE_BYTES", 1024 * 1024)
    content = csv_bytes([row(1)]) + b"x" * (1024 * 1024)
    text = page_text(upload(importer, content))
    assert "The file is larger than 1 MB" in text
    assert not ImportJob.objects.exists()
    assert stored_uploads(media) == []


def test_only_csv_and_json_files_are_taken(importer):
    assert "Upload a .csv or a .json file." in page_text(upload(importer, b"x", name="victims.xlsx"))
    assert not ImportJob.objects.exists()


def test_json_items_are_reported_by_item(importer):
    content = json.dumps([row(1), {**row(2), "age": "abc"}]).encode()
    upload(importer, content, name="victims.json")
    assert ImportJob.objects.get().errors == ["item 2: age 'abc' is not a whole number from 0 to 120"]


def test_messages_speak_the_uploaders_language(django_user_model, client, media):
    arabic = importer_client(django_user_model, client, language="ar", name="huda")
    text = page_text(upload(arabic, csv_bytes([row(1), row(2, age="200")])))
    assert "السطر 3" in text
    assert ImportJob.objects.get().errors[0].startswith("السطر 3")


def enqueued():
    """(task name, its arguments) of the import tasks the dummy backend was given (Wagtail queues its own)."""
    return [
        (result.task.name, result.args)
        for result in task_backends["default"].results
        if result.task.module_path.startswith("memorial.opendata.")
    ]


# Committed rows: on PostgreSQL the progress is written from a connection of its own, which sees only those.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_file_is_checked_and_imported_by_the_task_with_its_progress(importer, queue, monkeypatch):
    monkeypatch.setattr(tasks, "INLINE_CHECK_BYTES", 0)
    upload(importer, csv_bytes([row(number) for number in range(1, 2501)]))
    job = ImportJob.objects.get()
    assert enqueued() == [("check_import", [job.pk])]
    assert job.status == ImportJob.Status.CHECKING

    # Waiting for the worker: the page reloads itself and shows where the work is.
    text = importer.get(reverse("opendata_import:job", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in text
    assert 'id="import-progress"' in text and "Waiting for the worker" in text

    tasks.check_import.call(job.pk)
    job.refresh_from_db()
    # A dry run goes through both passes too: it counts what each row would do.
    assert (job.status, job.phase, job.done, job.total, job.created) == (
        ImportJob.Status.CHECKED,
        "write",
        2500,
        2500,
        2500,
    )
    confirm(importer, job)
    assert enqueued()[-1] == ("run_import", [job.pk])
    tasks.run_import.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportJob.Status.DONE, 2500)
    assert job.phase in {"write", "publish"}
    assert Victim.objects.filter(live=True).count() == 2500
    text = importer.get(reverse("opendata_import:job", args=[job.pk])).content.decode()
    assert "http-equiv" not in text and 'id="import-counts"' in text


def test_a_running_import_shows_rows_processed_of_total(importer):
    job = ImportJob.objects.create(
        language="en",
        name="victims.csv",
        file_format="csv",
        encoding="utf-8",
        status=ImportJob.Status.IMPORTING,
        phase=ImportJob.Phase.WRITE,
        done=40_000,
        total=100_000,
    )
    response = importer.get(reverse("opendata_import:job", args=[job.pk]))
    text = response.content.decode()
    assert 'max="100000" value="40000">40%</progress>' in text
    assert "40000 of 100000 rows (40%)" in text
    assert "Writing records" in text
    assert '<meta http-equiv="refresh" content="2">' in text


def test_a_confirmation_sent_twice_imports_once(importer, queue):
    upload(importer, csv_bytes([row(1)]))
    job = ImportJob.objects.get()
    confirm(importer, job)
    response = confirm(importer, job)
    assert enqueued() == [("run_import", [job.pk])]
    assert "cannot be imported (any more)" in page_text(response)


def test_cancelling_deletes_the_file(importer, media):
    upload(importer, csv_bytes([row(1)]))
    job = ImportJob.objects.get()
    importer.post(reverse("opendata_import:cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert stored_uploads(media) == []
    assert not Victim.objects.exists()


def test_the_report_downloads_every_problem(importer):
    upload(importer, csv_bytes([row(1, age="x"), row(2, age="y")]))
    job = ImportJob.objects.get()
    response = importer.get(reverse("opendata_import:report", args=[job.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "line 2: age 'x' is not a whole number from 0 to 120",
        "line 3: age 'y' is not a whole number from 0 to 120",
    ]


def test_photos_from_the_zip_go_through_the_intake(importer, media):
    photo = jpeg_bytes()
    photos = zip_bytes({"photos/one.jpg": photo, "notes.txt": b"not a photo"})
    content = csv_bytes([row(1, photo_file="photos/one.jpg", photo_policy="show")])
    upload(importer, content, photos=photos)
    job = ImportJob.objects.get()
    assert (job.status, job.errors) == (ImportJob.Status.CHECKED, [])
    confirm(importer, job)
    victim = Victim.objects.select_related("photo").get()
    assert victim.photo is not None
    assert victim.photo.title == "Untitled photo"
    assert len(victim.photo.intake_sha256) == 64
    with victim.photo.open_file() as stored:
        assert stored.read() != photo  # rebuilt from its pixels, never stored as sent
    assert stored_uploads(media) == []
    # A re-import keeps the photo it has: no second image.
    upload(importer, content, photos=photos)
    confirm(importer, ImportJob.objects.order_by("pk").last())
    assert get_image_model().objects.count() == 1


@pytest.mark.parametrize(
    ("photo_file", "problem"),
    [
        ("../one.jpg", "the name must be a file inside the zip, without '..', a leading '/' or a backslash"),
        ("/etc/passwd", "the name must be a file inside the zip, without '..', a leading '/' or a backslash"),
        ("photos\\one.jpg", "the name must be a file inside the zip, without '..', a leading '/' or a backslash"),
        ("missing.jpg", "no file of that name is in the photos zip"),
        ("notes.txt", "This file is not a photo we can accept. Please send a JPEG, PNG, WebP or HEIC image."),
        ("bomb.jpg", "the file unpacks to far more than it takes in the zip; it is refused as a possible zip bomb"),
        ("huge.jpg", "The photo is larger than 15 MB. Please send a smaller copy."),
    ],
)
def test_hostile_photos_are_row_errors(importer, photo_file, problem):
    photos = zip_bytes(
        {
            "one.jpg": jpeg_bytes(),
            "notes.txt": b"not a photo",
            "bomb.jpg": b"\xff\xd8\xff" + bytes(5 * 1024 * 1024),
            "huge.jpg": b"\xff\xd8\xff" + bytes(16 * 1024 * 1024),
        }
    )
    upload(importer, csv_bytes([row(1), row(2, photo_file=photo_file)]), photos=photos)
    job = ImportJob.objects.get()
    assert job.errors == [f"line 3: photo_file: {problem}"]
    assert not get_image_model().objects.exists()


def test_a_photo_file_without_a_zip_is_a_row_error(importer):
    upload(importer, csv_bytes([row(1, photo_file="one.jpg")]))
    assert ImportJob.objects.get().errors == ["line 2: photo_file is given but no zip of photos came with the file"]


def test_a_photos_file_that_is_no_zip_stops_the_import(importer, media):
    text = page_text(upload(importer, csv_bytes([row(1, photo_file="one.jpg")]), photos=b"not a zip"))
    assert "The photos file is not a zip archive that can be read." in text
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED
    assert stored_uploads(media) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_queue_runs_the_import_in_the_worker(django_user_model, client, settings, media):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    importer = importer_client(django_user_model, client)
    upload(importer, csv_bytes([row(1), row(2)]), photos=zip_bytes({"unused.jpg": jpeg_bytes()}))
    job = ImportJob.objects.get()
    # Enqueued, not run: the request has ended and the job waits for the worker.
    assert job.status == ImportJob.Status.CHECKING
    assert DBTaskResult.objects.get().status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    job.refresh_from_db()
    assert (job.status, job.created, job.done, job.total) == (ImportJob.Status.CHECKED, 2, 2, 2)

    confirm(importer, job)
    assert ImportJob.objects.get().status == ImportJob.Status.IMPORTING
    assert not Victim.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    job.refresh_from_db()
    assert (job.status, job.created, job.written) == (ImportJob.Status.DONE, 2, True)
    assert Victim.objects.filter(live=True).count() == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert stored_uploads(media) == []
