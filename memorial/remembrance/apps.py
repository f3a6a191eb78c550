from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemembranceConfig(AppConfig):
    name = "memorial.remembrance"
    label = "remembrance"
    verbose_name = _("Remembrance")

    def ready(self):
        # The share cards' start-up check, and the purges of what shows remembrance pages on Wagtail's signals.
        from memorial.remembrance import checks, signal_handlers  # noqa: F401
