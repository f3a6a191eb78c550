from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "memorial.submissions"
    label = "submissions"
    verbose_name = _("Family submissions")

    def ready(self):
        from memorial.submissions import signal_handlers  # noqa: F401
