"""An import started from the admin: the uploaded files (kept in private storage until the job ends), how
far the background task has got, and what it found or did."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def imports_storage():
    return storages["imports"]


def upload_name(instance, filename):
    # A partner's file name can carry a person's name: the stored file has a random one.
    return f"{uuid.uuid4().hex}.upload"


class ImportJob(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        CHECKED = "checked", _("Checked")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Phase(models.TextChoices):
        WAITING = "", _("Waiting for the worker")
        CHECK = "check", _("Checking rows")
        WRITE = "write", _("Writing records")
        PUBLISH = "publish", _("Publishing")

    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The uploader's admin language: the task writes its messages in it.
    language = models.CharField(max_length=10)
    name = models.CharField(_("file"), max_length=255)
    file = models.FileField(storage=imports_storage, upload_to=upload_name, blank=True)
    photos = models.FileField(storage=imports_storage, upload_to=upload_name, blank=True)
    file_format = models.CharField(max_length=4)
    encoding = models.CharField(max_length=40)
    skip_invalid = models.BooleanField(default=False)
    draft = models.BooleanField(default=False)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    phase = models.CharField(max_length=10, choices=Phase.choices, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)

    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    kept_tighter = models.PositiveIntegerField(default=0)
    tightened = models.PositiveIntegerField(default=0)
    updated_published = models.PositiveIntegerField(default=0)
    written = models.BooleanField(default=False)
    # Problems by line or item, in `language`; they name no person (importing never echoes a name).
    errors = models.JSONField(default=list, blank=True)
    # A problem with the file as a whole, when no row could be checked.
    file_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("victims import")
        verbose_name_plural = _("victims imports")
        ordering = ["-created_at", "-pk"]
        permissions = [("import_victims", _("Can import victims from a partner's file"))]

    def __str__(self):
        return self.name

    @property
    def running(self):
        return self.status in {self.Status.CHECKING, self.Status.IMPORTING}

    @property
    def valid(self):
        return self.created + self.updated + self.unchanged

    @property
    def can_confirm(self):
        """A dry run that found rows to write, and no bad row unless bad rows are to be skipped."""
        return (
            self.status == self.Status.CHECKED
            and bool(self.file)
            and self.valid > 0
            and (self.invalid == 0 or self.skip_invalid)
        )

    @property
    def percent(self):
        if not self.total:
            return 0
        return min(100, 100 * self.done // self.total)
