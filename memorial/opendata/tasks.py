"""Admin imports as background tasks (Django's tasks API through django-tasks): the dry run of a large file
and every import run in the worker, through `importing.import_victims`, the same code as
`manage.py import_victims`. The task writes its progress and its result into the job; the uploaded files
are deleted as soon as nothing more can be done with them.

Logs name a job by its number and an error by its type only: a file's rows, names and messages stay in the
job record, which only those who may import see.
"""

import logging
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.db import connection, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from django_tasks import task

from memorial.opendata.importing import STOPPED_BY, import_victims
from memorial.opendata.models import ImportJob

logger = logging.getLogger(__name__)

# A dry run of a file this small answers within the request; anything larger goes to the worker.
INLINE_CHECK_BYTES = 512 * 1024
# How often, at most, the job's progress is written while rows go by.
PROGRESS_INTERVAL = 0.5
# A checked file nobody confirms is deleted after this long.
UNCONFIRMED_LIFETIME = timedelta(hours=24)


def start(*, user, language, name, upload, file_format, encoding, photos=None, skip_invalid=False, draft=False):
    """A new job for an uploaded file (and zip of photos), stored privately, its dry run started."""
    discard_unconfirmed()
    job = ImportJob(
        created_by=user,
        language=language,
        name=name,
        file_format=file_format,
        encoding=encoding,
        skip_invalid=skip_invalid,
        draft=draft,
    )
    job.file.save("upload", upload, save=False)
    if photos is not None:
        job.photos.save("upload", photos, save=False)
    job.save()
    if upload.size <= INLINE_CHECK_BYTES and photos is None:
        run_job(job.pk, dry_run=True)
    else:
        check_import.enqueue(job.pk)
    return job


def confirm(job):
    """Queue the import of a checked file; False when it cannot be (already confirmed, or not importable)."""
    if not job.can_confirm:
        return False
    # Only one of two confirmations sent at once (a double click) starts the import.
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.IMPORTING, phase=ImportJob.Phase.WAITING, done=0, total=None
    )
    if claimed:
        run_import.enqueue(job.pk)
    return bool(claimed)


def cancel(job):
    """Drop a checked file without importing it."""
    if job.status != ImportJob.Status.CHECKED:
        return False
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CANCELLED, finished_at=timezone.now())
    delete_files(job)
    return True


def discard_unconfirmed():
    """Delete the files of dry runs left unconfirmed for too long."""
    cutoff = timezone.now() - UNCONFIRMED_LIFETIME
    for job in ImportJob.objects.filter(status=ImportJob.Status.CHECKED, created_at__lt=cutoff):
        cancel(job)


def delete_files(job):
    for stored in (job.file, job.photos):
        if stored:
            stored.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(file="", photos="")


@task()
def check_import(job_id):
    run_job(job_id, dry_run=True)


@task()
def run_import(job_id):
    run_job(job_id, dry_run=False)


class Progress:
    """`progress(phase, done, total)` for import_victims: written into the job, at most twice a second.

    The rows are written inside one transaction; progress written on the same connection would show only
    once it commits, so it goes through a connection of its own (a short-lived thread's). SQLite lets no
    second connection write while that transaction holds its lock: there the write phase's progress is
    written on the import's own connection and shows once the import commits.
    """

    def __init__(self, job_id):
        self.job_id = job_id
        self.last = 0.0

    def __call__(self, phase, done, total):
        now = time.monotonic()
        if done != total and now - self.last < PROGRESS_INTERVAL:
            return
        self.last = now
        values = {"phase": phase, "done": done, "total": total}
        # Rows are checked outside the import's transaction, written and published inside it.
        if phase == ImportJob.Phase.CHECK or connection.vendor == "sqlite":
            ImportJob.objects.filter(pk=self.job_id).update(**values)
        else:
            writer = threading.Thread(target=self._write_elsewhere, args=(values,))
            writer.start()
            writer.join()

    def _write_elsewhere(self, values):
        try:
            ImportJob.objects.filter(pk=self.job_id).update(**values)
        finally:
            connections.close_all()


@contextmanager
def local_copies(job):
    """The job's files as local paths (storage may be remote), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="memorial-import-"))
    try:
        paths = []
        for stored, name in ((job.file, "file"), (job.photos, "photos.zip")):
            if not stored:
                paths.append(None)
                continue
            path = folder / name
            with stored.open("rb") as source, open(path, "wb") as target:
                shutil.copyfileobj(source, target)
            paths.append(path)
        yield paths
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_job(job_id, *, dry_run):
    """The dry run or the import of one job, its outcome written into the job in the uploader's language."""
    job = ImportJob.objects.get(pk=job_id)
    expected = ImportJob.Status.CHECKING if dry_run else ImportJob.Status.IMPORTING
    if job.status != expected or not job.file:
        return
    with translation.override(job.language):
        try:
            with local_copies(job) as (path, photos):
                result = import_victims(
                    path,
                    file_format=job.file_format,
                    encoding=job.encoding,
                    dry_run=dry_run,
                    draft=job.draft,
                    skip_invalid=job.skip_invalid,
                    photos=photos,
                    name=job.name,
                    progress=Progress(job.pk),
                )
        except STOPPED_BY as error:
            finish(job, status=ImportJob.Status.FAILED, file_error=str(error))
            return
        except Exception as error:  # noqa: BLE001 - the job must end, and its error may quote a row
            logger.error("Import job %s failed: %s", job.pk, type(error).__name__)
            finish(
                job,
                status=ImportJob.Status.FAILED,
                file_error=_("The import failed unexpectedly; nothing was written."),
            )
            return
    finish(
        job,
        status=ImportJob.Status.CHECKED if dry_run else ImportJob.Status.DONE,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        invalid=result.invalid,
        kept_tighter=result.kept_tighter,
        tightened=result.tightened,
        updated_published=result.updated_published,
        written=result.written,
        errors=result.errors,
    )


def finish(job, *, status, **values):
    values = {"status": status, **values}
    if status != ImportJob.Status.CHECKED:
        values["finished_at"] = timezone.now()
    for name, value in values.items():
        setattr(job, name, value)
    # Only these: the progress columns were written meanwhile, not through this instance.
    job.save(update_fields=list(values))
    # Keep the files only for the import a person can still confirm.
    if not job.can_confirm:
        delete_files(job)
