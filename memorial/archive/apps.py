from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "memorial.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from memorial.archive import signal_handlers  # noqa: F401
