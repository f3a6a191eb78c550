from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "memorial.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from memorial.opendata import signal_handlers  # noqa: F401
