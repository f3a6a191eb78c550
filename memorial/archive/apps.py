from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "memorial.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from memorial.archive import display, signal_handlers  # noqa: F401
        from memorial.archive.models import Attack, Victim
        from memorial.archive.previews import register_public_page

        register_public_page(Victim, template="archive/victim_page.html", context=display.victim_preview_context)
        register_public_page(Attack, template="archive/attack_page.html", context=display.attack_preview_context)
