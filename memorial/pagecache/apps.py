from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "memorial.pagecache"
    label = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from memorial.pagecache import frontend, signal_handlers  # noqa: F401
