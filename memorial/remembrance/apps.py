from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemembranceConfig(AppConfig):
    name = "memorial.remembrance"
    label = "remembrance"
    verbose_name = _("Remembrance")

    def ready(self):
        from memorial.remembrance import checks  # noqa: F401
