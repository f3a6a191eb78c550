from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemembranceConfig(AppConfig):
    name = "memorial.remembrance"
    label = "remembrance"
    verbose_name = _("Remembrance")

    def ready(self):
        # Connects the purges of what shows remembrance pages to Wagtail's publish signals.
        from memorial.remembrance import signal_handlers  # noqa: F401
