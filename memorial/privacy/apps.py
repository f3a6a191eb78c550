from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "memorial.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from memorial.privacy import checks, sign_ins, signal_handlers  # noqa: F401
