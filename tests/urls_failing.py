"""The site's URLs plus a view that fails, to exercise the 500 handler."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from memorial.urls import handler404, handler500
from memorial.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [*i18n_patterns(path("fail/", fail)), *site_urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
